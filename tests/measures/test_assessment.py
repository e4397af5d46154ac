"""Assessment measures, hand-worked.

From Monday 25 March 2024 (day 0) the 45th working day is Friday 31 May 2024: Good Friday (29 Mar),
Easter Monday (1 Apr), the early May (6 May) and spring (27 May) bank holidays are skipped. Counting:
26-28 Mar = 3; 2-5 Apr = 7; 8-12 = 12; 15-19 = 17; 22-26 = 22; 29 Apr-3 May = 27; 7-10 May = 31;
13-17 = 36; 20-24 = 41; 28-31 May = 45. Monday 3 June is day 46.
"""

import pytest

from measures.builders import Db


@pytest.fixture
def db():
    db = Db()
    add = lambda aid, start, auth, seen=None, nfa=None: db.add(  # noqa: E731
        "ssd_cin_assessments", cina_assessment_id=aid, cina_person_id="P1", cina_assessment_start_date=start,
        cina_assessment_auth_date=auth, cina_assessment_child_seen=seen, cina_assessment_outcome_nfa=nfa,
        cina_assessment_team="T1", cina_assessment_worker_id="W1")
    add("A1", "2024-03-25", "2024-05-31", "Y")  # 45 wd: on time
    add("A2", "2024-03-25", "2024-06-03", "N", "Y")  # 46 wd: late; not in need
    add("A3", "2024-06-28", "2024-07-01", "Y")  # authorised after the window: out
    add("A4", "2024-01-02", "2024-04-01")  # authorised on Easter Monday, the window's first day: in; 62 wd
    add("A5", "2024-04-10", None)  # not authorised: not in an authorised-in-window measure
    add("A6", "2024-06-03", "2024-06-10", "Y")  # Monday to Monday: 5 wd
    add("A7", "2024-03-22", None)  # open since Friday 22 March
    return db


WINDOW = ("2024-04-01", "2024-06-30")


def test_assessment_45wd_counts_bank_holidays_out(db):
    # Authorised in the window: A1 (45, in), A2 (46, out), A4 (62, out), A6 (5, in) -> 2 of 4.
    # A4: Tue 2 Jan is day 0; 3-31 Jan = 21 wd, February 21, 1-28 March 20 (Good Friday out), Easter
    # Monday adds none: 62.
    assert db.figure("assessment_45wd", *WINDOW) == (2, 4, 50.0)
    rows = {r["record_id"]: r for r in db.children("assessment_45wd", WINDOW[1], WINDOW[0])}
    assert {k: (r["in_numerator"], r["value"]) for k, r in rows.items()} == {
        "A1": (True, 45), "A2": (False, 46), "A4": (False, 62), "A6": (True, 5)}
    assert rows["A2"]["due_date"] == "2024-05-31"  # the 45th working day from the start
    assert "started 2024-03-25" in rows["A2"]["decided_by"] and "authorised 2024-06-03" in rows["A2"]["decided_by"]


def test_assessment_median_wd(db):
    # Values 5, 45, 46, 62 -> median (45 + 46) / 2.
    assert db.figure("assessment_median_wd", *WINDOW) == (None, 4, 45.5)


def test_assessment_child_seen_treats_an_empty_flag_as_not_seen(db):
    # A1 Y, A2 N, A4 empty, A6 Y -> 2 of 4.
    assert db.figure("assessment_child_seen", *WINDOW) == (2, 4, 50.0)


def test_assessment_not_in_need(db):
    # A2 only -> 1 of 4.
    assert db.figure("assessment_not_in_need", *WINDOW) == (1, 4, 25.0)


def test_assessment_open_over_45wd_at_the_window_end(db):
    # At Friday 31 May: A1 was authorised that day (closed). A2 open, 45 wd: not over. A7 open since
    # Friday 22 March: 46 wd: over. A5 open since 10 April: 35 wd. -> 1.
    assert db.figure("assessment_open_over_45wd", "2024-05-01", "2024-05-31") == (1, None, 1.0)
    assert db.flags("assessment_open_over_45wd", "2024-05-31") == {"A2": False, "A5": False, "A7": True}
    # At Monday 3 June: A2 authorised that day (closed); A7 47 wd; A6 started that day (0 wd) -> 1.
    assert db.flags("assessment_open_over_45wd", "2024-06-03") == {"A5": False, "A6": False, "A7": True}
