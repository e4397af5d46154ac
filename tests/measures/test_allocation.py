"""Children in need and allocation measures, hand-worked.

Working days back from Friday 31 May 2024 (the spring bank holiday 27 May and the early May bank
holiday 6 May skipped): 30 May = 1, 29 = 2, 28 = 3, 24 = 4, ... 7 May = 17, 3 May = 18, 2 = 19,
1 May = 20, 30 April = 21.
"""

import dataclasses

import pytest

from measures.builders import AUTHORITY, Db


def episode(db, person, start, end=None, team="T1"):
    return db.add("ssd_cin_episodes", cine_referral_id=f"R-{person}-{start}", cine_person_id=person,
                  cine_referral_date=start, cine_close_date=end, cine_referral_team=team)


def allocate(db, person, worker, start, end=None, role="SW", team="T1"):
    return db.add("ssd_involvements", invo_person_id=person, invo_professional_id=worker,
                  invo_professional_role_id=role, invo_professional_team=team,
                  invo_involvement_start_date=start, invo_involvement_end_date=end)


def test_cin_rate():
    db = Db()
    episode(db, "N1", "2024-01-01")  # open
    episode(db, "N2", "2024-01-01", "2024-09-30")  # closed that day: not open at its end
    episode(db, "N3", "2024-09-30")  # opened that day
    episode(db, "N4", "2024-01-01")  # two open episodes: one child
    episode(db, "N4", "2024-05-01")
    episode(db, "N5", "2024-02-01", "2024-10-01")  # closed the next day
    # N1, N3, N4, N5 = 4 children at 30 September 2024; population mid-2024 = 20,000 -> 2.0.
    assert db.figure("cin_rate", "2024-09-01", "2024-09-30") == (4, 20_000, 2.0)


@pytest.fixture
def cin_visits():
    db = Db()
    for child, visit in (("V1", "2024-05-01"), ("V2", "2024-04-30")):
        db.add("ssd_cin_plans", cinp_cin_plan_id=f"plan-{child}", cinp_person_id=child,
               cinp_cin_plan_start_date="2024-01-01")
        db.add("ssd_cin_visits", cinv_person_id=child, cinv_cin_visit_date=visit, cinv_cin_visit_seen="Y")
    db.add("ssd_cin_plans", cinp_cin_plan_id="plan-V3", cinp_person_id="V3", cinp_cin_plan_start_date="2024-01-01",
           cinp_cin_plan_end_date="2024-05-31")  # ended on the day: not on a plan at its end
    return db


def test_cin_visit_on_time_uses_the_local_standard(cin_visits):
    # Default 20 working days: V1 (1 May, day 20) in; V2 (30 April, day 21) out -> 1 of 2.
    assert cin_visits.figure("cin_visit_on_time", "2024-05-01", "2024-05-31") == (1, 2, 50.0)
    # An authority whose standard is 25 working days: both in.
    cin_visits.authority = dataclasses.replace(AUTHORITY, standards={**AUTHORITY.standards, "cin_visit_days": 25})
    assert cin_visits.figure("cin_visit_on_time", "2024-05-01", "2024-05-31") == (2, 2, 100.0)


@pytest.fixture
def allocations():
    db = Db()
    for child in ("U1", "U2", "U3", "U4", "U5", "U7"):
        episode(db, child, "2024-01-01")
    episode(db, "U6", "2024-01-01", "2024-06-01")  # closed
    allocate(db, "U1", "W1", "2024-01-01")
    allocate(db, "U1", "W1", "2024-02-01")  # the same worker twice: one case
    allocate(db, "U2", "W1", "2024-01-01", "2024-09-30")  # ended on the day: unallocated at its end
    allocate(db, "U4", "PA1", "2024-01-01", role="PA")  # a personal adviser is not a social worker
    allocate(db, "U5", "W1", "2024-03-01", role=None)  # no role recorded: taken as a social worker
    allocate(db, "U7", "W2", "2024-03-01", team="T2")
    allocate(db, "U6", "W2", "2024-01-01", team="T2")  # still allocated, but the case is closed
    for worker, team, agency, start, end in (
        ("W1", "T1", "Y", "2024-01-01", None), ("W2", "T2", "N", "2020-01-01", None),
        ("W3", "T1", "Y", "2020-01-01", "2024-09-30"),  # left on the day: not in post
        ("W4", "T2", "N", "2024-10-01", None),  # not started yet
        ("W5", "T2", "Y", None, None),  # no start date: in post
    ):
        db.add("ssd_professionals", prof_professional_id=worker, prof_professional_department=team,
               prof_agency_worker_flag=agency, prof_start_date=start, prof_end_date=end)
    return db


def test_unallocated(allocations):
    # Open at 30 September 2024: U1 (W1), U2 (ended that day: no), U3 (never), U4 (PA only), U5 (no role:
    # allocated), U7 (W2) -> U2, U3, U4 = 3. U6's case is closed.
    assert allocations.figure("unallocated", "2024-09-01", "2024-09-30") == (3, None, 3.0)
    flagged = {k for k, v in allocations.flags("unallocated", "2024-09-30").items() if v}
    assert flagged == {"R-U2-2024-01-01", "R-U3-2024-01-01", "R-U4-2024-01-01"}


def test_caseload_mean_by_team(allocations):
    # Cases held at 30 September 2024: W1 holds U1 (once) and U5; W2 holds U7 (U6 is closed) -> 3 / 2 = 1.5.
    assert allocations.figure("caseload_mean", "2024-09-01", "2024-09-30") == (3, 2, 1.5)
    cells = {c["key"]: c["value"] for c in allocations.window("caseload_mean", "2024-09-01", "2024-09-30",
                                                                by="team")["cells"]}
    assert cells == {"T1": 2.0, "T2": 1.0}


def test_agency_share(allocations):
    # In post at 30 September 2024: W1 (agency), W2, W5 (agency) -> 2 of 3.
    assert allocations.figure("agency_share", "2024-09-01", "2024-09-30") == (2, 3, 200 / 3)


def test_worker_changes_3plus():
    db = Db()
    episode(db, "X1", "2023-01-01")
    allocate(db, "X1", "A", "2023-01-01", "2023-12-01")  # ran into the 12 months to 30 Sep 2024
    allocate(db, "X1", "B", "2023-12-01", "2024-03-01")
    allocate(db, "X1", "C", "2024-03-01")
    episode(db, "X2", "2023-01-01")
    allocate(db, "X2", "A", "2023-01-01", "2023-09-30")  # ended the day the 12 months began: not in them
    allocate(db, "X2", "B", "2023-09-30", "2024-03-01")
    allocate(db, "X2", "C", "2024-03-01")
    episode(db, "X3", "2024-01-01")  # open under 12 months: not counted
    for w in ("A", "B", "C"):
        allocate(db, "X3", w, "2024-01-01")
    # X1: A, B, C -> yes; X2: B, C -> no -> 1 of 2.
    assert db.figure("worker_changes_3plus", "2024-09-01", "2024-09-30") == (1, 2, 50.0)


def test_supervision_on_time():
    db = Db()
    for child, last in (("S1", "2024-08-31"), ("S2", "2024-08-30"), ("S3", None)):
        episode(db, child, "2024-01-01")
        if last:
            db.add("ext_case_supervision", exts_person_id=child, exts_supervision_date=last)
    db.add("ext_case_supervision", exts_person_id="S3", exts_supervision_date="2024-10-01")  # after the window
    # 30 calendar days to 30 September: S1 (31 August, 30 days) in; S2 (31 days) out; S3 none -> 1 of 3.
    assert db.figure("supervision_on_time", "2024-09-01", "2024-09-30") == (1, 3, 100 / 3)


def test_audit_good_or_better():
    db = Db()
    for date, grade in (("2024-04-01", "good"), ("2024-07-01", "outstanding"), ("2024-08-01", "requires improvement"),
                        ("2025-03-31", "inadequate"), ("2024-09-01", None), ("2025-04-01", "good")):
        db.add("ext_case_audits", exta_person_id="P1", exta_audit_date=date, exta_audit_grade=grade)
    # Graded in the year: good, outstanding, requires improvement, inadequate -> 2 of 4.
    assert db.figure("audit_good_or_better", "2024-04-01", "2025-03-31") == (2, 4, 50.0)


def test_the_latest_open_episode_decides_the_team_even_when_it_has_none():
    db = Db()
    episode(db, "N1", "2024-01-01", team="T1")
    episode(db, "N1", "2024-05-01", team=None)  # the latest: no team, so the allocation then decides
    episode(db, "N2", "2024-01-01", team="T2")
    allocate(db, "N1", "W9", "2024-04-01", team="T9")
    cells = {c["key"]: c["numerator"] for c in db.window("cin_rate", "2024-09-01", "2024-09-30", by="team")["cells"]}
    assert cells == {"T9": 1, "T2": 1}
