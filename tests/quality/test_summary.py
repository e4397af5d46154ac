"""Per-team summary and score, worked by hand on a tiny authority with hand-made findings."""

import datetime as dt

import pytest

from lineofsight.quality import summary
from quality.builders import Db, d

AS_AT = dt.date(2024, 3, 28)


def _authority():
    db = Db()
    for dept, name in (("T1", "Team one"), ("T2", "Team two"), ("T3", "Team three")):
        db.add("ssd_department", dept_team_id=dept, dept_team_name=name)
    # Four children open to T1 through their allocated social worker (P1's referral names T2: the allocation wins).
    for pid in ("P1", "P2", "P3", "P4"):
        db.add("ssd_cin_episodes", cine_person_id=pid, cine_referral_date=d("2024-01-02"),
               cine_referral_team="T2" if pid == "P1" else None)
        db.add("ssd_involvements", invo_person_id=pid, invo_professional_id="W1", invo_professional_team="T1",
               invo_professional_role_id="SW", invo_involvement_start_date=d("2024-01-02"))
    # P5 open to T2 by the team on the referral (no allocation); P6 open with no team at all.
    db.add("ssd_cin_episodes", cine_person_id="P5", cine_referral_date=d("2024-01-02"), cine_referral_team="T2")
    db.add("ssd_cin_episodes", cine_person_id="P6", cine_referral_date=d("2024-01-02"))
    # Closed cases and ended allocations do not count.
    db.add("ssd_cin_episodes", cine_person_id="P7", cine_referral_date=d("2023-01-02"), cine_close_date=d("2023-05-01"),
           cine_referral_team="T1")
    db.con.execute("""
        CREATE TABLE f (rule_id VARCHAR, severity VARCHAR, table_name VARCHAR, record_id VARCHAR, person_id VARCHAR,
                        event_date DATE, team VARCHAR, worker VARCHAR, detail VARCHAR)""")
    rows = [
        ("r-err", "error", "T1", "2024-01-10"), ("r-err", "error", "T1", "2021-01-10"),  # one recent, one old
        ("r-warn", "warning", "T1", "2024-02-01"), ("r-warn", "warning", "T1", None),  # undated counts as recent
        ("r-q", "query", "T1", "2024-02-01"), ("r-q", "query", "T1", "2024-02-01"), ("r-q", "query", "T1", "2024-02-01"),
        ("r-err", "error", "T2", "2024-03-01"), ("r-err", "error", "T2", "2024-03-02"),
        ("r-err", "error", "T3", "2024-03-01"),
        ("r-warn", "warning", None, "2024-03-01"),
    ]
    for i, (rule, sev, team, day) in enumerate(rows):
        db.con.execute("INSERT INTO f VALUES (?, ?, 'ssd_contacts', ?, 'P1', ?, ?, NULL, 'x')",
                       [rule, sev, f"C{i}", day, team])
    return {r["team"]: r for r in summary.team_summary(db.con, "f", AS_AT)}


def test_open_children_go_to_the_allocated_team_else_the_team_on_the_case():
    teams = _authority()
    assert {t: r["open_children"] for t, r in teams.items()} == {"*": 6, "T1": 4, "T2": 1, "T3": 0, None: 1}


def test_counts_by_severity_and_per_100_open_children():
    t1 = _authority()["T1"]
    assert (t1["errors"], t1["warnings"], t1["queries"], t1["findings"]) == (2, 2, 3, 7)
    assert t1["findings_per_100"] == 175.0
    assert t1["by_rule"] == [
        {"rule_id": "r-err", "severity": "error", "count": 2, "per_100": 50.0},
        {"rule_id": "r-warn", "severity": "warning", "count": 2, "per_100": 50.0},
        {"rule_id": "r-q", "severity": "query", "count": 3, "per_100": 75.0},
    ]


def test_score_counts_recent_errors_and_half_of_recent_warnings_per_100_open_children():
    teams = _authority()
    # T1: recent errors 1, recent warnings 2 (one undated), 4 children: 100 - (1 + 0.5 x 2) / 4 x 100 = 50.
    assert teams["T1"]["score"] == 50.0
    # T2: 2 recent errors, 1 child: 100 - 200, floored at 0.
    assert teams["T2"]["score"] == 0.0
    # T3 has a finding but no open children: no score, no rate.
    assert teams["T3"]["score"] is None and teams["T3"]["findings_per_100"] is None
    # Authority: recent errors 1 + 2 + 1 = 4, recent warnings 2 + 1 = 3: 100 - (4 + 1.5) / 6 x 100 = 8.3.
    assert teams["*"]["score"] == pytest.approx(8.3)
    assert teams["*"]["team_name"] == "All teams" and teams[None]["team_name"] == "No team"
    assert teams["T1"]["team_name"] == "Team one"


def test_score_formula():
    assert summary.score({"error": 0, "warning": 0, "query": 9}, 10) == 100.0
    assert summary.score({"error": 1, "warning": 1, "query": 0}, 10) == 85.0
    assert summary.score({"error": 50, "warning": 0, "query": 0}, 10) == 0.0
    assert summary.score({"error": 1, "warning": 0, "query": 0}, 0) is None
