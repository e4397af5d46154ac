"""Front door measures, hand-worked. Bank holidays used: Good Friday 29 March and Easter Monday
1 April 2024; Christmas Day and Boxing Day 2024 (Wednesday 25 and Thursday 26 December)."""

import pytest

from measures.builders import Db


@pytest.fixture
def contacts():
    db = Db()
    add = lambda cid, received, recorded=None, outcome=None, team="T1": db.add(  # noqa: E731
        "ssd_contacts", cont_contact_id=cid, cont_person_id="P1", cont_contact_date=received,
        cont_contact_recorded_date=recorded, cont_contact_outcome=outcome, cont_contact_team=team)
    # April 2024: the window's first and last days count, the days either side do not.
    add("A0", "2024-03-31", outcome="REF")  # Sunday before the window: out
    add("A1", "2024-04-01", outcome="REF")  # Easter Monday, the window's first day: in
    add("A2", "2024-04-15", outcome="NFA")
    add("A3", "2024-04-22")  # no outcome recorded: stays in the denominator
    add("A4", "2024-04-30", outcome="REF")  # the window's last day: in
    add("A5", "2024-05-01", outcome="REF")  # after the window: out
    # March 2024, recording delays in working days (day of receipt = day 0):
    add("M1", "2024-03-28", "2024-04-02")  # Thu -> Tue over Easter: Fri 29, Mon 1 are holidays: 1 wd, on time
    add("M2", "2024-03-01", "2024-03-04")  # Fri -> Mon: 1 wd, on time
    add("M3", "2024-03-01", "2024-03-05")  # Fri -> Tue: 2 wd, late
    add("M4", "2024-03-09", "2024-03-11")  # received on a Saturday -> Mon: 1 wd, on time
    add("M5", "2024-03-12")  # no recorded date: cannot be timed, left out
    add("M6", "2024-03-13", "2024-03-13")  # same day: 0 wd
    # December 2024 over Christmas:
    add("D1", "2024-12-24", "2024-12-27")  # Tue -> Fri, 25 and 26 are holidays: 1 wd, on time
    add("D2", "2024-12-23", "2024-12-27")  # Mon -> Fri: 24 is day 1, 27 is day 2: late
    return db


def test_contacts_counts_the_window_inclusive(contacts):
    # April: A1, A2, A3, A4 (A0 is 31 March, A5 is 1 May).
    assert contacts.figure("contacts", "2024-04-01", "2024-04-30") == (4, None, 4.0)


def test_contact_to_referral_keeps_contacts_without_an_outcome(contacts):
    # April: A1 REF, A2 NFA, A3 none, A4 REF -> 2 of 4.
    assert contacts.figure("contact_to_referral", "2024-04-01", "2024-04-30") == (2, 4, 50.0)


def test_contact_recording_late_counts_working_days_over_easter(contacts):
    # March: M1 1wd, M2 1wd, M3 2wd (late), M4 1wd, M6 0wd; M5 has no recorded date -> 1 of 5.
    # A1 (received 1 April) is outside this window.
    assert contacts.figure("contact_recording_late", "2024-03-01", "2024-03-31") == (1, 5, 20.0)
    assert contacts.flags("contact_recording_late", "2024-03-31", "2024-03-01") == {
        "M1": False, "M2": False, "M3": True, "M4": False, "M6": False}


def test_contact_recording_late_over_christmas(contacts):
    # D1: 1 wd (Christmas Day and Boxing Day skipped), on time; D2: 2 wd, late -> 1 of 2.
    assert contacts.figure("contact_recording_late", "2024-12-01", "2024-12-31") == (1, 2, 50.0)


@pytest.fixture
def referrals():
    db = Db()
    add = lambda rid, pid, date, nfa=None: db.add(  # noqa: E731
        "ssd_cin_episodes", cine_referral_id=rid, cine_person_id=pid, cine_referral_date=date, cine_referral_nfa=nfa)
    add("A1", "A", "2023-05-10")
    add("A2", "A", "2024-05-10", "N")  # previous referral exactly 12 months before: a re-referral
    add("B1", "B", "2023-05-09")
    add("B2", "B", "2024-05-10", "Y")  # previous 12 months and a day before: not a re-referral
    add("D1", "D", "2024-04-02")  # first ever
    add("D2", "D", "2024-09-01")  # previous in the same window: a re-referral
    add("E1", "E", "2024-03-31")  # the day before the window
    return db


def test_referrals_rate_uses_the_population_of_the_windows_year(referrals):
    # Year to 31 March 2025: A2, B2, D1, D2 = 4 referrals; population mid-2024 = 20,000 -> 2.0 per 10,000.
    assert referrals.figure("referrals_rate", "2024-04-01", "2025-03-31") == (4, 20_000, 2.0)
    # Year to 31 March 2024: A1, B1, E1 = 3; population mid-2023 = 10,000 -> 3.0.
    assert referrals.figure("referrals_rate", "2023-04-01", "2024-03-31") == (3, 10_000, 3.0)


def test_rereferral_12m_counts_a_previous_referral_up_to_exactly_12_months_before(referrals):
    # In the window: A2 yes, B2 no, D1 no, D2 yes -> 2 of 4.
    assert referrals.figure("rereferral_12m", "2024-04-01", "2025-03-31") == (2, 4, 50.0)
    assert referrals.flags("rereferral_12m", "2025-03-31") == {"A2": True, "B2": False, "D1": False, "D2": True}


def test_referral_nfa(referrals):
    # In the window: A2 N, B2 Y, D1 and D2 not recorded -> 1 of 4.
    assert referrals.figure("referral_nfa", "2024-04-01", "2025-03-31") == (1, 4, 25.0)
