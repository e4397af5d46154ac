"""`lineofsight load` takes national formats: converts, shows what it mapped, loads; bad input loads nothing."""

from __future__ import annotations

from typer.testing import CliRunner

from formats.cin_samples import BILLION_LAUGHS, CHILD_2025, census
from lineofsight.cli.main import app
from lineofsight.warehouse.snapshots import current_id, open_snapshot

runner = CliRunner()


def test_load_cin_census_file(tmp_path):
    (tmp_path / "cin.xml").write_text(census(2025, CHILD_2025))
    result = runner.invoke(app, ["load", str(tmp_path / "cin.xml"), "--population", "40000"])
    assert result.exit_code == 0, result.output
    assert "Format: cin_census" in result.output and "wrote ssd_cin_episodes: 1 rows" in result.output
    assert "not mapped from CIN census XML" in result.output
    con = open_snapshot()
    assert con.execute("SELECT count(*) FROM ssd_cp_reviews").fetchone() == (1,)


def return_903(tmp_path, header_columns: str):
    """A one-child SSDA903 return whose header file has the given column names."""
    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "header.csv").write_text(f"{header_columns}\nK1,1,01/02/2010,WBRI,UN3,,\n")
    (folder / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
        "K1,01/05/2024,S,C2,N1,U6,PR1,,,,,,\n")
    return folder


def test_load_903_folder_with_la_code(tmp_path):
    folder = return_903(tmp_path, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB")
    result = runner.invoke(app, ["load", str(folder), "--la-code", "201", "--population", "40000"])
    assert result.exit_code == 0, result.output
    assert "Format: ssda903" in result.output
    assert open_snapshot().execute("SELECT clae_cla_episode_start_date::VARCHAR FROM ssd_cla_episodes").fetchall() == [
        ("2024-05-01",)]


def test_hostile_file_loads_nothing(tmp_path):
    (tmp_path / "bomb.xml").write_text(BILLION_LAUGHS)
    result = runner.invoke(app, ["load", str(tmp_path / "bomb.xml"), "--population", "1"])
    assert result.exit_code == 2
    assert "refused" in result.output and "Nothing loaded" in result.output
    assert current_id() is None


def test_population_needed(tmp_path):
    (tmp_path / "cin.xml").write_text(census(2025, CHILD_2025))
    result = runner.invoke(app, ["load", str(tmp_path / "cin.xml")])
    assert result.exit_code == 2 and "--population" in result.output


def test_a_903_header_with_wrong_headers_exits_2_and_keeps_the_current_snapshot(tmp_path):
    """Issue 13, finding 4: it was skipped with a warning, exit 0, and replaced the current snapshot."""
    folder = return_903(tmp_path, "CHILD,GENDER,BIRTH_DATE,ETHNIC,UPN,MOTHER,MC_DOB")
    result = runner.invoke(app, ["load", str(folder), "--la-code", "201", "--population", "40000"])
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "header.csv" in out and "CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB" in out and "Nothing loaded" in out
    assert current_id() is None
