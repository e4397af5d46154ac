"""Derived tables: built once per snapshot at load, and made on first use for snapshots from before them."""

from __future__ import annotations

import datetime as dt

import duckdb

from helpers.ssd_folder import write_ssd_folder
from lineofsight.ingest import load_folder
from lineofsight.measures import selectors
from lineofsight.schema import create_all_sql
from lineofsight.warehouse.derived import DERIVED, create_derived, ensure
from lineofsight.warehouse.snapshots import open_snapshot, snapshot_path

D = dt.date.fromisoformat


def _allocate(con, person, worker, team, start, end=None, role="SW"):
    con.execute("INSERT INTO ssd_involvements (invo_involvements_id, invo_person_id, invo_professional_id, "
                "invo_professional_team, invo_professional_role_id, invo_involvement_start_date, "
                "invo_involvement_end_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [f"I-{person}-{worker}-{start}", person, worker, team, role, start, end])


def test_allocation_spells_hold_the_latest_started_allocation_running_each_day():
    con = duckdb.connect()
    con.execute(create_all_sql())
    _allocate(con, "P1", "W1", "T1", "2024-01-01", "2024-06-30")
    _allocate(con, "P1", "W2", None, "2024-03-01", "2024-03-31")  # overlaps: W2 holds March, T1 stays the team
    _allocate(con, "P1", "W3", "T3", "2024-09-01")  # after a gap, open
    _allocate(con, "P1", "W4", "T4", "2024-02-01", role="IRO")  # not a social worker: ignored
    _allocate(con, "P2", "W5", "T5", "2024-05-01", "2024-04-01")  # ends before it starts: never runs
    create_derived(con)
    spells = con.execute("SELECT person_id, spell_start, spell_end, team, worker FROM derived_allocation_spells "
                         "ORDER BY ALL").fetchall()
    assert spells == [
        ("P1", D("2024-01-01"), D("2024-02-29"), "T1", "W1"),
        ("P1", D("2024-03-01"), D("2024-03-31"), "T1", "W2"),
        ("P1", D("2024-04-01"), D("2024-06-30"), "T1", "W1"),
        ("P1", D("2024-09-01"), D("9999-12-31"), "T3", "W3"),
    ]


def test_a_snapshot_without_derived_tables_gets_them_on_first_use(tmp_path):
    load_folder(write_ssd_folder(tmp_path / "in"))
    with selectors.SnapshotMeasures() as sm:
        _, end = sm.history()
        fresh = sm.measure_window(selectors.window_start(end), end, by="team")
        sid = sm.id
    with duckdb.connect(str(snapshot_path(sid))) as con:  # as a snapshot written before the derived tables
        for name in DERIVED:
            con.execute(f"DROP TABLE {name}")
    with selectors.SnapshotMeasures() as sm:
        assert sm.measure_window(selectors.window_start(end), end, by="team") == fresh
        kinds = dict(sm.con.execute("SELECT table_name, temporary FROM duckdb_tables()").fetchall())
        assert all(kinds[name] for name in DERIVED)  # temporary tables, built once for this connection
    with open_snapshot(sid) as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'derived_%'").fetchone()[0] == 0


def test_a_database_that_may_change_reads_the_derived_tables_as_views():
    con = duckdb.connect()
    con.execute(create_all_sql())
    ensure(con)
    assert con.execute("SELECT count(*) FROM derived_cp_plans").fetchone()[0] == 0
    con.execute("INSERT INTO ssd_cp_plans (cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date) "
                "VALUES ('CP1', 'P1', DATE '2024-01-01')")
    assert con.execute("SELECT count(*) FROM derived_cp_plans").fetchone()[0] == 1


def test_open_spells_hold_the_latest_started_record_open_each_day():
    con = duckdb.connect()
    con.execute(create_all_sql())
    for rid, person, start, end, team in (
        ("R1", "P1", "2024-01-01", "2024-06-30", "T1"),  # closed on 30 June: not open that day
        ("R2", "P1", "2024-03-01", None, None),  # referred later: holds from March, with no team of its own
        ("R3", "P2", "2024-05-01", "2024-05-01", "T3"),  # closed the day it opened: never open
    ):
        con.execute("INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, "
                    "cine_close_date, cine_referral_team) VALUES (?, ?, ?, ?, ?)", [rid, person, start, end, team])
    create_derived(con)
    spells = con.execute("SELECT person_id, spell_start, spell_end, episode_id, start_date, team "
                         "FROM derived_cin_open_spells ORDER BY ALL").fetchall()
    assert spells == [
        ("P1", D("2024-01-01"), D("2024-02-29"), "R1", D("2024-01-01"), "T1"),
        ("P1", D("2024-03-01"), D("2024-06-29"), "R2", D("2024-03-01"), None),
        ("P1", D("2024-06-30"), D("9999-12-31"), "R2", D("2024-03-01"), None),
    ]
