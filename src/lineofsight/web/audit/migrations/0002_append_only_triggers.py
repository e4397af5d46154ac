"""Database guard for the audit log: UPDATE and DELETE on audit_auditentry are refused by triggers.

The model already refuses changes; the triggers also stop anyone with a database shell or a bug
in another code path. SQLite and PostgreSQL are the two databases the app supports.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_auditentry_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse()""",
]
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_auditentry_no_update", "DROP TRIGGER IF EXISTS audit_auditentry_no_delete"],
    "postgresql": ["DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry",
                   "DROP FUNCTION IF EXISTS audit_auditentry_refuse()"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}), _run(DROP)),
    ]
