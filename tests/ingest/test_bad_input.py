"""One test per kind of bad input: a clear message (file, row, column, expected), exit 2, nothing lost.

Each test first loads a valid folder, so there is a current snapshot that the bad load must leave
exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers.ssd_folder import valid_rows, write_ssd_folder, write_table
from lineofsight.cli.main import app
from lineofsight.schema.tables import table
from lineofsight.warehouse.snapshots import current_id, list_snapshots, open_snapshot

runner = CliRunner()


@pytest.fixture
def before(tmp_path) -> str:
    """A valid snapshot already loaded; returns its id."""
    result = runner.invoke(app, ["load", str(write_ssd_folder(tmp_path / "good"))])
    assert result.exit_code == 0, result.output
    sid = current_id()
    assert sid is not None
    return sid


def load_bad(folder: Path, before: str) -> str:
    """Load `folder` through the CLI; assert it was refused and the current snapshot is untouched."""
    result = runner.invoke(app, ["load", str(folder)])
    assert result.exit_code == 2, result.output
    assert "nothing loaded; the current snapshot is unchanged" in result.output
    assert current_id() == before
    assert [s.id for s in list_snapshots()] == [before]
    with open_snapshot() as con:
        assert con.execute("SELECT count(*) FROM ssd_person").fetchone()[0] == 3
    return result.output


def bad_folder(tmp_path: Path, table_name: str, row: int, column: str, value: str) -> Path:
    rows = valid_rows()
    rows[table_name][row][column] = value
    return write_ssd_folder(tmp_path / "bad", rows)


def test_bad_date(tmp_path, before):
    out = load_bad(bad_folder(tmp_path, "ssd_contacts", 0, "cont_contact_date", "2024-02-30"), before)
    assert ("ssd_contacts.csv, row 2, column cont_contact_date: found '2024-02-30'; "
            "expected a date as YYYY-MM-DD or dd/mm/yyyy") in out


def test_date_with_a_two_digit_year_is_refused(tmp_path, before):
    out = load_bad(bad_folder(tmp_path, "ssd_contacts", 1, "cont_contact_date", "12/02/24"), before)
    assert "ssd_contacts.csv, row 3, column cont_contact_date: found '12/02/24'; expected a date" in out


def test_bad_integer(tmp_path, before):
    out = load_bad(bad_folder(tmp_path, "ssd_professionals", 0, "prof_professional_caseload", "12.5"), before)
    assert ("ssd_professionals.csv, row 2, column prof_professional_caseload: found '12.5'; "
            "expected a whole number") in out


def test_bad_float(tmp_path, before):
    out = load_bad(bad_folder(tmp_path, "ssd_cla_placement", 0, "clap_cla_placement_distance", "4,2 miles"), before)
    assert ("ssd_cla_placement.csv, row 2, column clap_cla_placement_distance: found '4,2 miles'; "
            "expected a number") in out


def load_with_finding(folder: Path) -> str:
    """Load `folder`: it loads (exit 0) and becomes current, with the finding reported as a warning."""
    result = runner.invoke(app, ["load", str(folder)])
    assert result.exit_code == 0, result.output
    assert "It is now current" in result.output
    return result.output


def test_a_flag_that_is_not_y_or_n_loads_and_is_reported(tmp_path, before):
    out = load_with_finding(bad_folder(tmp_path, "ssd_cin_assessments", 0, "cina_assessment_child_seen", "NA"))
    assert ("warning: ssd_cin_assessments.csv, row 2, column cina_assessment_child_seen: found 'NA'; "
            "expected Y or N (loaded as written; the data-quality rules report the record)") in out


def test_a_code_outside_its_list_loads_and_is_reported(tmp_path, before):
    out = load_with_finding(bad_folder(tmp_path, "ssd_person", 1, "pers_sex", "I"))
    assert ("warning: ssd_person.csv, row 3, column pers_sex: found 'I'; expected a code from the sex list") in out
    with open_snapshot() as con:
        assert con.execute("SELECT count(*) FROM ssd_person WHERE pers_sex = 'I'").fetchone()[0] == 1


def test_an_empty_main_date_loads_and_is_reported(tmp_path, before):
    """A conference booked but not yet held, a review planned: D2I keeps the row with no date."""
    out = load_with_finding(bad_folder(tmp_path, "ssd_contacts", 1, "cont_contact_date", "  "))
    assert ("warning: ssd_contacts.csv, row 3, column cont_contact_date: expected a date (empty: a planned or "
            "booked record?) (loaded as written; the data-quality rules report the record)") in out
    with open_snapshot() as con:
        assert con.execute("SELECT count(*) FROM ssd_contacts WHERE cont_contact_date IS NULL").fetchone()[0] == 1


def test_an_empty_key_is_refused(tmp_path, before):
    out = load_bad(bad_folder(tmp_path, "ssd_contacts", 1, "cont_contact_id", ""), before)
    assert "ssd_contacts.csv, row 3, column cont_contact_id: expected a value (cont_contact_id is required)" in out


def test_duplicate_key(tmp_path, before):
    rows = valid_rows()
    rows["ssd_contacts"].append(dict(rows["ssd_contacts"][0], cont_contact_date="2024-03-01"))
    out = load_bad(write_ssd_folder(tmp_path / "bad", rows), before)
    assert ("ssd_contacts.csv, row 4, column cont_contact_id: found 'C1'; "
            "expected a value used once (cont_contact_id is the key): the same value is on row 2") in out


def test_a_broken_reference_loads_and_is_reported(tmp_path, before):
    """D2I turned its own foreign keys off: a worker held as a name, a referral outside the extract."""
    out = load_with_finding(bad_folder(tmp_path, "ssd_cin_assessments", 0, "cina_referral_id", "R9"))
    assert ("warning: ssd_cin_assessments.csv, row 2, column cina_referral_id: found 'R9'; "
            "expected a cine_referral_id that is in ssd_cin_episodes.csv (loaded as written") in out


def test_missing_required_column(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad")
    columns = [c for c in table("ssd_contacts").column_names if c != "cont_person_id"]
    write_table(folder, "ssd_contacts", valid_rows()["ssd_contacts"], columns)
    out = load_bad(folder, before)
    assert ("ssd_contacts.csv, row 1, column cont_person_id: "
            "expected a column named cont_person_id (it is required)") in out


def test_missing_authority_toml(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad")
    (folder / "authority.toml").unlink()
    out = load_bad(folder, before)
    assert "error: authority.toml: expected authority.toml beside the tables" in out


def test_bad_authority_toml(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad", authority='la_code = "E1"\nla_name = \nregion = "London"\n')
    out = load_bad(folder, before)
    assert "error: authority.toml, row 2: expected valid authority metadata (not valid TOML" in out


def test_authority_toml_without_population(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad", authority='la_code = "E1"\nla_name = "X"\nregion = "London"\n')
    out = load_bad(folder, before)
    assert "error: authority.toml: expected valid authority metadata (missing population)" in out


def test_file_that_is_not_utf8(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad")
    rows = valid_rows()["ssd_person"]
    rows[1]["pers_surname"] = "Benoît"
    write_table(folder, "ssd_person", rows, encoding="cp1252")
    out = load_bad(folder, before)
    assert "ssd_person.csv, row 3, column pers_surname: expected UTF-8 text" in out
    assert "Beno" not in out


@pytest.mark.parametrize("line, expected", [
    ("T2,Team 2,SA1,Area,surplus", "ssd_department.csv, row 3: expected no more fields than the header has (4)"),
    ("T2,Team 2", "ssd_department.csv, row 3, column dept_team_parent_id: expected as many fields as the header has (4)"),
    ('T2,"Team 2,SA1,Area', "ssd_department.csv, row 3, column dept_team_name: expected a closing double quote"),
], ids=["too many fields", "too few fields", "a quote never closed"])
def test_row_that_does_not_fit_the_header(tmp_path, before, line, expected):
    folder = write_ssd_folder(tmp_path / "bad")
    with open(folder / "ssd_department.csv", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    assert expected in load_bad(folder, before)


def test_table_in_both_csv_and_parquet(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad")
    (folder / "ssd_department.parquet").write_bytes(b"PAR1")
    out = load_bad(folder, before)
    assert "ssd_department.csv: expected one file per table, but ssd_department.parquet is there too" in out


def test_person_ids_and_personal_values_are_never_printed(tmp_path, before):
    rows = valid_rows()
    rows["ssd_contacts"][0]["cont_person_id"] = "SECRET-ID-77"
    rows["ssd_person"].append(dict(rows["ssd_person"][0], pers_dob="31/31/2015"))  # duplicate id, bad date
    out = load_bad(write_ssd_folder(tmp_path / "bad", rows), before)
    assert "ssd_contacts.csv, row 2, column cont_person_id: found '(hidden)'" in out
    assert "ssd_person.csv, row 5, column pers_person_id: found '(hidden)'" in out
    # A date of birth identifies a child as surely as an id does, so it is hidden too.
    assert "ssd_person.csv, row 5, column pers_dob: found '(hidden)'" in out
    assert "31/31/2015" not in out
    assert "SECRET-ID-77" not in out
    assert "'P1'" not in out


def test_every_problem_is_counted_and_the_list_is_capped(tmp_path, before):
    rows = valid_rows()
    rows["ssd_contacts"] += [
        {"cont_contact_id": f"CX{i}", "cont_person_id": "P3", "cont_contact_date": f"2024-01-{i:02d}x"}
        for i in range(1, 61)
    ]
    folder = write_ssd_folder(tmp_path / "bad", rows)
    out = load_bad(folder, before)
    assert out.count("column cont_contact_date: found") == 50
    assert "... and 10 more problem(s) in ssd_contacts.csv, column cont_contact_date" in out
    full = tmp_path / "problems.csv"
    result = runner.invoke(app, ["load", str(folder), "--problems", str(full)])
    assert result.exit_code == 2
    assert len(full.read_text(encoding="utf-8").splitlines()) == 1 + 60


def test_hidden_columns_are_the_personal_ones_and_person_ids():
    from lineofsight.ingest.problems import is_hidden
    from lineofsight.schema.tables import TABLES

    hidden = {f"{t.name}.{c.name}" for t in TABLES for c in t.columns if is_hidden(t, c)}
    assert {"ssd_person.pers_person_id", "ssd_person.pers_legacy_id", "ssd_person.pers_upn",
            "ssd_person.pers_surname", "ssd_contacts.cont_person_id", "ssd_cla_reviews.clar_cla_person_id",
            "ssd_cla_placement.clap_cla_placement_postcode", "ssd_professionals.prof_professional_name"} <= hidden
    assert "ssd_contacts.cont_contact_date" not in hidden
    assert "ssd_cin_episodes.cine_referral_id" not in hidden


def test_parquet_file_that_cannot_be_read(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad")
    (folder / "ssd_department.csv").unlink()
    (folder / "ssd_department.parquet").write_bytes(b"not parquet at all")
    out = load_bad(folder, before)
    assert "error: ssd_department.parquet: expected a readable Parquet file" in out


def test_column_named_twice_in_the_header(tmp_path, before):
    folder = write_ssd_folder(tmp_path / "bad")
    columns = [*table("ssd_department").column_names, "dept_team_name"]
    write_table(folder, "ssd_department", valid_rows()["ssd_department"], columns)
    out = load_bad(folder, before)
    assert "ssd_department.csv, row 1, column dept_team_name: expected each column name once in the header" in out


def test_python_callers_can_ask_for_an_exception(tmp_path):
    from lineofsight.ingest import LoadError, load_folder

    good = load_folder(write_ssd_folder(tmp_path / "good")).raise_for_errors()
    assert good.snapshot_id == current_id()
    rows = valid_rows()
    rows["ssd_contacts"][0]["cont_contact_date"] = "someday"
    with pytest.raises(LoadError, match="ssd_contacts.csv, row 2, column cont_contact_date") as caught:
        load_folder(write_ssd_folder(tmp_path / "bad", rows)).raise_for_errors()
    assert [p.row for p in caught.value.result.errors] == [2]
    assert current_id() == good.snapshot_id
