"""Start Django outside a web server (the CLI), on the app database in LINEOFSIGHT_HOME, migrated.

The CLI's commands call `setup()` first; it is safe to call more than once.
"""

from __future__ import annotations

import os

SETTINGS = "lineofsight.web.settings"


def setup(migrate: bool = True) -> None:
    """django.setup() with our settings, then apply any migrations not yet applied (quietly)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    if migrate and pending_migrations():
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
