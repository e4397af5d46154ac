"""`lineofsight measures` and `lineofsight children` on a snapshot built by the real loader."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from helpers.ssd_folder import valid_rows, write_ssd_folder
from lineofsight import config
from lineofsight.cli.main import app
from lineofsight.ingest import load_folder
from lineofsight.measures.catalogue import MEASURES

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The tiny valid authority: contacts C1 (8 Jan 2024, team T1) and C2; referral R1; assessment A1
    started Wednesday 10 January and authorised Tuesday 20 February 2024 (29 working days).
    Loaded once for the module into its own home."""
    base = tmp_path_factory.mktemp("measures-cli")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.ENV_HOME, str(base / "home"))
        write_ssd_folder(base / "ssd", valid_rows())
        result = load_folder(base / "ssd")
    assert result.ok, [str(p) for p in result.problems]
    return base / "home", result.snapshot_id


@pytest.fixture
def snapshot(loaded, monkeypatch):
    home, sid = loaded
    monkeypatch.setenv(config.ENV_HOME, str(home))
    return sid


def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_window_json_has_exactly_the_agreed_shape(snapshot):
    res = run("measures", "--from", "2024-01-01", "--to", "2024-03-31", "--format", "json")
    assert res.exit_code == 0, res.output
    body = json.loads(res.output)
    assert set(body) == {"snapshot", "from", "to", "measures"}
    assert (body["snapshot"], body["from"], body["to"]) == (snapshot, "2024-01-01", "2024-03-31")
    assert [m["id"] for m in body["measures"]] == [m.id for m in MEASURES]
    for m in body["measures"]:
        assert list(m) == ["id", "title", "unit", "polarity", "numerator", "denominator", "value"]
    by_id = {m["id"]: m for m in body["measures"]}
    assert (by_id["contacts"]["numerator"], by_id["contacts"]["value"]) == (2, 2.0)
    assert by_id["assessment_45wd"] == {"id": "assessment_45wd", "title": by_id["assessment_45wd"]["title"],
                                        "unit": "percent", "polarity": "higher_is_better",
                                        "numerator": 1, "denominator": 1, "value": 100.0}
    assert by_id["cp_rate"]["value"] is not None  # population 50,000 from the authority


def test_window_json_with_cells(snapshot):
    res = run("measures", "--from", "2024-01-01", "--to", "2024-03-31", "--measure", "contacts",
              "--measure", "assessment_45wd", "--by", "team", "--format", "json")
    body = json.loads(res.output)
    assert [m["id"] for m in body["measures"]] == ["contacts", "assessment_45wd"]
    contacts = body["measures"][0]
    assert list(contacts) == ["id", "title", "unit", "polarity", "numerator", "denominator", "value", "cells"]
    # C1 belongs to team T1; C2 has no team and P2 no allocation.
    assert contacts["cells"] == [{"key": "Not recorded", "numerator": 1, "denominator": None, "value": 1.0},
                                 {"key": "T1", "numerator": 1, "denominator": None, "value": 1.0}]


def test_window_csv_and_table(snapshot):
    res = run("measures", "--from", "2024-01-01", "--to", "2024-03-31", "--measure", "contacts", "--format", "csv")
    assert list(csv.reader(io.StringIO(res.output))) == [
        ["measure_id", "cell", "numerator", "denominator", "value"], ["contacts", "", "2", "", "2.0"]]
    res = run("measures", "--from", "2024-01-01", "--to", "2024-03-31")
    assert res.exit_code == 0 and "assessment_45wd" in res.output and "100.0%" in res.output


def test_monthly_json(snapshot):
    res = run("measures", "--monthly", "--measure", "contacts", "--format", "json")
    body = json.loads(res.output)
    series = body["measures"][0]["series"]
    # The data runs to February 12th, so the last month end it covers is 31 January 2024.
    assert [p["period_end"] for p in series] == ["2024-01-31"]
    assert series[0]["numerator"] == 1 and body["kind"] == "rolling"


def test_children_prints_ids_never_names_and_is_audited(snapshot):
    log_file = config.home() / "audit.log"
    before = log_file.read_text() if log_file.exists() else ""
    res = run("children", "assessment_45wd", "--to", "2024-03-31", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert [(r["record_id"], r["person_id"], r["in_numerator"], r["value"]) for r in rows] == [
        ("A1", "P1", "True", "29.0")]
    assert "Amy" not in res.output and "Example" not in res.output
    log = log_file.read_text().removeprefix(before)
    assert log.count("\n") == 1
    assert "children assessment_45wd --to 2024-03-31" in log and "1 records" in log and "P1" not in log
    res = run("children", "contacts", "--to", "2024-03-31", "--cell", "team=T1", "--format", "json")
    body = json.loads(res.output)
    assert [c["record_id"] for c in body["children"]] == ["C1"] and body["cell"] == "team=T1"
    assert "--cell team=T1" in (config.home() / "audit.log").read_text()


@pytest.mark.parametrize("args, message", [
    (["measures", "--to", "2024-13-01"], "expected a date as YYYY-MM-DD"),
    (["measures", "--measure", "nope"], "unknown measure 'nope'"),
    (["children", "contacts", "--to", "2024-03-31", "--cell", "T1"], "give the breakdown"),
])
def test_bad_requests_exit_2(snapshot, args, message):
    res = run(*args)
    assert res.exit_code == 2 and message in res.output


def test_no_snapshot_exits_2():
    res = run("measures")
    assert res.exit_code == 2 and "no snapshot loaded" in res.output


def test_list():
    body = json.loads(run("measures", "--list", "--format", "json").output)
    assert len(body) == len(MEASURES) and body[0]["id"] == "contacts" and body[0]["source"]


def test_quality_counts_records_with_error_findings(tmp_path, monkeypatch):
    """Assessment A1 authorised (5 January) before it started (10 January): an error finding on the
    one record behind assessment_45wd for the window."""
    monkeypatch.setenv(config.ENV_HOME, str(tmp_path / "home"))
    rows = valid_rows()
    rows["ssd_cin_assessments"][0]["cina_assessment_auth_date"] = "2024-01-05"
    write_ssd_folder(tmp_path / "ssd", rows)
    assert load_folder(tmp_path / "ssd").ok
    res = run("measures", "--from", "2024-01-01", "--to", "2024-03-31", "--measure", "assessment_45wd",
              "--measure", "contacts", "--quality", "--format", "json")
    body = json.loads(res.output)
    assert [(m["id"], m["records_with_errors"]) for m in body["measures"]] == [("assessment_45wd", 1), ("contacts", 0)]
    assert list(body["measures"][0])[-1] == "records_with_errors"


def test_warm_caches_every_series_for_the_web_app(snapshot):
    res = run("measures", "--warm")
    assert res.exit_code == 0 and "Cached 102 series" in res.output  # 51 measures, total and by team
    files = list((config.home() / "cache" / snapshot / "measures").glob("*.json"))
    assert len(files) == 103  # and the exceptions of the latest month end
