"""`lineofsight quality`: JSON shape, filters, CSV, the audit line, and a clear message with no snapshot."""

import csv
import io
import json

from typer.testing import CliRunner

from lineofsight import config
from lineofsight.audit_log import AUDIT_FILE
from lineofsight.cli.main import app
from quality.snapshots import load_tiny

runner = CliRunner()


def _audit_lines():
    path = config.home() / AUDIT_FILE
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_json_has_exactly_the_published_shape_and_is_audited(tmp_path):
    sid = load_tiny(tmp_path / "tiny")
    result = runner.invoke(app, ["quality", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == {"snapshot", "findings", "summary"} and doc["snapshot"] == sid
    assert doc["findings"], "the tiny authority has a defect"
    for f in doc["findings"]:
        assert list(f) == ["rule_id", "severity", "table", "record_id", "person_id", "team", "worker", "detail"]
    for s in doc["summary"]:
        assert list(s) == ["rule_id", "severity", "count"]
    assert sum(s["count"] for s in doc["summary"]) == len(doc["findings"])
    assert {"rule_id": "assessment-auth-before-start", "severity": "error", "count": 1} in doc["summary"]
    (line,) = _audit_lines()
    when, user, command, records = line.split("\t")
    assert command == "lineofsight quality --format json" and records == f"{len(doc['findings'])} records"
    for f in doc["findings"]:  # never an identifier in the audit log
        assert f["person_id"] not in line and f["record_id"] not in line.split("\t")


def test_team_and_severity_filters(tmp_path):
    load_tiny(tmp_path / "tiny")
    doc = json.loads(runner.invoke(app, ["quality", "--format", "json", "--team", "T1", "--severity", "error"]).output)
    assert [(f["rule_id"], f["record_id"], f["team"]) for f in doc["findings"]] == [
        ("assessment-auth-before-start", "A1", "T1")]


def test_csv_lists_every_finding_with_a_header(tmp_path):
    load_tiny(tmp_path / "tiny")
    result = runner.invoke(app, ["quality", "--format", "csv", "--rule", "assessment-auth-before-start"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["rule_id"], r["table"], r["record_id"], r["person_id"]) for r in rows] == [
        ("assessment-auth-before-start", "ssd_cin_assessments", "A1", "P1")]


def test_table_format_shows_counts_and_findings(tmp_path):
    load_tiny(tmp_path / "tiny")
    result = runner.invoke(app, ["quality", "--limit", "1"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "assessment-auth-before-start" in result.output and "Findings (first 1 of" in result.output
    assert _audit_lines()[-1].endswith("\t1 records")


def test_nothing_printed_means_nothing_audited(tmp_path):
    load_tiny(tmp_path / "tiny", auth_before_start=False)
    result = runner.invoke(app, ["quality", "--format", "json", "--severity", "error", "--team", "T1"])
    assert json.loads(result.output)["findings"] == []
    assert _audit_lines() == []


def test_team_summary_trend_and_rules_commands(tmp_path):
    sid = load_tiny(tmp_path / "tiny")
    teams = json.loads(runner.invoke(app, ["quality", "teams", "--format", "json"]).output)
    assert teams["snapshot"] == sid and teams["teams"][0]["team"] == "*"
    trend = json.loads(runner.invoke(app, ["quality", "trend", "--format", "json"]).output)["trend"]
    assert {r["snapshot"] for r in trend} == {sid}
    rules = json.loads(runner.invoke(app, ["quality", "rules", "--format", "json"]).output)["rules"]
    assert len(rules) >= 40 and {"rule_id", "severity", "explanation", "fix"} <= set(rules[0])
    assert _audit_lines() == []  # aggregates and the catalogue are not child-level


def test_bad_options_and_no_snapshot_give_clear_messages():
    result = runner.invoke(app, ["quality"])
    assert result.exit_code == 1 and "no snapshot loaded" in result.output
    result = runner.invoke(app, ["quality", "--severity", "fatal"])
    assert result.exit_code == 2 and "--severity" in result.output
    result = runner.invoke(app, ["quality", "--rule", "no-such-rule"])
    assert result.exit_code == 2 and "no-such-rule" in result.output


def test_csv_piped_into_head_is_still_audited(tmp_path, monkeypatch):
    """Issue 13, finding 8: `lineofsight quality --format csv | head` printed person ids and wrote no audit
    line (the closed pipe stopped the command before it recorded). The line now comes first."""
    from lineofsight.cli import quality_cmd

    class ClosedPipe(csv.DictWriter):
        def writerows(self, rows):
            raise BrokenPipeError(32, "Broken pipe")  # what `head` does to a long output

    load_tiny(tmp_path / "tiny")
    monkeypatch.setattr(quality_cmd.csv, "DictWriter", ClosedPipe)
    result = runner.invoke(app, ["quality", "--format", "csv"])
    assert result.exit_code != 0  # the command stopped at the closed pipe
    (line,) = _audit_lines()
    assert line.split("\t")[2] == "lineofsight quality --format csv" and line.endswith(" records")
