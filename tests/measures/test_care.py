"""Children in care measures, hand-worked. Snapshots are at Monday 31 March 2025 unless stated."""

import pytest

from measures.builders import Db

END = ("2025-03-01", "2025-03-31")
YEAR = ("2024-04-01", "2025-03-31")


def episode(db, person, start, end=None, reason="S", ceased=None, cla_id=None, entered=None, team="T1"):
    return db.add("ssd_cla_episodes", clae_cla_episode_id=f"E-{person}-{start}", clae_person_id=person,
                  clae_cla_episode_start_date=start, clae_cla_episode_ceased_date=end, clae_cla_episode_start_reason=reason,
                  clae_cla_episode_ceased_reason=ceased, clae_cla_id=cla_id or f"C-{person}",
                  clae_entered_care_date=entered, clae_cla_team=team)


def placement(db, person, start, end=None, kind="U4", distance=None, unregistered=None, long_term=None):
    return db.add("ssd_cla_placement", clap_cla_placement_id=f"PL-{person}-{start}", clap_person_id=person,
                  clap_cla_placement_start_date=start, clap_cla_placement_end_date=end, clap_cla_placement_type=kind,
                  clap_cla_placement_distance=distance, clap_cla_placement_unregistered=unregistered,
                  clap_cla_placement_long_term=long_term)


def test_cla_rate_and_starts():
    db = Db()
    episode(db, "L1", "2024-01-10")  # looked after at the end
    episode(db, "L2", "2023-05-01", "2025-03-31", ceased="E13")  # ceased that day: not looked after at its end
    episode(db, "L3", "2024-05-01")  # short breaks only (V3): not counted
    db.add("ssd_legal_status", lega_person_id="L3", lega_legal_status="V3", lega_legal_status_start_date="2024-05-01")
    episode(db, "L4", "2024-01-01", "2024-06-01", ceased="X1")  # two episodes of one period of care
    episode(db, "L4", "2024-06-01", reason="P")
    episode(db, "L5", "2024-04-01")  # started on the window's first day
    episode(db, "L6", "2024-08-01", reason=None)  # no reason, continues nothing: a start
    episode(db, "L7", "2024-05-01", "2024-07-01", ceased="X1")
    episode(db, "L7", "2024-07-01", "2024-12-01", reason=None, ceased="E13")  # no reason, but continues: not a start
    # Looked after at 31 March 2025: L1, L4, L5, L6 -> 4 / 20,000 x 10,000 = 2.0.
    assert db.figure("cla_rate", *END) == (4, 20_000, 2.0)
    # Started in the year: L5 (S), L6 (no reason, new), L7's first episode (S) -> 3. Not L4's second
    # episode (P), L7's second (continues), or L3 (short breaks).
    assert db.figure("cla_starts", *YEAR) == (3, None, 3.0)


def test_cla_3plus_placements_counts_a_placement_running_into_the_window():
    db = Db()
    episode(db, "M1", "2023-06-01")
    placement(db, "M1", "2024-01-01", "2024-04-01")  # ended on the window's first day: counts
    placement(db, "M1", "2024-04-01", "2024-10-01")
    placement(db, "M1", "2024-10-01")  # 3 -> yes
    episode(db, "M2", "2022-06-01")
    placement(db, "M2", "2023-01-01", "2024-03-31")  # ended the day before the window
    placement(db, "M2", "2024-03-31", "2024-12-01")  # running into the window: counts once
    placement(db, "M2", "2024-12-01")  # 2 -> no
    episode(db, "M3", "2024-04-10", "2025-01-01", ceased="E13")  # not looked after at the end: left out
    for start in ("2024-04-10", "2024-06-01", "2024-09-01"):
        placement(db, "M3", start)
    assert db.figure("cla_3plus_placements", *YEAR) == (1, 2, 50.0)
    assert db.flags("cla_3plus_placements", YEAR[1], YEAR[0]) == {"M1": True, "M2": False}


def test_cla_long_term_stability():
    db = Db()
    kid = lambda pid, dob="2015-01-01": db.person(pid, dob)  # noqa: E731
    kid("S1")
    episode(db, "S1", "2022-01-01", "2024-01-01", ceased="X1")  # one period of care over two episodes
    episode(db, "S1", "2024-01-01", reason="P")
    placement(db, "S1", "2023-03-31")  # exactly 2 years: yes
    kid("S2")
    episode(db, "S2", "2022-01-01")
    placement(db, "S2", "2023-04-01")  # a day short of 2 years: no
    kid("S3", "2009-03-31")  # 16 on the snapshot day: not counted
    episode(db, "S3", "2020-01-01")
    placement(db, "S3", "2020-01-01")
    kid("S3b", "2009-04-01")  # 15 until tomorrow: counted
    episode(db, "S3b", "2020-01-01")
    placement(db, "S3b", "2020-01-01")  # yes
    kid("S4")
    episode(db, "S4", "2022-10-01", "2023-06-01", ceased="X1", cla_id="C-S4")  # care from 1 Oct 2022: under 2.5 years
    episode(db, "S4", "2023-06-01", reason="P", cla_id="C-S4")
    placement(db, "S4", "2022-10-01")
    kid("S5")
    episode(db, "S5", "2021-01-01", entered="2021-01-01")
    placement(db, "S5", "2023-01-01", "2024-12-01")  # with the adoptive placement, over 2 years: yes
    placement(db, "S5", "2024-12-01", kind="A4")
    # Counted: S1 (yes), S2 (no), S3b (yes), S5 (yes) -> 3 of 4.
    assert db.figure("cla_long_term_stability", *END) == (3, 4, 75.0)
    assert db.flags("cla_long_term_stability", END[1]) == {"S1": True, "S2": False, "S3b": True, "S5": True}


@pytest.fixture
def placed():
    db = Db()
    for pid, dob, kind, distance, unregistered in (
        ("D1", "2012-01-01", "U4", 25, None),  # over 20 miles
        ("D2", "2012-01-01", "U4", 20, None),  # exactly 20: not over
        ("D3", "2012-01-01", "U4", None, None),  # distance unknown: left out
        ("D4", "2012-01-01", "R1", 5, "Y"),  # unregistered home
        ("D5", "2010-01-01", "H5", 5, None),  # semi-independent at 15: unregulated, unlawful
        ("D6", "2009-03-31", "H5", 5, None),  # 16 on the snapshot day: lawful
    ):
        db.person(pid, dob)
        episode(db, pid, "2024-01-01")
        placement(db, pid, "2024-01-01", kind=kind, distance=distance, unregistered=unregistered)
    db.add("ssd_cla_visits", clav_person_id="D4", clav_cla_visit_date="2025-03-24", clav_cla_visit_seen="Y")
    db.add("ssd_cla_visits", clav_person_id="D5", clav_cla_visit_date="2025-03-23", clav_cla_visit_seen="Y")
    return db


def test_cla_over_20_miles(placed):
    # Known distances: D1 25, D2 20, D4 5, D5 5, D6 5 -> 1 of 5.
    assert placed.figure("cla_over_20_miles", *END) == (1, 5, 20.0)


def test_cla_unregistered(placed):
    # D4 (unregistered) and D5 (H5 under 16) -> 2.
    assert placed.figure("cla_unregistered", *END) == (2, None, 2.0)


def test_cla_unregistered_visited_7d(placed):
    # D4 seen 24 March (7 days before): in; D5 seen 23 March (8 days): out -> 1 of 2.
    assert placed.figure("cla_unregistered_visited_7d", *END) == (1, 2, 50.0)


def test_cla_visit_on_time_follows_regulation_28():
    db = Db()

    def child(pid, start, visits=(), long_term=None, earlier=None):
        episode(db, pid, "2022-06-01")
        if earlier:
            placement(db, pid, earlier, start)
        placement(db, pid, start, long_term=long_term)
        for v in visits:
            db.add("ssd_cla_visits", clav_person_id=pid, clav_cla_visit_date=v, clav_cla_visit_seen="Y")

    child("V1", "2025-03-25")  # new placement, first visit due 1 April: not overdue
    child("V2", "2025-03-20")  # first visit was due 27 March: overdue
    child("V3", "2024-12-01", ["2025-02-17"])  # first year: due 6 weeks later, 31 March: on time
    child("V4", "2024-12-01", ["2025-02-16"])  # due 30 March: overdue
    child("V5", "2023-01-01", ["2025-01-01"], long_term="Y")  # long-term, after year 1: due 1 April
    child("V6", "2023-01-01", ["2025-01-01"])  # not long-term: due 12 February: overdue
    child("V7", "2025-03-01", ["2025-02-28"], earlier="2022-06-01")  # last visit was in the previous placement
    # In: V1, V3, V5 -> 3 of 7.
    assert db.figure("cla_visit_on_time", *END) == (3, 7, 300 / 7)
    due = {r["record_id"]: r["due_date"] for r in db.children("cla_visit_on_time", END[1])}
    assert due == {"V1": "2025-04-01", "V2": "2025-03-27", "V3": "2025-03-31", "V4": "2025-03-30",
                   "V5": "2025-04-01", "V6": "2025-02-12", "V7": "2025-03-08"}


def test_cla_review_on_time_follows_regulation_33():
    """From Monday 3 March 2025 the 20th working day is Monday 31 March; from Friday 28 February it is
    Friday 28 March. From Monday 2 December 2024 it is Thursday 2 January 2025 (Christmas Day, Boxing
    Day and New Year's Day skipped: 3-6 Dec = 4, 9-13 = 9, 16-20 = 14, 23-24 = 16, 27 = 17, 30-31 = 19, 2 Jan = 20)."""
    db = Db()

    def child(pid, entered, reviews=(), cancelled=()):
        episode(db, pid, entered)
        for r in reviews:
            db.add("ssd_cla_reviews", clar_cla_person_id=pid, clar_cla_review_date=r)
        for r in cancelled:
            db.add("ssd_cla_reviews", clar_cla_person_id=pid, clar_cla_review_date=r, clar_cla_review_cancelled="Y")

    child("C1", "2025-03-03")  # first review due 31 March: not overdue
    child("C2", "2025-02-28")  # first review was due 28 March: overdue
    child("C3", "2024-12-02", ["2025-01-02"])  # on the 20th working day; second due 2 April
    child("C4", "2024-12-02", ["2025-01-03"])  # a working day late
    child("C5", "2024-01-08", ["2024-02-01", "2024-05-01", "2024-11-01"], cancelled=["2025-01-01"])  # all on time
    episode(db, "C6", "2023-01-01", "2023-06-01", ceased="E13", cla_id="C-C6-old")  # an earlier period, never reviewed
    episode(db, "C6", "2025-03-20", cla_id="C-C6-new")  # back in care: only this period's reviews matter
    child("C7", "2023-01-02", ["2023-03-01", "2023-06-01", "2023-12-01", "2024-06-01", "2024-12-01"])
    # C7's first review was late (1 March 2023, more than 20 working days), before the window.
    # Year to 31 March 2025: in C1, C3, C5, C6, C7 -> 5 of 7.
    assert db.figure("cla_review_on_time", *YEAR) == (5, 7, 500 / 7)
    due = {r["record_id"]: r["due_date"] for r in db.children("cla_review_on_time", END[1])}
    assert due["C1"] == "2025-03-31" and due["C2"] == "2025-03-28" and due["C3"] == "2025-04-02"
    assert due["C5"] == "2025-05-01"


def test_cla_health_assessment():
    db = Db()
    for pid, entered, check, kind in (
        ("H1", "2023-01-01", "2024-04-01", "Health assessment"),  # within the last 12 months
        ("H2", "2023-01-01", "2024-03-31", "Health assessment"),  # 12 months and a day: out of date
        ("H3", "2023-01-01", "2025-01-01", "Dental check"),  # not a health assessment
        ("H4", "2024-06-01", "2024-07-01", "Health assessment"),  # in care under 12 months: left out
    ):
        episode(db, pid, entered)
        db.add("ssd_cla_health", clah_person_id=pid, clah_health_check_date=check, clah_health_check_type=kind)
    assert db.figure("cla_health_assessment", *END) == (1, 3, 100 / 3)


def test_cla_missing_counts_children_looked_after_during_the_window():
    db = Db()
    missing = lambda pid, date, kind="M": db.add(  # noqa: E731
        "ssd_missing", miss_person_id=pid, miss_missing_episode_start_date=date, miss_missing_episode_type=kind)
    episode(db, "G1", "2023-01-01")
    missing("G1", "2024-06-01")  # missing while looked after: yes
    episode(db, "G2", "2023-01-01")
    missing("G2", "2024-06-01", "A")  # away from placement, not missing: no
    episode(db, "G3", "2023-01-01", "2024-05-01", ceased="E13")
    missing("G3", "2024-06-01")  # after leaving care: no
    episode(db, "G4", "2025-02-01")
    missing("G4", "2025-01-15")  # before coming into care: no
    episode(db, "G5", "2023-01-01", "2024-04-01", ceased="E13")  # left on the window's first day: counted
    episode(db, "G6", "2023-01-01", "2024-03-31", ceased="E13")  # left before the window
    # Looked after during the year: G1-G5 -> 1 of 5.
    assert db.figure("cla_missing", *YEAR) == (1, 5, 20.0)


def test_rhi_offered_and_accepted():
    db = Db()
    for end, kind, offered, accepted in (
        ("2024-05-01", "M", "Y", "Y"), ("2024-06-01", "M", "Y", "N"), ("2024-07-01", "M", "N", None),
        ("2024-08-01", "M", None, None),
        ("2024-09-01", "A", "Y", "Y"),  # away, not missing: left out
        ("2025-04-01", "M", "Y", "Y"),  # returned after the window
        (None, "M", None, None),  # not yet returned
    ):
        db.add("ssd_missing", miss_person_id="P1", miss_missing_episode_start_date="2024-04-20",
               miss_missing_episode_end_date=end, miss_missing_episode_type=kind,
               miss_missing_rhi_offered=offered, miss_missing_rhi_accepted=accepted)
    assert db.figure("rhi_offered", *YEAR) == (2, 4, 50.0)
    assert db.figure("rhi_accepted", *YEAR) == (1, 2, 50.0)


def test_adoption_a1_days():
    db = Db()
    episode(db, "A1", "2022-01-01", "2023-01-01", ceased="E11")
    db.add("ssd_permanence", perm_person_id="A1", perm_placed_for_adoption_date="2022-07-01")  # 181 days
    episode(db, "A2", "2021-06-01", "2022-12-01", ceased="E11")
    db.add("ssd_permanence", perm_person_id="A2", perm_adopted_by_carer_flag="Y",
           perm_placed_foster_carer_date="2021-07-01", perm_placed_for_adoption_date="2022-06-01")  # by carer: 30 days
    episode(db, "A3", "2023-01-01", "2024-01-01", ceased="E12")
    placement(db, "A3", "2023-06-01", kind="A6")  # no permanence row: the adoptive placement, 151 days
    episode(db, "A4", "2020-01-01", "2022-03-31", ceased="E11")  # adopted just over 3 years before
    db.add("ssd_permanence", perm_person_id="A4", perm_placed_for_adoption_date="2021-01-01")
    episode(db, "A5", "2023-01-01", "2025-04-01", ceased="E11")  # adopted after the window
    db.add("ssd_permanence", perm_person_id="A5", perm_placed_for_adoption_date="2024-01-01")
    # (181 + 30 + 151) / 3.
    assert db.figure("adoption_a1_days", *END) == (None, 3, 362 / 3)


def test_cla_ceased_sgo_or_adoption():
    db = Db()
    for i, reason in enumerate(("E11", "E45", "E13", "X1", None)):
        episode(db, f"Q{i}", "2023-01-01", "2024-06-01", ceased=reason)
    # E11 yes, E45 yes, E13 no, X1 (not leaving care) left out, no reason no -> 2 of 4.
    assert db.figure("cla_ceased_sgo_or_adoption", *YEAR) == (2, 4, 50.0)


def test_uasc_looked_after():
    db = Db()
    status = lambda pid, code, start, end=None: db.add(  # noqa: E731
        "ssd_immigration_status", immi_person_id=pid, immi_immigration_status=code,
        immi_immigration_status_start_date=start, immi_immigration_status_end_date=end)
    for pid in ("Y1", "Y2", "Y3"):
        episode(db, pid, "2024-01-01")
    status("Y1", "UASC", "2024-01-01")
    status("Y2", "UASC", "2024-01-01", "2025-03-30")  # status ended before the snapshot
    status("Y3", "REF", "2024-01-01")
    status("Y4", "UASC", "2024-01-01")  # not looked after
    assert db.figure("uasc_looked_after", *END) == (1, None, 1.0)
