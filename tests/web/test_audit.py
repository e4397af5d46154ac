"""The audit log: every view or export of child-level data is recorded (who, when, what, which children),
administrators read it, and nobody can change or remove an entry - not the model, not the queryset,
not raw SQL (database triggers)."""

from __future__ import annotations

import csv
import io
import logging

import pytest
from django.db import DatabaseError, connection, transaction

from lineofsight.web.audit.models import AuditEntry, AuditLogImmutableError

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_viewing_the_children_behind_a_figure_is_recorded_with_their_ids(client_for, users, snap, manager_team,
                                                                       team_measure):
    from lineofsight.web.dashboard import selectors

    url = f"/measures/{team_measure}/children/?month={snap.as_at}&dimension=team&key={manager_team}"
    response = client_for("manager").get(url)
    assert response.status_code == 200
    expected = {r["person_id"] for r in selectors.children(snap, team_measure, snap.as_at, f"team={manager_team}")}
    assert expected
    entry = AuditEntry.objects.get()
    assert entry.username == "manager" and entry.user_id == users["manager"].pk
    assert entry.action == AuditEntry.VIEW and team_measure in entry.what
    assert entry.roles == "Team manager" and entry.snapshot_id == snap.id
    assert set(entry.child_ids) == expected and entry.child_count == len(expected)
    assert entry.parameters == {"measure": team_measure, "period_end": snap.as_at.isoformat(),
                                "dimension": "team", "key": manager_team, "which": "all"}
    assert entry.path == url


def test_every_child_level_export_is_recorded_with_every_child_it_holds(client_for, snap, manager_team):
    leader = client_for("leader")
    exports = [
        "/measures/unallocated/children.csv",
        f"/team/exceptions.csv?team={manager_team}",
        f"/quality/rules/{_a_rule(snap)}/records.csv",
    ]
    for url in exports:
        rows = _csv(leader.get(url))
        entry = AuditEntry.objects.order_by("-id").first()
        assert entry.action == AuditEntry.EXPORT and entry.username == "leader", url
        assert set(entry.child_ids) == {r["person_id"] for r in rows if r["person_id"]}, url
    assert AuditEntry.objects.count() == len(exports)


def _a_rule(snap) -> str:
    from lineofsight.web.dashboard import selectors

    return next(r["rule_id"] for r in selectors.quality_by_rule(snap) if r["count"] > 0)


def test_team_view_and_record_lists_are_recorded_too(client_for, snap, manager_team):
    manager = client_for("manager")
    manager.get("/team/")
    manager.get(f"/quality/rules/{_a_rule(snap)}/records/?team={manager_team}")
    whats = list(AuditEntry.objects.order_by("id").values_list("what", flat=True))
    assert whats[0] == "Team view: exceptions for supervision" and whats[1].startswith("Records breaking")


def test_aggregate_pages_and_refused_requests_write_nothing(client_for, snap, other_team):
    client_for("leader").get("/")
    client_for("leader").get("/measures/cp_visit_10wd/")
    client_for("board").get("/measures/cp_visit_10wd/children/")  # refused: 403
    client_for("manager").get(f"/team/?team={other_team}")  # refused: another team
    assert AuditEntry.objects.count() == 0


def test_child_ids_go_to_the_audit_table_and_never_to_the_logs(client_for, snap, manager_team, team_measure, caplog):
    caplog.set_level(logging.DEBUG)
    client_for("manager").get(f"/measures/{team_measure}/children/?dimension=team&key={manager_team}")
    ids = AuditEntry.objects.get().child_ids
    assert ids
    assert not any(child in caplog.text for child in ids)


def test_only_administrators_read_the_log_and_it_shows_the_children(client_for, snap, manager_team, team_measure):
    client_for("manager").get(f"/measures/{team_measure}/children/?dimension=team&key={manager_team}")
    entry = AuditEntry.objects.get()
    page = client_for("administrator").get("/audit/").content.decode()
    assert "manager" in page and entry.child_ids[0] in page
    filtered = client_for("administrator").get(f"/audit/?child={entry.child_ids[0]}").content.decode()
    assert entry.what in filtered
    assert "No entries" in client_for("administrator").get("/audit/?child=nobody-has-this-id").content.decode()
    for role in ("leader", "manager", "board", "councillor"):
        assert client_for(role).get("/audit/").status_code == 403


def _entry() -> AuditEntry:
    return AuditEntry.objects.create(user_id=1, username="someone", action=AuditEntry.VIEW, what="a list",
                                     child_ids=["P1", "P2"], child_count=2)


def test_an_entry_cannot_be_changed_or_deleted_through_the_model():
    entry = _entry()
    entry.what = "something else"
    with pytest.raises(AuditLogImmutableError):
        entry.save()
    with pytest.raises(AuditLogImmutableError):
        entry.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(what="x")
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().what == "a list"


@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditentry SET what = 'x'",
    "DELETE FROM audit_auditentry",
])
def test_the_database_refuses_updates_and_deletes(sql):
    _entry()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)
    assert AuditEntry.objects.get().what == "a list"


def test_the_admin_site_does_not_offer_the_audit_log():
    from django.contrib import admin

    assert AuditEntry not in admin.site._registry


# Issue 13, finding 3: below the ORM, SQLite's REPLACE rewrote an entry (the DELETE trigger does not
# fire on REPLACE) and PostgreSQL's TRUNCATE emptied the table (row triggers do not see it).

def _replace_sql(entry: AuditEntry) -> str:
    columns = "id, at, user_id, username, roles, action, what, path, snapshot_id, parameters, child_count, child_ids"
    values = f"{entry.pk}, '2020-01-01 00:00:00', 1, 'someone', '', 'view', 'rewritten', '', '', '{{}}', 0, '[]'"
    if connection.vendor == "sqlite":
        return f"INSERT OR REPLACE INTO audit_auditentry ({columns}) VALUES ({values})"
    return (f"INSERT INTO audit_auditentry ({columns}) VALUES ({values}) "
            "ON CONFLICT (id) DO UPDATE SET what = EXCLUDED.what")


def test_the_database_refuses_replace_and_truncate():
    entry = _entry()
    statements = [_replace_sql(entry)]
    if connection.vendor == "sqlite":
        statements.append(f"REPLACE INTO audit_auditentry (id, at, username, action, what, path, snapshot_id, roles, "
                          f"parameters, child_count, child_ids) VALUES ({entry.pk}, '2020-01-01', 'x', 'view', "
                          "'rewritten', '', '', '', '{}', 0, '[]')")
    else:
        statements.append("TRUNCATE audit_auditentry")
    for sql in statements:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert AuditEntry.objects.get().what == "a list"


def test_each_entry_is_chained_to_the_one_before():
    from lineofsight.web.audit.chain import GENESIS
    from lineofsight.web.audit.selectors import verify_chain

    first, second = _entry(), _entry()
    assert first.prev_hash == GENESIS and second.prev_hash == first.entry_hash
    assert len(second.entry_hash) == 64 and second.entry_hash != first.entry_hash
    assert verify_chain() == (2, None)


def _cli(*args: str):
    from typer.testing import CliRunner

    from lineofsight.cli.main import app

    return CliRunner().invoke(app, list(args))


def _tamper(sql: str) -> None:
    """What someone with the database file (SQLite) or the table's owner (PostgreSQL) could do."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER audit_auditentry_no_update")
            cur.execute(sql)
        else:
            cur.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
            cur.execute(sql)
            cur.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def test_audit_verify_finds_an_entry_changed_below_every_trigger():
    entries = [_entry() for _ in range(3)]
    ok = _cli("audit", "verify")
    assert ok.exit_code == 0 and "intact: 3 entries" in ok.output
    _tamper(f"UPDATE audit_auditentry SET child_ids = '[\"P1\"]' WHERE id = {entries[1].pk}")
    broken = _cli("audit", "verify")
    assert broken.exit_code == 1
    assert f"entry {entries[1].pk} was changed" in broken.output and "1 entries before it" in broken.output
