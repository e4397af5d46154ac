"""Create the role groups so a fresh installation has them before anyone logs in."""

from django.db import migrations

# Frozen copy of lineofsight.web.policy.Role at the time of this migration.
ROLES = [
    "Analyst/administrator",
    "Senior leader",
    "Team manager",
    "Improvement board member",
    "Scrutiny member",
    "Plan editor",
]


def create_groups(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in ROLES:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
