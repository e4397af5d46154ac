"""The selector layer the web app and the measures use: cached findings, filters, error records, trend."""

from lineofsight import config
from lineofsight.quality import cache, selectors
from lineofsight.warehouse.snapshots import open_snapshot
from quality.builders import Db, d
from quality.snapshots import load_tiny


def test_rules_for_tables_are_the_rules_reading_them():
    ids = {r.id for r in selectors.rules_for_tables(["ssd_contacts"])}
    assert {"contact-recorded-late", "duplicate-contact", "missing-outcome", "date-in-future"} <= ids
    assert "care-before-birth" not in ids
    assert selectors.rules_for_tables([]) == []


def test_findings_filters_and_error_records_on_a_plain_connection():
    db = Db()
    db.person("P1", "2015-06-01", pers_sex="F", pers_ethnicity="WBRI")
    db.add("ssd_department", dept_team_id="T1")
    db.add("ssd_department", dept_team_id="T2")
    db.add("ssd_professionals", prof_professional_id="W1", prof_professional_department="T1")
    bad = db.add("ssd_cin_assessments", cina_assessment_start_date=d("2024-01-10"),
                 cina_assessment_auth_date=d("2024-01-09"), cina_assessment_completed_date=d("2024-01-09"),
                 cina_assessment_outcome_nfa="Y", cina_assessment_team="T1", cina_assessment_worker_id="W1")
    db.add("ssd_contacts", cont_contact_date=d("2024-01-10"), cont_contact_team="T2")
    errors = selectors.findings(db.con, severity="error")
    assert [(f["rule_id"], f["table"], f["record_id"]) for f in errors] == [
        ("assessment-auth-before-start", "ssd_cin_assessments", bad)]
    assert tuple(errors[0]) == selectors.FINDING_FIELDS
    assert {f["team"] for f in selectors.findings(db.con, team="T2")} == {"T2"}
    assert {f["rule_id"] for f in selectors.findings(db.con, rule_id="missing-outcome")} == {"missing-outcome"}
    assert selectors.error_records(db.con) == {("ssd_cin_assessments", bad)}
    assert selectors.run_rules(db.con, d("2024-03-28"), only=["assessment-auth-before-start"]) == errors


def test_snapshot_findings_are_cached_once_and_reused(tmp_path):
    sid = load_tiny(tmp_path / "tiny")
    con = open_snapshot(sid)
    try:
        first = selectors.findings(con)
        parquet, meta = cache.paths(sid)
        assert parquet.exists() and meta.exists()
        assert parquet.parent == config.home() / "cache" / sid
        stamp = parquet.stat().st_mtime_ns
        assert selectors.findings(con) == first
        assert parquet.stat().st_mtime_ns == stamp  # read back, not recomputed
        assert ("ssd_cin_assessments", "A1") in selectors.error_records(con)
        assert selectors.as_at(con) == d("2024-02-12")  # the tiny authority's latest recorded date
        teams = selectors.team_summary(con)
        assert cache.json_path(sid, "teams").exists()
        assert selectors.team_summary(con) == teams
    finally:
        con.close()


def test_summary_by_rule_counts_findings():
    db = Db()
    db.add("ssd_contacts", cont_contact_date=d("2024-01-10"))
    db.add("ssd_contacts", cont_contact_date=d("2024-01-11"))
    rows = {r["rule_id"]: r for r in selectors.summary_by_rule(db.con)}
    assert rows["missing-outcome"] == {"rule_id": "missing-outcome", "severity": "warning", "count": 2}


def test_trend_runs_over_every_snapshot_oldest_first(tmp_path):
    first = load_tiny(tmp_path / "one", auth_before_start=True)
    second = load_tiny(tmp_path / "two", auth_before_start=False)
    rows = [r for r in selectors.trend() if r["team"] == "*"]
    assert [r["snapshot"] for r in rows] == [first, second]
    assert rows[0]["errors"] == rows[1]["errors"] + 1  # the fixed assessment
    assert set(rows[0]) == {"snapshot", "loaded_at", "as_at", "team", "team_name", "open_children", "errors",
                            "warnings", "queries", "score"}
