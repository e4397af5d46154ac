"""The audit log's hash chain and the last ways round its triggers (issue 13, finding 3).

- Each entry stores the previous entry's hash and its own (chain.py); entries written before this
  migration are chained here, in id order, so `lineofsight audit verify` covers the whole log.
- SQLite: `INSERT OR REPLACE` / `REPLACE INTO` with an existing id deletes and re-inserts the row
  without firing the DELETE trigger, so a BEFORE INSERT trigger refuses an insert whose id exists.
- PostgreSQL: row triggers never see TRUNCATE, so a statement trigger refuses it. (A table owner
  can still disable triggers: run the app as a role that does not own the table, docs/deploying.md.)

The UPDATE triggers are dropped while the chain is filled in and put back straight after.
"""

from django.db import migrations, models

from lineofsight.web.audit import chain

REFUSE = "the audit log is append-only"
SQLITE_TRIGGERS = {
    "audit_auditentry_no_update": f"BEFORE UPDATE ON audit_auditentry BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END",
    "audit_auditentry_no_delete": f"BEFORE DELETE ON audit_auditentry BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END",
    "audit_auditentry_no_replace": (
        "BEFORE INSERT ON audit_auditentry WHEN EXISTS (SELECT 1 FROM audit_auditentry WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END"),
}
POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_auditentry_refuse() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{REFUSE}'; END $$ LANGUAGE plpgsql")
POSTGRES_TRIGGERS = {
    "audit_auditentry_append_only": "BEFORE UPDATE OR DELETE ON audit_auditentry FOR EACH ROW",
    "audit_auditentry_no_truncate": "BEFORE TRUNCATE ON audit_auditentry FOR EACH STATEMENT",
}


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif vendor == "postgresql":
        for name in POSTGRES_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON audit_auditentry")


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    drop_triggers(apps, schema_editor)
    if vendor == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {body}")
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for name, when in POSTGRES_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION audit_auditentry_refuse()")


def create_old_triggers(apps, schema_editor):
    """Reverse: the triggers of 0002 only."""
    create_triggers(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditentry_no_replace")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry")


def chain_existing(apps, schema_editor):
    entry_model = apps.get_model("audit", "AuditEntry")
    prev = chain.GENESIS
    for entry in entry_model.objects.order_by("id").iterator():
        own = chain.entry_hash({name: getattr(entry, name) for name in chain.FIELDS}, prev)
        entry_model.objects.filter(pk=entry.pk).update(prev_hash=prev, entry_hash=own)
        prev = own


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_alter_auditentry_action"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_old_triggers),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
