"""Child protection measures, hand-worked.

From Monday 16 December 2024 (day 0) the 15th working day is Thursday 9 January 2025: 17-20 Dec = 4;
23, 24 = 6; Christmas Day and Boxing Day skipped; 27 = 7; 30, 31 = 9; New Year's Day skipped;
2, 3 Jan = 11; 6-9 Jan = 15. Friday 10 January is day 16.
"""

import pytest

from measures.builders import Db


@pytest.fixture
def conferences():
    db = Db()
    s47 = lambda sid, start: db.add("ssd_s47_enquiry", s47e_s47_enquiry_id=sid, s47e_person_id=sid,  # noqa: E731
                                    s47e_s47_start_date=start)
    icpc = lambda iid, date, sid=None, transfer=None, plan=None: db.add(  # noqa: E731
        "ssd_initial_cp_conference", icpc_icpc_id=iid, icpc_person_id=iid, icpc_s47_enquiry_id=sid,
        icpc_icpc_date=date, icpc_icpc_transfer_in=transfer, icpc_icpc_outcome_cp_flag=plan)
    for sid in ("S1", "S2", "S3", "S6"):
        s47(sid, "2024-12-16")
    s47("S4", "2025-01-20")
    icpc("I1", "2025-01-09", "S1", plan="Y")  # day 15: in time
    icpc("I2", "2025-01-10", "S2", plan="N")  # day 16: late
    icpc("I3", "2025-01-02", "S3", transfer="Y", plan="Y")  # transfer-in: excluded
    icpc("I4", "2025-01-15", "S4")  # dated before its section 47 started: excluded from timeliness
    icpc("I5", "2025-01-20", None, plan="Y")  # no section 47 to time it from: excluded from timeliness
    icpc("I6", "2024-11-29", "S6", plan="Y")  # before the window
    return db


WINDOW = ("2024-12-01", "2025-01-31")


def test_icpc_15wd_over_christmas_excluding_transfer_in_and_out_of_sequence(conferences):
    # Timed: I1 (15 wd, in), I2 (16 wd, out) -> 1 of 2. I3 transfer-in, I4 before its s47, I5 no s47.
    assert conferences.figure("icpc_15wd", *WINDOW) == (1, 2, 50.0)
    rows = {r["record_id"]: r for r in conferences.children("icpc_15wd", WINDOW[1], WINDOW[0])}
    assert {k: r["value"] for k, r in rows.items()} == {"I1": 15, "I2": 16}
    assert rows["I2"]["due_date"] == "2025-01-09"


def test_icpc_to_plan_excludes_only_transfer_in(conferences):
    # I1 Y, I2 N, I4 not recorded, I5 Y -> 2 of 4 (I3 transfer-in, I6 before the window).
    assert conferences.figure("icpc_to_plan", *WINDOW) == (2, 4, 50.0)


def test_s47_rate(conferences):
    # Started in the year to 31 March 2025: S1, S2, S3, S6 (16 Dec), S4 (20 Jan) = 5; population 20,000.
    assert conferences.figure("s47_rate", "2024-04-01", "2025-03-31") == (5, 20_000, 2.5)


@pytest.fixture
def plans():
    db = Db()
    plan = lambda pid, person, start, end=None, ola=None: db.add(  # noqa: E731
        "ssd_cp_plans", cppl_cp_plan_id=pid, cppl_person_id=person, cppl_cp_plan_start_date=start,
        cppl_cp_plan_end_date=end, cppl_cp_plan_ola=ola)
    # Open at 31 March 2025?
    plan("O1", "K1", "2024-06-01")  # yes
    plan("O2", "K2", "2024-01-01", "2025-03-31")  # ended that day: no
    plan("O3", "K3", "2025-03-31")  # started that day: yes
    plan("O4", "K4", "2024-02-01", ola="Y")  # another authority's plan: no
    plan("O5", "K5", "2023-09-30")  # two open plans for one child: counted once
    plan("O6", "K5", "2023-10-01")
    # Ended in the year to 31 March 2025, and how long they lasted:
    plan("E1", "L1", "2022-05-10", "2024-05-10")  # exactly 2 years: counts
    plan("E2", "L2", "2022-05-11", "2024-05-10")  # a day short
    plan("E3", "L3", "2022-02-28", "2025-03-31")  # ended on the window's last day, 3 years
    plan("E4", "L4", "2021-01-01", "2024-03-31")  # ended the day before the window
    return db


def test_cp_rate_counts_children_once_at_the_end_of_the_day(plans):
    # K1, K3, K5 = 3 children; 3 / 20,000 x 10,000 = 1.5.
    assert plans.figure("cp_rate", "2025-03-01", "2025-03-31") == (3, 20_000, 1.5)


def test_cp_ended_2yrs(plans):
    # Ended in the window: E1 (2 years, yes), E2 (no), E3 (yes), O2 (ended 31 March 2025 after 15 months, no).
    assert plans.figure("cp_ended_2yrs", "2024-04-01", "2025-03-31") == (2, 4, 50.0)


def test_cp_open_18m(plans):
    # Open at 31 March 2025: K1 (from 1 June 2024: no), K3 (no), K5's latest plan O6 (from 1 October 2023:
    # a day short of 18 months). A child is counted once, by the latest open plan, so O5 (exactly 18
    # months) does not count: 0 of 3.
    assert plans.figure("cp_open_18m", "2025-03-01", "2025-03-31") == (0, 3, 0.0)
    # At 1 April 2025 O6 has lasted exactly 18 months: 1 of 3 (O1 and O3 have not).
    assert plans.figure("cp_open_18m", "2025-04-01", "2025-04-01") == (1, 3, 100 / 3)


@pytest.fixture
def repeats():
    db = Db()
    plan = lambda pid, person, start, end=None: db.add(  # noqa: E731
        "ssd_cp_plans", cppl_cp_plan_id=pid, cppl_person_id=person, cppl_cp_plan_start_date=start,
        cppl_cp_plan_end_date=end)
    plan("A1", "A", "2015-01-01", "2015-06-01")
    plan("A2", "A", "2024-05-01")  # earlier plan nine years ago: a repeat, not within 2 years
    plan("B1", "B", "2024-06-01")  # first plan
    plan("C1", "C", "2024-04-01", "2024-08-01")  # first plan, on the window's first day
    plan("C2", "C", "2024-08-02")  # the plan restarts the next day: repeat within 2 years
    plan("E1", "E", "2020-01-01", "2022-05-01")
    plan("E2", "E", "2024-05-01")  # earlier plan ended exactly 2 years before: within
    plan("F1", "F", "2020-01-01", "2022-04-30")
    plan("F2", "F", "2024-05-01")  # earlier plan ended 2 years and a day before: not within
    plan("D1", "D", "2024-03-31")  # before the window
    return db


def test_cp_repeat_any_earlier_plan(repeats):
    # Started in the window: A2 yes, B1 no, C1 no, C2 yes, E2 yes, F2 yes -> 4 of 6.
    assert repeats.figure("cp_repeat", "2024-04-01", "2025-03-31") == (4, 6, 400 / 6)


def test_cp_repeat_2yrs(repeats):
    # A2 no (2015), B1 no, C1 no, C2 yes (ended the day before), E2 yes (exactly 2 years), F2 no -> 2 of 6.
    assert repeats.figure("cp_repeat_2yrs", "2024-04-01", "2025-03-31") == (2, 6, 200 / 6)
    assert repeats.flags("cp_repeat_2yrs", "2025-03-31") == {
        "A2": False, "B1": False, "C1": False, "C2": True, "E2": True, "F2": False}


@pytest.fixture
def visits():
    """Working days back from Tuesday 31 December 2024: 30 Dec = 1, 27 = 2 (25 and 26 are holidays),
    24 = 3, 23 = 4, 20 = 5, 19 = 6, 18 = 7, 17 = 8, 16 = 9, Friday 13 = 10, Thursday 12 = 11."""
    db = Db()
    for k in ("K1", "K2", "K3", "K4", "K5"):
        db.add("ssd_cp_plans", cppl_cp_plan_id=f"plan-{k}", cppl_person_id=k, cppl_cp_plan_start_date="2024-06-01")
    visit = lambda vid, k, date, seen="Y", alone=None: db.add(  # noqa: E731
        "ssd_cp_visits", cppv_cp_visit_id=vid, cppv_person_id=k, cppv_cp_visit_date=date,
        cppv_cp_visit_seen=seen, cppv_cp_visit_seen_alone=alone)
    visit("V1", "K1", "2024-12-13", alone="Y")  # 10 wd before: in time
    visit("V2", "K2", "2024-12-12", alone="N")  # 11 wd: not
    visit("V3", "K3", "2024-12-20", seen="N")  # child not seen: does not count
    visit("V4", "K3", "2024-12-10", alone="Y")
    visit("V5", "K4", "2025-01-02", alone="Y")  # after the window end: does not count
    visit("V6", "K5", "2024-12-31", seen=None)  # seen not recorded: counts as a visit
    return db


def test_cp_visit_10wd_over_christmas(visits):
    # K1 in, K2 out, K3 out (its 20 Dec visit did not see the child), K4 out, K5 in -> 2 of 5.
    assert visits.figure("cp_visit_10wd", "2024-12-01", "2024-12-31") == (2, 5, 40.0)
    assert visits.flags("cp_visit_10wd", "2024-12-31") == {
        "plan-K1": True, "plan-K2": False, "plan-K3": False, "plan-K4": False, "plan-K5": True}


def test_cp_visit_seen_alone(visits):
    # December visits where the child was seen: V1 Y, V2 N, V4 Y, V6 not recorded -> 2 of 4 (V3 not seen).
    assert visits.figure("cp_visit_seen_alone", "2024-12-01", "2024-12-31") == (2, 4, 50.0)


def test_cp_review_on_time():
    db = Db()
    plan = lambda pid, start: db.add("ssd_cp_plans", cppl_cp_plan_id=pid, cppl_person_id=pid,  # noqa: E731
                                     cppl_cp_plan_start_date=start)
    review = lambda pid, date: db.add("ssd_cp_reviews", cppr_person_id=pid, cppr_cp_plan_id=pid,  # noqa: E731
                                      cppr_cp_review_date=date)
    plan("RA", "2024-06-15")
    review("RA", "2024-09-15")  # exactly 3 months: on time
    review("RA", "2025-03-15")  # exactly 6 months later: on time; next due 15 September
    plan("RB", "2024-06-15")
    review("RB", "2024-09-16")  # a day late
    review("RB", "2025-03-01")
    plan("RC", "2024-09-30")  # no review; due 30 December 2024: overdue
    plan("RD", "2024-12-31")  # 3 months to the day: due 31 March 2025, not yet overdue
    plan("RE", "2025-01-15")  # under 3 months: not counted
    plan("RF", "2024-03-01")
    review("RF", "2024-06-01")
    review("RF", "2024-12-01")
    review("RF", "2025-04-10")  # after the window end: ignored
    plan("RG", "2023-01-01")
    review("RG", "2023-04-15")  # late, but before the window (the year to 31 March 2025)
    review("RG", "2023-10-15")
    review("RG", "2024-04-15")
    review("RG", "2024-10-15")  # reviews in the window on time; next due 15 April 2025
    # Year to 31 March 2025: RA in, RB out, RC out, RD in, RF in, RG in -> 4 of 6.
    assert db.figure("cp_review_on_time", "2024-04-01", "2025-03-31") == (4, 6, 400 / 6)
    # The month of March 2025 alone: RB's late review (September) is outside it -> 5 of 6.
    assert db.figure("cp_review_on_time", "2025-03-01", "2025-03-31") == (5, 6, 500 / 6)
    rows = {r["record_id"]: r for r in db.children("cp_review_on_time", "2025-03-31")}
    assert rows["RC"]["due_date"] == "2024-12-30" and rows["RA"]["due_date"] == "2025-09-15"
