"""Per-team summary and score, worked by hand on a tiny authority with hand-made findings."""

import datetime as dt

from lineofsight.quality import summary
from quality.builders import Db, d

AS_AT = dt.date(2024, 3, 28)
R, IN = "ssd_cin_episodes", "ssd_involvements"


def _authority():
    db = Db()
    for dept, name in (("T1", "Team one"), ("T2", "Team two"), ("T3", "Team three")):
        db.add("ssd_department", dept_team_id=dept, dept_team_name=name)
    ref, inv = {}, {}
    # Four children open to T1 through their allocated social worker. P1's referral names T2: the child is
    # T1's open case (the allocation wins), while the referral record itself belongs to T2 (its own column).
    for pid in ("P1", "P2", "P3", "P4"):
        ref[pid] = db.add(R, cine_person_id=pid, cine_referral_date=d("2024-01-02"),
                          cine_referral_team="T2" if pid == "P1" else None)
        inv[pid] = db.add(IN, invo_person_id=pid, invo_professional_id="W1", invo_professional_team="T1",
                          invo_professional_role_id="SW", invo_involvement_start_date=d("2024-01-02"))
    # P5 open to T2 by the team on its referral; P6 open with no team at all; P8 a care leaver with T3's adviser.
    ref["P5"] = db.add(R, cine_person_id="P5", cine_referral_date=d("2024-01-02"), cine_referral_team="T2")
    ref["P6"] = db.add(R, cine_person_id="P6", cine_referral_date=d("2024-01-02"))
    db.add(IN, invo_person_id="P8", invo_professional_id="W3", invo_professional_team="T3",
           invo_professional_role_id="PA", invo_involvement_start_date=d("2024-01-02"))
    # A closed case of 2023: not open, and dated before the 12-month window.
    old = db.add(R, cine_person_id="P7", cine_referral_date=d("2023-01-02"), cine_close_date=d("2023-03-01"),
                 cine_referral_team="T1")
    db.con.execute("""
        CREATE TABLE f (rule_id VARCHAR, severity VARCHAR, table_name VARCHAR, record_id VARCHAR, person_id VARCHAR,
                        event_date DATE, team VARCHAR, worker VARCHAR, detail VARCHAR)""")
    rows = [
        ("r-err", "error", "T1", R, ref["P2"]), ("r-err", "error", "T1", R, old),
        ("r-warn", "warning", "T1", R, ref["P2"]), ("r-warn", "warning", "T1", R, ref["P3"]),
        ("r-q", "query", "T1", IN, inv["P2"]), ("r-q", "query", "T1", IN, inv["P3"]), ("r-q", "query", "T1", IN, inv["P4"]),
        ("r-err", "error", "T2", R, ref["P5"]),
        ("r-err", "error", "T3", "ssd_person", "P8"),
        ("r-warn", "warning", None, "ssd_person", "P6"),
    ]
    for rule, sev, team, table_name, record_id in rows:
        db.con.execute("INSERT INTO f VALUES (?, ?, ?, ?, 'P', NULL, ?, NULL, 'x')",
                       [rule, sev, table_name, record_id, team])
    return {r["team"]: r for r in summary.team_summary(db.con, "f", AS_AT)}


def test_open_cases_go_to_the_allocated_team_else_the_team_on_the_case():
    teams = _authority()
    assert {t: r["open_children"] for t, r in teams.items()} == {"*": 7, "T1": 4, "T2": 1, "T3": 1, None: 1}


def test_counts_by_severity_and_per_100_open_cases():
    t1 = _authority()["T1"]
    assert (t1["errors"], t1["warnings"], t1["queries"], t1["findings"]) == (2, 2, 3, 7)
    assert t1["findings_per_100"] == 175.0
    assert t1["by_rule"] == [
        {"rule_id": "r-err", "severity": "error", "count": 2, "per_100": 50.0},
        {"rule_id": "r-warn", "severity": "warning", "count": 2, "per_100": 50.0},
        {"rule_id": "r-q", "severity": "query", "count": 3, "per_100": 75.0},
    ]


def test_score_is_the_share_of_recent_records_without_findings_warnings_counting_half():
    teams = _authority()
    # T1's recent records: the referrals of P2, P3, P4 and the four allocations = 7; P2's referral has an
    # error (and a warning), P3's a warning only, the queries do not count: 100 x (7 - 1 - 0.5) / 7 = 78.6.
    assert (teams["T1"]["recent_records"], teams["T1"]["recent_error_records"],
            teams["T1"]["recent_warning_records"]) == (7, 1, 1)
    assert teams["T1"]["score"] == 78.6
    # T2: the referrals of P1 (its own team column) and P5 (an error): 100 x (2 - 1) / 2 = 50.
    assert teams["T2"]["score"] == 50.0
    # T3: one allocation, no finding on it (the error is on a person record, which is not scored).
    assert teams["T3"]["score"] == 100.0 and teams["T3"]["errors"] == 1
    # Authority: 11 recent records, 2 with an error, 1 with a warning only: 100 x 8.5 / 11 = 77.3.
    assert teams["*"]["recent_records"] == 11 and teams["*"]["score"] == 77.3
    assert teams["*"]["team_name"] == "All teams" and teams[None]["team_name"] == "No team"
    assert teams["T1"]["team_name"] == "Team one"


def test_score_formula():
    assert summary.score(10, 0, 0) == 100.0
    assert summary.score(10, 1, 2) == 80.0
    assert summary.score(10, 10, 0) == 0.0
    assert summary.score(0, 0, 0) is None
