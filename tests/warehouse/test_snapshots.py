"""Snapshots: kept, listed, switched atomically, and never lost to a failed or killed load."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from helpers.ssd_folder import DEFAULT_AUTHORITY, valid_rows, write_ssd_folder
from lineofsight.cli.main import app
from lineofsight.ingest import load_folder
from lineofsight.ingest import loader as loader_module
from lineofsight.schema.tables import TABLES
from lineofsight.warehouse import selectors
from lineofsight.warehouse.snapshots import (
    ID_PATTERN,
    SnapshotError,
    current_id,
    list_snapshots,
    open_snapshot,
    snapshot_authority,
    snapshot_meta,
    snapshots_dir,
)
from lineofsight.warehouse.writer import PAUSE_ENV, PAUSE_MARKER, LoadInProgress

runner = CliRunner()


def test_nothing_loaded_yet():
    assert current_id() is None
    assert list_snapshots() == []
    assert selectors.current_snapshot_summary() is None
    with pytest.raises(SnapshotError, match="lineofsight load"):
        open_snapshot()
    result = runner.invoke(app, ["snapshots"])
    assert result.exit_code == 0
    assert "No snapshots yet" in result.output


def test_second_load_keeps_the_first_and_becomes_current(tmp_path):
    first = load_folder(write_ssd_folder(tmp_path / "one")).snapshot_id
    rows = valid_rows()
    rows["ssd_department"].append({"dept_team_id": "T2", "dept_team_name": "Court team"})
    second = load_folder(write_ssd_folder(tmp_path / "two", rows)).snapshot_id
    assert first and second and first != second
    assert ID_PATTERN.match(first) and ID_PATTERN.match(second)
    assert current_id() == second
    listed = list_snapshots()
    assert [s.id for s in listed] == sorted([first, second])
    assert [s.current for s in listed if s.id == first] == [False]
    assert {s.id: s.rows["ssd_department"] for s in listed} == {first: 1, second: 2}
    with open_snapshot(first) as con:
        assert con.execute("SELECT count(*) FROM ssd_department").fetchone()[0] == 1

    out = json.loads(runner.invoke(app, ["snapshots", "--format", "json"]).output)
    assert [(s["id"], s["current"], s["total_rows"]) for s in out] == sorted([(first, False, 17), (second, True, 18)])
    assert {s["source"] for s in out} == {str(tmp_path / "one"), str(tmp_path / "two")}
    table = runner.invoke(app, ["snapshots"]).output
    assert first in table and second in table and "yes" in table


def test_snapshot_records_its_metadata_and_authority(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    sid = load_folder(folder).snapshot_id
    with open_snapshot() as con:
        meta = snapshot_meta(con)
        assert snapshot_authority(con) == DEFAULT_AUTHORITY
    assert meta["id"] == sid
    assert meta["source"] == str(folder)
    assert meta["loaded_at"].endswith("Z")
    assert meta["rows:ssd_person"] == "3"
    assert {k for k in meta if k.startswith("rows:")} == {f"rows:{t.name}" for t in TABLES}
    summary = selectors.current_snapshot_summary()
    assert summary is not None
    assert summary["id"] == sid
    assert ("ssd_contacts", 2) in summary["tables"]


def test_every_schema_column_is_in_the_snapshot_with_its_declared_type(tmp_path):
    load_folder(write_ssd_folder(tmp_path / "in"))
    with open_snapshot() as con:
        for t in TABLES:
            got = con.execute(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position", [t.name],
            ).fetchall()
            assert got == [(c.name, c.duckdb_type, "NO" if c.name in t.not_null else "YES") for c in t.columns], t.name
        cal = con.execute("SELECT min(cal_date), max(cal_date), count(*) FROM ref_calendar").fetchone()
    # earliest date in the data is a date of birth (2011-11-30); the latest event 2024-02-20 (+2 years)
    assert (cal[0].isoformat(), cal[1].isoformat()) == ("2011-11-30", "2026-02-20")
    assert cal[2] == (cal[1] - cal[0]).days + 1


def test_failed_build_leaves_the_current_snapshot_and_no_trace(tmp_path, monkeypatch):
    before = load_folder(write_ssd_folder(tmp_path / "one")).snapshot_id

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(loader_module, "create_calendar", broken)
    with pytest.raises(OSError, match="disk full"):
        load_folder(write_ssd_folder(tmp_path / "two"))
    assert current_id() == before
    assert [s.id for s in list_snapshots()] == [before]
    assert sorted(p.name for p in snapshots_dir().iterdir()) == [".load.lock", f"{before}.duckdb", "current"]


def _start_paused_load(folder, home, after_tables: int) -> subprocess.Popen:
    env = {**os.environ, "LINEOFSIGHT_HOME": str(home), PAUSE_ENV: str(after_tables)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lineofsight.cli.main", "load", str(folder)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if PAUSE_MARKER in line:
            return proc
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("the load never reached the pause point")


def test_load_killed_mid_write_loses_nothing(tmp_path):
    home = os.environ["LINEOFSIGHT_HOME"]
    before = load_folder(write_ssd_folder(tmp_path / "one")).snapshot_id
    rows = valid_rows()
    rows["ssd_department"].append({"dept_team_id": "T2"})
    folder = write_ssd_folder(tmp_path / "two", rows)

    proc = _start_paused_load(folder, home, after_tables=5)
    try:
        leftovers = [p.name for p in snapshots_dir().glob(".tmp-*")]
        assert leftovers, "the paused load should be part-way through writing its temporary file"
        with pytest.raises(LoadInProgress):
            load_folder(folder)  # one load at a time: the second must not touch the first's files
        assert current_id() == before
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    assert current_id() == before
    assert [s.id for s in list_snapshots()] == [before]
    with open_snapshot() as con:
        assert con.execute("SELECT count(*) FROM ssd_department").fetchone()[0] == 1
    assert list(snapshots_dir().glob(".tmp-*"))  # the killed load's temporary file is still there...

    after = load_folder(folder).snapshot_id  # ...until the next load clears it
    assert not list(snapshots_dir().glob(".tmp-*"))
    assert current_id() == after
    assert [s.id for s in list_snapshots()] == sorted([before, after])
    with open_snapshot() as con:
        assert con.execute("SELECT count(*) FROM ssd_department").fetchone()[0] == 2


def test_pointer_changes_only_when_the_new_snapshot_is_complete(tmp_path):
    """While a load is writing, readers still get the old snapshot, whole."""
    home = os.environ["LINEOFSIGHT_HOME"]
    before = load_folder(write_ssd_folder(tmp_path / "one")).snapshot_id
    proc = _start_paused_load(write_ssd_folder(tmp_path / "two"), home, after_tables=len(TABLES))
    try:
        assert current_id() == before
        assert [s.id for s in list_snapshots()] == [before]
        with open_snapshot() as con:
            assert snapshot_meta(con)["id"] == before
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_optional_authority_sections_survive_the_load(tmp_path):
    # Statistical neighbours' figures live in an optional section the Authority record does not model;
    # the snapshot must keep the file as written so the measures can show them.
    from lineofsight.measures import benchmarks
    from lineofsight.schema.authority import authority_toml

    text = authority_toml(DEFAULT_AUTHORITY) + (
        '\n[neighbour_figures.cla_rate]\nvalue = 72.0\nperiod = "31 March 2025"\nsource = "DfE LAIT"\n'
    )
    load_folder(write_ssd_folder(tmp_path / "in", authority=text))
    con = open_snapshot()
    assert "[neighbour_figures.cla_rate]" in snapshot_meta(con)["authority_toml"]
    assert benchmarks.neighbour_figures(con)["cla_rate"]["value"] == 72.0
    assert snapshot_authority(con).la_code == DEFAULT_AUTHORITY.la_code


def test_a_snapshot_loaded_before_the_v145_names_is_refused_clearly_and_a_new_load_replaces_it(tmp_path):
    """Its UPN column was pers_common_child_id: reading it as v1.4.5 would fail half-way or misread."""
    import duckdb

    from lineofsight.warehouse.snapshots import snapshot_path

    old = load_folder(write_ssd_folder(tmp_path / "a")).snapshot_id
    with duckdb.connect(str(snapshot_path(old))) as con:  # as a snapshot written before the key existed
        con.execute("DELETE FROM _snapshot WHERE key = 'ssd_version'")
    with pytest.raises(SnapshotError, match=f"snapshot {old} was loaded with column names older than SSD v1.4.5: "
                                            "load its extract again"):
        open_snapshot()
    new = load_folder(write_ssd_folder(tmp_path / "b"))
    assert new.ok and current_id() == new.snapshot_id
    with open_snapshot() as con:
        assert snapshot_meta(con)["ssd_version"] == "v1.4.5"
