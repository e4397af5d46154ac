"""What the loader accepts as councils' systems and Excel write it, and the warnings it gives."""

from __future__ import annotations

import datetime as dt

import duckdb
from typer.testing import CliRunner

from helpers.ssd_folder import valid_rows, write_ssd_folder, write_table
from lineofsight.cli.main import app
from lineofsight.ingest import load_folder
from lineofsight.schema.tables import TABLES, table
from lineofsight.warehouse.snapshots import current_id, open_snapshot, snapshots_dir

runner = CliRunner()


def test_utf8_files_with_a_byte_order_mark_load(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    rows = valid_rows()
    for t in TABLES:
        write_table(folder, t.name, rows.get(t.name, []), encoding="utf-8-sig")
    result = runner.invoke(app, ["load", str(folder)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    with open_snapshot() as con:
        assert con.execute("SELECT list(cont_contact_id ORDER BY cont_contact_id) FROM ssd_contacts").fetchone()[0] == [
            "C1", "C2"]


def test_dd_mm_yyyy_and_iso_dates_in_one_file(tmp_path):
    rows = valid_rows()
    rows["ssd_contacts"][0]["cont_contact_date"] = "08/01/2024"
    rows["ssd_contacts"][0]["cont_contact_recorded_date"] = "9/1/2024"
    rows["ssd_contacts"][1]["cont_contact_date"] = "2024-02-12"
    result = load_folder(write_ssd_folder(tmp_path / "in", rows))
    assert result.ok, result.problems
    with open_snapshot() as con:
        got = con.execute(
            "SELECT cont_contact_date, cont_contact_recorded_date FROM ssd_contacts ORDER BY cont_contact_id"
        ).fetchall()
    assert got == [(dt.date(2024, 1, 8), dt.date(2024, 1, 9)), (dt.date(2024, 2, 12), None)]


def test_flags_in_either_case_are_stored_upper_case(tmp_path):
    rows = valid_rows()
    rows["ssd_cp_visits"][0].update(cppv_cp_visit_seen="y", cppv_cp_visit_seen_alone="n")
    assert load_folder(write_ssd_folder(tmp_path / "in", rows)).ok
    with open_snapshot() as con:
        assert con.execute("SELECT cppv_cp_visit_seen, cppv_cp_visit_seen_alone FROM ssd_cp_visits").fetchone() == (
            "Y", "N")


def test_windows_line_endings_quotes_and_spaces(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    (folder / "ssd_department.csv").write_bytes(
        b"dept_team_id,dept_team_name,dept_team_parent_id,dept_team_parent_name\r\n"
        b' T1 ,"Assessment, team ""one""",SA1,\r\n'
    )
    assert load_folder(folder).ok
    with open_snapshot() as con:
        assert con.execute("SELECT * FROM ssd_department").fetchall() == [
            ("T1", 'Assessment, team "one"', "SA1", None)]


def test_unknown_extra_column_is_a_warning_and_kept(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    columns = [*table("ssd_department").column_names, "dept_colour"]
    write_table(folder, "ssd_department", [dict(valid_rows()["ssd_department"][0], dept_colour="blue")], columns)
    result = runner.invoke(app, ["load", str(folder)])
    assert result.exit_code == 0, result.output
    assert ("warning: ssd_department.csv, row 1, column dept_colour: expected a column of ssd_department "
            "(not in this schema: kept with the snapshot in _extra_columns)") in result.output
    with open_snapshot() as con:
        names = [r[0] for r in con.execute("DESCRIBE ssd_department").fetchall()]
        kept = con.execute("SELECT * FROM _extra_columns").fetchall()
    assert names == table("ssd_department").column_names
    assert kept == [("ssd_department", 2, "dept_colour", "blue")]


def test_missing_nullable_column_is_a_warning_and_loaded_empty(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    columns = [c for c in table("ssd_department").column_names if c != "dept_team_parent_name"]
    write_table(folder, "ssd_department", valid_rows()["ssd_department"], columns)
    result = load_folder(folder)
    assert result.ok
    assert [str(p) for p in result.warnings] == [
        "warning: ssd_department.csv, row 1, column dept_team_parent_name: expected this column (missing: loaded as empty)"
    ]


def test_missing_table_file_is_a_warning_and_an_empty_table(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    (folder / "ssd_missing.csv").unlink()
    result = runner.invoke(app, ["load", str(folder)])
    assert result.exit_code == 0, result.output
    assert "warning: ssd_missing.csv: expected a file for this table (none found: loaded as an empty table)" in (
        result.output)
    with open_snapshot() as con:
        assert con.execute("SELECT count(*) FROM ssd_missing").fetchone()[0] == 0


def test_parquet_files_load_like_csv(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT 'T1' AS dept_team_id, 'Assessment' AS dept_team_name) TO '{folder / 'ssd_department.parquet'}'"
    )
    con.execute(
        f"COPY (SELECT 'V1' AS cppv_cp_visit_id, 'P1' AS cppv_person_id, 'CP1' AS cppv_cp_plan_id, "
        f"DATE '2024-02-08' AS cppv_cp_visit_date, true AS cppv_cp_visit_seen) TO '{folder / 'ssd_cp_visits.parquet'}'"
    )
    (folder / "ssd_department.csv").unlink()
    (folder / "ssd_cp_visits.csv").unlink()
    result = load_folder(folder)
    assert result.ok, result.problems
    with open_snapshot() as snap:
        assert snap.execute("SELECT cppv_cp_visit_date, cppv_cp_visit_seen FROM ssd_cp_visits").fetchone() == (
            dt.date(2024, 2, 8), "Y")


def test_dry_run_validates_and_loads_nothing(tmp_path):
    result = runner.invoke(app, ["load", str(write_ssd_folder(tmp_path / "in")), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"Dry run: 17 rows in {len(TABLES)} tables are valid; nothing loaded." in result.output
    assert current_id() is None
    assert [p.name for p in snapshots_dir().iterdir() if not p.name.startswith(".")] == []


def test_dry_run_reports_problems_with_exit_2(tmp_path):
    rows = valid_rows()
    rows["ssd_contacts"][0]["cont_contact_date"] = "soon"
    result = runner.invoke(app, ["load", str(write_ssd_folder(tmp_path / "in", rows)), "--dry-run"])
    assert result.exit_code == 2
    assert "ssd_contacts.csv, row 2, column cont_contact_date: found 'soon'" in result.output


def test_folder_that_does_not_exist(tmp_path):
    result = runner.invoke(app, ["load", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "expected a folder of SSD tables" in result.output


def test_a_file_that_is_not_a_table_is_a_warning_and_stored_as_it_came(tmp_path):
    folder = write_ssd_folder(tmp_path / "in")
    (folder / "ssd_missing.csv").rename(folder / "ssd_missings.csv")
    # D2I's calendar dimension: an SSD file this schema deliberately does not declare (tests/schema/test_d2i_coverage.py)
    (folder / "ssd_dim_date.csv").write_text("date_key,full_date,calendar_year\r\n20240501,2024-05-01,NULL\r\n",
                                             encoding="utf-8")
    result = load_folder(folder)
    assert result.ok
    warnings = [str(p) for p in result.warnings]
    assert ("warning: ssd_missings.csv: expected a file named after a schema table (not one: stored with the "
            "snapshot as it came, as table _file_ssd_missings)") in warnings
    with open_snapshot() as con:
        assert con.execute("SELECT * FROM _file_ssd_dim_date").fetchall() == [("20240501", "2024-05-01", "NULL")]


def test_a_folder_with_no_ssd_rows_is_refused(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "authority.toml").write_text((write_ssd_folder(tmp_path / "x") / "authority.toml").read_text())
    result = load_folder(folder)
    assert not result.ok
    assert any("at least one SSD table with rows" in str(p) for p in result.errors)


def test_a_load_that_loses_most_of_a_table_needs_replace_smaller(tmp_path):
    rows = valid_rows()
    rows["ssd_contacts"] = [dict(rows["ssd_contacts"][0], cont_contact_id=f"C{i}") for i in range(40)]
    assert load_folder(write_ssd_folder(tmp_path / "big", rows)).ok
    small = write_ssd_folder(tmp_path / "small")  # 2 contacts where the current snapshot has 40
    before = current_id()
    refused = runner.invoke(app, ["load", str(small)])
    assert refused.exit_code == 2
    assert ("ssd_contacts.csv: expected about as many rows as the current snapshot's 40 (found 2; load with "
            "--replace-smaller if the smaller extract is right)") in refused.output
    assert current_id() == before
    accepted = runner.invoke(app, ["load", str(small), "--replace-smaller"])
    assert accepted.exit_code == 0, accepted.output
    assert current_id() != before


def test_placeholders_in_any_case_or_padding_are_counted_and_read_as_empty(tmp_path):
    """The loader looks for placeholders in a file's whole text before counting them column by column (issue 14):
    every form it reads as empty is still counted, and a value that merely contains one is kept."""
    folder = write_ssd_folder(tmp_path / "in")
    (folder / "ssd_department.csv").write_bytes(
        b"dept_team_id,dept_team_name,dept_team_parent_id,dept_team_parent_name\n"
        b"T1, ssd_ph ,SA1,Zz/zZ/zzzz\n"
        b'T2,"1900-01-01T09:30:00",SA1,Team 1900-01-01 move\n'
        b"T3,NULL,SA1,SSD_PHONE\n"
    )
    result = load_folder(folder)
    assert result.ok
    counts = [p.expected for p in result.warnings if p.file == "ssd_department.csv" and "placeholder" in p.expected]
    assert [p.column for p in result.warnings if "placeholder" in p.expected and p.file == "ssd_department.csv"] == [
        "dept_team_name", "dept_team_parent_name"]
    assert counts[0].startswith("a value or an empty cell (2 placeholder value(s)")
    assert counts[1].startswith("a value or an empty cell (1 placeholder value(s)")
    with open_snapshot() as con:
        assert con.execute("SELECT dept_team_id, dept_team_name, dept_team_parent_name FROM ssd_department "
                           "ORDER BY 1").fetchall() == [
            ("T1", None, None), ("T2", None, "Team 1900-01-01 move"), ("T3", None, "SSD_PHONE")]
