"""Scorecard, SPC, exceptions and the per-snapshot cache, through the public selectors."""

import datetime as dt

import pytest

from lineofsight import config
from lineofsight.measures import engine, selectors
from measures.builders import Db, d


@pytest.fixture(scope="module")
def db():
    """Two years of referrals (January 2023 to December 2024), two teams, a snapshot id for the cache.

    Each month has 10 referrals; in team T1 the first month of each quarter has 4 re-referrals, other
    months 2; team T2 never has one. A child on a plan (team T1) has not been seen for weeks.
    """
    db = Db()
    db.con.execute("CREATE TABLE _snapshot (key VARCHAR, value VARCHAR)")
    db.con.execute("INSERT INTO _snapshot VALUES ('id', '20250101-000000-abcd')")
    n = 0
    for year in (2023, 2024):
        for month in range(1, 13):
            repeats = 4 if month % 3 == 1 else 2
            for i in range(10):
                team = "T1" if i < 5 else "T2"
                person = f"X{n}"
                if team == "T1" and i < repeats:  # an earlier referral 20 days before this one
                    day = dt.date(year, month, 25)
                    db.add("ssd_cin_episodes", cine_referral_id=f"E{n}", cine_person_id=person,
                           cine_referral_date=(day - dt.timedelta(days=20)).isoformat(), cine_referral_team="T9",
                           cine_close_date=(day - dt.timedelta(days=19)).isoformat())
                else:
                    day = dt.date(year, month, 25)
                db.add("ssd_cin_episodes", cine_referral_id=f"R{n}", cine_person_id=person,
                       cine_referral_date=day.isoformat(), cine_referral_team=team,
                       cine_close_date=(day + dt.timedelta(days=1)).isoformat())
                n += 1
    db.add("ssd_cin_episodes", cine_referral_id="LAST", cine_person_id="Z", cine_referral_date="2024-12-30",
           cine_referral_team="T2", cine_close_date="2024-12-31")
    db.add("ssd_cp_plans", cppl_cp_plan_id="CP1", cppl_person_id="K1", cppl_cp_plan_start_date="2024-06-03")
    db.add("ssd_involvements", invo_person_id="K1", invo_professional_id="W1", invo_professional_team="T1",
           invo_professional_role_id="SW", invo_involvement_start_date="2024-06-03")
    db.add("ssd_cp_visits", cppv_person_id="K1", cppv_cp_visit_date="2024-11-29", cppv_cp_visit_seen="Y")
    return db


def test_history_runs_from_the_first_month_to_the_last_month_end(db):
    # The earliest referrals are the re-referrals' first referrals, 5 January 2023.
    assert selectors.history(db.con) == (d("2023-01-01"), d("2024-12-31"))


def test_scorecard_line(db):
    card = {c["id"]: c for c in selectors.scorecard(db.con, db.authority)}
    line = card["rereferral_12m"]
    # Year to 31 December 2024: 120 referrals in the window (plus LAST and the 32 first referrals of
    # T1's re-referrals, dated in the window too): re-referrals 4 x 4 + 8 x 2 = 32.
    w = db.window("rereferral_12m", "2024-01-01", "2024-12-31")
    assert (line["value"], line["numerator"], line["denominator"]) == (w["value"], 32, w["denominator"])
    assert line["period_end"] == "2024-12-31" and line["team"] is None
    assert line["rag"] in ("green", "amber", "red")
    assert line["england"]["value"] == 22.6
    assert line["vs_last_year"]["previous"] == db.window("rereferral_12m", "2023-01-01", "2023-12-31")["value"]
    assert line["vs_previous_month"]["previous"] == db.window("rereferral_12m", "2023-12-01", "2024-11-30")["value"]
    # Sparkline: the non-partial rolling points (December 2023 onwards: 13 of them).
    assert [p["period_end"] for p in line["sparkline"]][0] == "2023-12-31" and len(line["sparkline"]) == 13
    # SPC on the in-month values: 24 months is enough for a chart.
    assert line["spc"]["variation"] in ("common_cause", "special_cause_improving", "special_cause_concerning")


def test_team_scorecard_and_spc(db):
    card = {c["id"]: c for c in selectors.scorecard(db.con, db.authority, d("2024-12-31"), team="T2")}
    assert card["rereferral_12m"]["value"] == 0.0 and card["rereferral_12m"]["rag"] == "green"
    assert card["rereferral_12m"]["denominator"] == 61  # 5 a month, plus LAST
    spc = selectors.measure_spc(db.con, db.authority, "rereferral_12m", team="T1")
    # T1's in-month re-referral rate: 4 of its 5 referrals in the first month of a quarter, 2 of 5 in the
    # others (the earlier referrals belong to team T9): a repeating pattern, common-cause variation.
    assert [p["value"] for p in spc["points"][:3]] == pytest.approx([80.0, 40.0, 40.0])
    assert spc["variation"] == "common_cause" and len(spc["points"]) == 24


def test_scorecard_levels_can_be_set_by_the_authority(db):
    line = selectors.scorecard(db.con, db.authority, measure_ids=["rereferral_12m"],
                               targets={"rereferral_12m": {"threshold": 99, "target": 98}})[0]
    assert (line["threshold"], line["target"], line["rag"]) == (99, 98, "green")


def test_series_are_cached_per_snapshot_and_read_back(db, monkeypatch):
    first = selectors.measure_series(db.con, db.authority, "rereferral_12m", by="team")
    files = list((config.home() / "cache" / "20250101-000000-abcd" / "measures").glob("rereferral_12m-team-*.json"))
    assert len(files) == 1

    def refuse(*a, **k):
        raise AssertionError("computed again")

    monkeypatch.setattr(engine, "aggregate", refuse)
    assert selectors.measure_series(db.con, db.authority, "rereferral_12m", by="team") == first
    assert selectors.measure_series(db.con, db.authority, "rereferral_12m", by="team", months=2) == first[-2:]


def test_recent_series_computes_its_months_alone_and_reads_a_cached_whole_series(db, monkeypatch):
    """The scrutiny pack's series: cold, one query over the last months' windows only (3 rolling and 3
    in-month here), kept in the cache; once the whole series is cached, read from it with no query."""
    to, asked = d("2024-06-30"), []
    aggregate = engine.aggregate

    def counting(con, authority, m, periods, dims=()):
        asked.append(len(periods))
        return aggregate(con, authority, m, periods, dims)

    monkeypatch.setattr(engine, "aggregate", counting)
    recent = selectors.recent_series(db.con, db.authority, "rereferral_12m", by="team", to=to, months=3)
    assert asked == [6]
    assert [p["period_end"] for p in recent["rolling"]] == ["2024-04-30", "2024-05-31", "2024-06-30"]
    assert [p["period_start"] for p in recent["month"]] == ["2024-04-01", "2024-05-01", "2024-06-01"]
    # T1's re-referrals: 4 in April (a quarter's first month), then 2 and 2, of 5 referrals each month
    assert [c["numerator"] for p in recent["month"] for c in p["cells"] if c["key"] == "T1"] == [4, 2, 2]
    assert selectors.recent_series(db.con, db.authority, "rereferral_12m", by="team", to=to, months=3) == recent
    assert asked == [6]  # its own cache
    whole = {kind: selectors.measure_series(db.con, db.authority, "rereferral_12m", by="team", kind=kind, to=to)
             for kind in ("rolling", "month")}
    assert recent == {kind: points[-3:] for kind, points in whole.items()}
    monkeypatch.setattr(engine, "aggregate", lambda *a, **k: pytest.fail("computed, not read from the cache"))
    assert selectors.recent_series(db.con, db.authority, "rereferral_12m", by="team", to=d("2024-03-31"),
                                   months=2) == {kind: [p for p in points if p["period_end"] <= "2024-03-31"][-2:]
                                                 for kind, points in whole.items()}


def test_a_plain_database_is_never_cached(monkeypatch):
    db = Db()
    db.add("ssd_cin_episodes", cine_person_id="A", cine_referral_date="2024-01-10")
    selectors.measure_series(db.con, db.authority, "referrals_rate")
    assert not (config.home() / "cache").exists()


def test_exceptions_for_a_team(db):
    lists = {e["id"]: e for e in selectors.exceptions(db.con, db.authority, team="T1")}
    # K1 last seen 29 November 2024, so 10 working days were up on 13 December.
    assert lists["cp_not_seen"]["children"] == [{
        "person_id": "K1", "record_id": "CP1", "team": "T1", "worker": "W1", "due_date": "2024-12-13",
        "decided_by": "plan started 2024-06-03; last seen 2024-11-29"}]
    assert selectors.exceptions(db.con, db.authority, team="T2")[0]["children"] == []
    assert {e["measure_id"] for e in lists.values()} == {m for _, _, m, _, _ in selectors.EXCEPTIONS}


def test_a_window_that_is_a_cached_series_point_is_read_from_the_cache(db, monkeypatch):
    end = d("2024-12-31")
    computed = selectors.measure_window(db.con, db.authority, selectors.window_start(end), end, by="team")
    selectors.warm(db.con, db.authority)

    def no_query(*args, **kwargs):
        raise AssertionError("computed, not read from the cache")

    monkeypatch.setattr(engine, "aggregate", no_query)
    assert selectors.measure_window(db.con, db.authority, selectors.window_start(end), end, by="team") == computed
    with pytest.raises(AssertionError, match="computed"):  # a window that is not a cached point is computed
        selectors.measure_window(db.con, db.authority, d("2024-02-01"), end, by="team")
