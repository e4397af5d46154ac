"""The engine: breakdown cells, attribution to teams and workers, series against single windows."""

import datetime as dt

import pytest

from lineofsight.measures import engine, selectors
from lineofsight.measures.engine import MeasureError
from measures.builders import Db, d


def referral(db, rid, person, date, team=None, worker=None, nfa=None):
    return db.add("ssd_cin_episodes", cine_referral_id=rid, cine_person_id=person, cine_referral_date=date,
                  cine_referral_team=team, cine_referral_worker_id=worker, cine_referral_nfa=nfa)


def cells(db, measure_id, from_, to, by):
    return {c["key"]: c["numerator"] for c in db.window(measure_id, from_, to, by=by)["cells"]}


def test_age_bands_at_the_event_date_including_turning_18_and_unborn():
    db = Db()
    db.person("A", "2006-05-10")  # 18 on 10 May 2024
    db.person("B", "2006-05-10")
    db.person("C", "2024-08-01")  # not yet born at its referral
    db.person("D", "2024-01-01")
    db.person("E", None)
    db.person("F", "2020-02-29")  # born on 29 February: 4 on 1 March 2024, not 28 February... of 2025
    referral(db, "R1", "A", "2024-05-09")  # the day before: 17 -> 16 to 17
    referral(db, "R2", "B", "2024-05-10")  # the birthday: 18 and over
    referral(db, "R3", "C", "2024-06-01")  # unborn
    referral(db, "R4", "D", "2024-06-01")  # 5 months: under 1
    referral(db, "R5", "E", "2024-06-01")  # no date of birth
    referral(db, "R6", "F", "2025-02-28")  # 4 until 1 March 2025 (29 Feb birthday): 1 to 4
    referral(db, "R7", "F", "2025-03-01")  # 5: 5 to 9
    assert cells(db, "referrals_rate", "2024-04-01", "2025-03-31", "age") == {
        "16 to 17": 1, "18 and over": 1, "Unborn": 1, "Under 1": 1, "Not recorded": 1, "1 to 4": 1, "5 to 9": 1}


def test_each_age_band_starts_on_its_birthday():
    """DfE's bands by whole years of age (engine.BAND_OF_YEARS): the day before each band's first
    birthday is still in the band below, the birthday itself in the band (hand-worked: born 10 June 2000)."""
    db = Db()
    edges = {1: ("Under 1", "1 to 4"), 5: ("1 to 4", "5 to 9"), 10: ("5 to 9", "10 to 15"),
             16: ("10 to 15", "16 to 17"), 18: ("16 to 17", "18 and over")}
    expected: dict[str, int] = {}
    for years, (before, on) in edges.items():
        for person, day, band in ((f"P{years}a", f"{2000 + years}-06-09", before),
                                  (f"P{years}b", f"{2000 + years}-06-10", on)):
            db.person(person, "2000-06-10")
            referral(db, f"R-{person}", person, day)
            expected[band] = expected.get(band, 0) + 1
    assert cells(db, "referrals_rate", "2001-01-01", "2018-12-31", "age") == expected


def test_snapshot_measures_take_age_at_the_window_end():
    db = Db()
    db.person("K", "2007-04-01")  # 18 on 1 April 2025
    db.add("ssd_cla_episodes", clae_person_id="K", clae_cla_episode_start_date="2024-01-01",
           clae_cla_episode_start_reason="S")
    assert cells(db, "cla_rate", "2025-03-01", "2025-03-31", "age") == {"16 to 17": 1}
    assert cells(db, "cla_rate", "2025-04-01", "2025-04-01", "age") == {"18 and over": 1}


def test_sex_ethnicity_disability_and_uasc_cells():
    db = Db()
    people = [("P1", "M", "WBRI"), ("P2", "F", "MWBA"), ("P3", "U", "APKN"), ("P4", None, "BCRB"),
              ("P5", "F", "CHNE"), ("P6", "M", "REFU"), ("P7", "F", None)]
    for pid, sex, eth in people:
        db.add("ssd_person", pers_person_id=pid, pers_sex=sex, pers_ethnicity=eth, pers_dob="2015-01-01")
        referral(db, f"R-{pid}", pid, "2024-06-01")
    db.add("ssd_disability", disa_person_id="P1", disa_disability_code="NONE")  # NONE is not a disability
    db.add("ssd_disability", disa_person_id="P2", disa_disability_code="AUT")
    db.add("ssd_disability", disa_person_id="P2", disa_disability_code="LD")  # two rows: still one child
    db.add("ssd_immigration_status", immi_person_id="P3", immi_immigration_status="UASC",
           immi_immigration_status_start_date="2024-01-01")
    db.add("ssd_immigration_status", immi_person_id="P4", immi_immigration_status="UASC",
           immi_immigration_status_start_date="2024-07-01")  # status from after the referral
    window = ("2024-04-01", "2025-03-31")
    assert cells(db, "referrals_rate", *window, "sex") == {"Male": 2, "Female": 3, "Unknown": 2}
    assert cells(db, "referrals_rate", *window, "ethnicity") == {
        "White": 1, "Mixed": 1, "Asian": 1, "Black": 1, "Other": 1, "Refused or not obtained": 2}
    assert cells(db, "referrals_rate", *window, "disability") == {"Disabled": 1, "Not disabled": 6}
    assert cells(db, "referrals_rate", *window, "uasc") == {"UASC": 1, "Not UASC": 6}


def test_team_and_worker_fall_back_to_the_allocated_social_worker_on_the_date():
    db = Db()
    referral(db, "R1", "P1", "2024-06-01", team="T9", worker="W9")  # its own team and worker
    referral(db, "R2", "P2", "2024-06-01")  # none recorded: the allocation running that day
    db.add("ssd_involvements", invo_person_id="P2", invo_professional_id="W1", invo_professional_team="T1",
           invo_professional_role_id="SW", invo_involvement_start_date="2024-05-01", invo_involvement_end_date="2024-07-01")
    db.add("ssd_involvements", invo_person_id="P2", invo_professional_id="W2", invo_professional_team="T2",
           invo_professional_role_id="SW", invo_involvement_start_date="2024-07-01")
    referral(db, "R3", "P3", "2024-06-01")  # allocation ended before the referral: none
    db.add("ssd_involvements", invo_person_id="P3", invo_professional_id="W3", invo_professional_team="T3",
           invo_professional_role_id="SW", invo_involvement_start_date="2024-01-01", invo_involvement_end_date="2024-05-01")
    window = ("2024-06-01", "2024-06-30")
    assert cells(db, "referrals_rate", *window, "team") == {"T9": 1, "T1": 1, "Not recorded": 1}
    assert cells(db, "referrals_rate", *window, "worker") == {"W9": 1, "W1": 1, "Not recorded": 1}
    rows = {r["record_id"]: (r["team"], r["worker"]) for r in db.children("referrals_rate", "2024-06-30", "2024-06-01")}
    assert rows == {"R1": ("T9", "W9"), "R2": ("T1", "W1"), "R3": (None, None)}


def test_cells_of_a_rate_are_contributions_per_10000_of_all_children():
    db = Db()
    for i, team in enumerate(["T1", "T1", "T2"]):
        referral(db, f"R{i}", f"P{i}", "2024-06-01", team=team)
    # June 2024: the mid-2023 population (the window's end less six months falls in 2023), 10,000.
    w = db.window("referrals_rate", "2024-06-01", "2024-06-30", by="team")
    assert (w["numerator"], w["denominator"], w["value"]) == (3, 10_000, 3.0)
    assert {c["key"]: (c["numerator"], c["denominator"], c["value"]) for c in w["cells"]} == {
        "T1": (2, 10_000, 2.0), "T2": (1, 10_000, 1.0)}


def test_children_of_one_cell():
    db = Db()
    referral(db, "R1", "P1", "2024-06-01", team="T1", nfa="Y")
    referral(db, "R2", "P2", "2024-06-02", team="T2")
    assert [r["record_id"] for r in db.children("referral_nfa", "2024-06-30", "2024-06-01", cell="team=T2")] == ["R2"]
    assert [r["record_id"] for r in db.children("referral_nfa", "2024-06-30", "2024-06-01", cell="T1",
                                                by="team")] == ["R1"]
    row = db.children("referral_nfa", "2024-06-30", "2024-06-01", cell="team=T1")[0]
    assert set(row) == set(engine.RECORD_COLUMNS) and row["in_numerator"] is True
    with pytest.raises(MeasureError, match="give the breakdown"):
        db.children("referral_nfa", "2024-06-30", cell="T1")


def test_series_points_equal_the_same_windows_computed_alone():
    db = Db()
    day = dt.date(2023, 1, 2)
    i = 0
    while day < dt.date(2024, 12, 31):  # a referral every 9 days, every fourth one ending NFA
        referral(db, f"R{i}", f"P{i % 7}", day.isoformat(), team=f"T{i % 2}", nfa="Y" if i % 4 == 0 else "N")
        day += dt.timedelta(days=9)
        i += 1
    referral(db, "LAST", "P0", "2024-12-27", team="T0")  # the data runs to the last week of December
    rolling = selectors.measure_series(db.con, db.authority, "rereferral_12m", by="team")
    month = selectors.measure_series(db.con, db.authority, "rereferral_12m", kind="month")
    assert len(rolling) == len(month) == 24
    assert [p["partial"] for p in rolling] == [True] * 11 + [False] * 13
    for p in rolling[::5] + rolling[-1:]:
        w = selectors.measure_window(db.con, db.authority, d(p["period_start"]), d(p["period_end"]),
                                     ["rereferral_12m"], by="team")[0]
        assert (p["numerator"], p["denominator"], p["value"]) == (w["numerator"], w["denominator"], w["value"])
        assert sorted(p["cells"], key=lambda c: c["key"]) == sorted(w["cells"], key=lambda c: c["key"])
    for p in month[::7]:
        assert d(p["period_start"]) == d(p["period_end"]).replace(day=1)
        w = db.window("rereferral_12m", p["period_start"], p["period_end"])
        assert (p["numerator"], p["denominator"]) == (w["numerator"], w["denominator"])
    # A snapshot measure's series is the state at each month end.
    referral(db, "OPEN", "Q", "2024-03-15")
    series = {p["period_end"]: p["numerator"] for p in
              selectors.measure_series(db.con, db.authority, "cin_rate")}
    assert series["2024-02-29"] + 1 == series["2024-03-31"]


def test_bad_requests_are_clear():
    db = Db()
    with pytest.raises(MeasureError, match="unknown measure 'nope'"):
        db.figure("nope", "2024-01-01", "2024-01-31")
    with pytest.raises(MeasureError, match="unknown breakdown 'colour'"):
        db.window("contacts", "2024-01-01", "2024-01-31", by="colour")
    with pytest.raises(MeasureError, match="cannot be broken down by age"):
        selectors.measure_series(db.con, db.authority, "agency_share", by="age")
    # A window breakdown a measure does not support gives no cells rather than failing the others.
    assert db.window("agency_share", "2024-01-01", "2024-01-31", by="age")["cells"] == []
    with pytest.raises(MeasureError, match="after"):
        db.figure("contacts", "2024-02-01", "2024-01-31")


def test_error_counts_join_quality_findings_to_a_figures_records():
    db = Db()
    referral(db, "R1", "P1", "2024-06-01")
    referral(db, "R2", "P2", "2024-06-01")
    referral(db, "R3", "P3", "2024-06-01")
    referral(db, "R4", "P4", "2023-06-01")  # not in the window
    errors = {("ssd_cin_episodes", "R1"), ("ssd_person", "P2"), ("ssd_cin_episodes", "R4"), ("ssd_contacts", "R3")}
    w = selectors.measure_window(db.con, db.authority, d("2024-06-01"), d("2024-06-30"), ["referral_nfa"],
                                 error_records=errors)[0]
    # R1 (its own row) and R2 (the child's person row); R3's finding is on another table's record.
    assert w["records_with_errors"] == 2


def test_a_series_adds_months_up_and_a_month_without_records_is_zero_with_no_cells():
    db = Db()
    for i, day in enumerate(["2024-01-31", "2024-01-01", "2024-03-01", "2024-03-31", "2024-04-30"]):
        referral(db, f"R{i}", f"P{i}", day, team="T1" if i % 2 else "T2", nfa="Y" if i < 2 else "N")
    month = {p["period_end"]: p for p in selectors.measure_series(db.con, db.authority, "referral_nfa", by="team",
                                                                   kind="month")}
    assert month["2024-02-29"]["denominator"] == 0 and month["2024-02-29"]["value"] is None
    assert month["2024-02-29"]["cells"] == []
    assert (month["2024-01-31"]["numerator"], month["2024-01-31"]["denominator"]) == (2, 2)
    rolling = selectors.measure_series(db.con, db.authority, "referral_nfa", by="team")[-1]
    assert (rolling["numerator"], rolling["denominator"], rolling["value"]) == (2, 5, 40.0)
    assert {c["key"]: c["denominator"] for c in rolling["cells"]} == {"T1": 2, "T2": 3}


def test_only_sums_of_records_placed_in_their_month_add_months_up():
    from lineofsight.measures.catalogue import measure

    assert measure("contacts").by_month and measure("referral_nfa").by_month
    assert not measure("assessment_median_wd").by_month  # a median of months is not the window's median
    assert not measure("cla_missing").by_month  # each child once per window
    assert not measure("adoption_a1_days").by_month  # the 3 years to the window's end
    assert not measure("cin_rate").by_month  # a snapshot
