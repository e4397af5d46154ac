"""Every year's returns pass that year's DfE rules (issue 12): the pinned validators, run with the rules of
each of the last three collection years on a clean synthetic authority, with the LA code it declares.

The authority's extract ends on 31 March 2026, so the 2023-24, 2024-25 and 2025-26 returns are complete.
Allowed, with the reasons in README.md (referee paragraph) and docs/formats.md:
- queries (the validators' "please check" rules), listed below;
- rules that crash inside the validator on every input (903 rules 231 and 233 read columns its own
  reader never makes);
- 903 rule SW12STG2 on a child who came back into care after a period of care that ended within the
  validator's window: in the validator's full run it fires whenever a social worker episode starts after
  the child left care (from an episode other than the period's first), so a re-entering child whose worker
  changed is flagged however the return reports the workers (tests/formats/test_sw12stg2.py shows it).
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from formats import validators
from formats.builders import clean_synthetic_authority
from lineofsight.formats.cin_xml_write import write_cin_census
from lineofsight.formats.ssda903_write import write_ssda903
from lineofsight.ingest import load_folder
from lineofsight.synth import generate
from lineofsight.warehouse.snapshots import open_snapshot, snapshot_authority

pytestmark = pytest.mark.slow

END = dt.date(2026, 3, 31)
YEARS = (2024, 2025, 2026)  # 2023-24, 2024-25, 2025-26
CIN_QUERIES = {"2887Q", "2991Q", "8569Q", "8670Q", "8675Q", "8825Q", "8873Q"}
CRASHING_903 = {"231", "233"}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The small synthetic authority with no defects, generated and loaded once."""
    return clean_synthetic_authority(tmp_path_factory, seed=5, end=END)


@pytest.fixture
def snapshot(clean, monkeypatch):
    home, snapshot_id = clean
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(home))
    con = open_snapshot(snapshot_id)
    yield con, snapshot_authority(con)
    con.close()


def returned_to_care(folder, year: int) -> set[str]:
    """Children in the return who started a new period of care after one that ended (not X1) since
    1 April of the year before the collection year (the window SW12STG2 looks back over)."""
    since = dt.date(year - 2, 4, 1)
    ended, started = {}, {}
    for row in csv.DictReader((folder / "episodes.csv").open()):
        if row["DEC"] and row["REC"] != "X1":
            ended.setdefault(row["CHILD"], []).append(dt.datetime.strptime(row["DEC"], "%d/%m/%Y").date())
        if row["RNE"] == "S":
            started.setdefault(row["CHILD"], []).append(dt.datetime.strptime(row["DECOM"], "%d/%m/%Y").date())
    return {c for c, ends in ended.items() if any(e >= since and any(s >= e for s in started.get(c, [])) for e in ends)}


@pytest.mark.parametrize("year", YEARS)
def test_cin_census_passes_that_years_rules(snapshot, referee_python, tmp_path, year):
    con, authority = snapshot
    write_cin_census(con, year, tmp_path / "cin.xml", la_code=authority.la_code)
    verdict = validators.validate_cin(tmp_path / "cin.xml", year)
    assert verdict.errors == []
    assert {q.rule for q in verdict.queries} <= CIN_QUERIES
    assert verdict.failed_rules == ()


@pytest.mark.parametrize("year", YEARS)
def test_ssda903_passes_that_years_rules(snapshot, referee_python, tmp_path, year):
    con, authority = snapshot
    summary = write_ssda903(con, year, tmp_path / "903")
    verdict = validators.validate_903(tmp_path / "903", year, authority.la_code)
    assert summary.children > 300  # a real return, not an empty one
    # Nothing the year's rules refused (the SSD's H5 is written as K3 from 2025-26: mapped, not refused).
    assert [n for n in summary.notes if not n.mapped] == []
    sw12 = {c for e in verdict.errors if e.rule == "SW12STG2" for c in e.children}
    assert sw12 <= returned_to_care(tmp_path / "903", year)
    assert [e for e in verdict.errors if e.rule != "SW12STG2"] == []
    assert verdict.queries == []
    assert set(verdict.failed_rules) <= CRASHING_903


def test_the_la_code_the_authority_declares_is_the_validators_authority(snapshot, referee_python, tmp_path):
    """331 (Coventry) is looked up as E08000026: the placements in the city are then the authority's own
    (rule 1015 flags own provision placed outside it), so another authority's code is caught."""
    con, authority = snapshot
    assert authority.la_code == "331"
    write_ssda903(con, 2026, tmp_path / "903")
    other = validators.validate_903(tmp_path / "903", 2026, "E09000027")
    assert "1015" in {e.rule for e in other.errors}


@pytest.fixture(scope="module")
def with_defects(tmp_path_factory):
    """The same authority with the generator's recording defects (default rate), loaded once."""
    folder, home = tmp_path_factory.mktemp("defects"), tmp_path_factory.mktemp("home-defects")
    generate(folder, scale="small", seed=5, end=END)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LINEOFSIGHT_HOME", str(home))
        result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors][:5]
    return home


@pytest.mark.parametrize("command", ["cin-census", "ssda903"])
def test_check_explains_every_error_the_defects_cause_with_a_finding(with_defects, referee_python, tmp_path,
                                                                     monkeypatch, command):
    """`export --check` on the authority with defects: every child behind a DfE error is named with the
    data-quality finding of ours that explains it (a rule declaring that DfE rule in dfe_rules), except
    SW12STG2 on children who came back into care, which no return following DfE's guidance can meet."""
    from typer.testing import CliRunner

    from lineofsight.cli.main import app

    monkeypatch.setenv("LINEOFSIGHT_HOME", str(with_defects))
    out = tmp_path / ("cin.xml" if command == "cin-census" else "903")
    result = CliRunner().invoke(app, ["export", command, "--year", "2026", "--out", str(out), "--check"])
    rule, errors, unexplained = None, set(), []
    for line in result.output.splitlines():
        if line.startswith("  "):
            rule = line.split()[1] if line.startswith("  error ") else None
            errors |= {rule} - {None}
        elif rule and line.startswith("    child ") and "quality finding" not in line and rule != "SW12STG2":
            unexplained.append((rule, line))
    if command == "cin-census":
        assert result.exit_code == 1 and errors, result.output  # the defects do reach the census
    assert unexplained == []
