"""The engine: reference date, team and worker attribution, one query for all rules, stable output."""

import datetime as dt

from lineofsight.quality import engine
from lineofsight.quality.rules import ALL_RULES, BY_ID
from quality.builders import Db, d


def _attributed(db, rule_id, as_at=dt.date(2024, 3, 28)):
    return {f["record_id"]: (f["team"], f["worker"]) for f in engine.to_dicts(engine.run(db.con, as_at, [BY_ID[rule_id]]))}


def test_a_record_naming_its_team_and_worker_keeps_them():
    db = Db()
    db.add("ssd_involvements", invo_professional_id="W1", invo_professional_team="T1", invo_professional_role_id="SW",
           invo_involvement_start_date=d("2023-01-01"))
    a = db.add("ssd_cin_assessments", cina_assessment_start_date=d("2024-01-10"), cina_assessment_auth_date=d("2024-01-09"),
               cina_assessment_team="T9", cina_assessment_worker_id="W9")
    assert _attributed(db, "assessment-auth-before-start") == {a: ("T9", "W9")}


def test_otherwise_the_allocated_social_worker_on_the_records_date_else_the_nearest_allocation():
    db = Db()
    IN = "ssd_involvements"
    db.add(IN, invo_professional_id="W1", invo_professional_team="T1", invo_professional_role_id="SW",
           invo_involvement_start_date=d("2023-01-01"), invo_involvement_end_date=d("2023-12-31"))
    db.add(IN, invo_professional_id="W2", invo_professional_team="T2", invo_professional_role_id="SW",
           invo_involvement_start_date=d("2024-01-01"))
    db.add(IN, invo_professional_id="W3", invo_professional_team="T3", invo_professional_role_id="PA",
           invo_involvement_start_date=d("2024-02-01"))
    CP = "ssd_cp_plans"
    in_2023 = db.add(CP, cppl_cp_plan_start_date=d("2023-06-01"), cppl_cp_plan_end_date=d("2023-05-01"))
    in_2024 = db.add(CP, cppl_cp_plan_start_date=d("2024-03-01"), cppl_cp_plan_end_date=d("2024-02-01"))
    before_any = db.add(CP, cppl_cp_plan_start_date=d("2022-06-01"), cppl_cp_plan_end_date=d("2022-05-01"))
    other_child = db.add(CP, cppl_person_id="P2", cppl_cp_plan_start_date=d("2024-03-01"), cppl_cp_plan_end_date=d("2024-02-01"))
    # P3's allocations end June 2020 and start January 2022: a record of August 2021 goes to the nearer one.
    db.add(IN, invo_person_id="P3", invo_professional_id="W4", invo_professional_team="T4", invo_professional_role_id="SW",
           invo_involvement_start_date=d("2020-01-01"), invo_involvement_end_date=d("2020-06-30"))
    db.add(IN, invo_person_id="P3", invo_professional_id="W5", invo_professional_team="T5", invo_professional_role_id="SW",
           invo_involvement_start_date=d("2022-01-01"), invo_involvement_end_date=d("2022-06-30"))
    between = db.add(CP, cppl_person_id="P3", cppl_cp_plan_start_date=d("2021-08-01"), cppl_cp_plan_end_date=d("2021-07-01"))
    assert _attributed(db, "cp-plan-ends-before-start") == {
        in_2023: ("T1", "W1"), in_2024: ("T2", "W2"),
        before_any: ("T1", "W1"),  # no allocation covers it: the nearest in time
        between: ("T5", "W5"),
        other_child: (None, None),  # never allocated
    }


def test_a_record_with_its_own_team_but_no_worker_takes_the_allocated_worker():
    db = Db()
    db.add("ssd_involvements", invo_professional_id="W2", invo_professional_team="T2", invo_professional_role_id="SW",
           invo_involvement_start_date=d("2023-01-01"))
    c = db.add("ssd_contacts", cont_contact_date=d("2024-01-10"), cont_contact_recorded_date=d("2024-01-20"),
               cont_contact_team="T1")
    assert _attributed(db, "contact-recorded-late") == {c: ("T1", "W2")}


def test_a_named_worker_without_a_team_brings_their_own_team():
    db = Db()
    db.add("ssd_professionals", prof_professional_id="W5", prof_professional_department="T5")
    db.add("ssd_involvements", invo_professional_id="W1", invo_professional_team="T1", invo_professional_role_id="SW",
           invo_involvement_start_date=d("2023-01-01"))
    r = db.add("ssd_cin_episodes", cine_referral_date=d("2024-01-10"), cine_close_date=d("2024-01-09"),
               cine_referral_worker_id="W5")
    assert _attributed(db, "referral-closed-before-referral") == {r: ("T5", "W5")}


def test_reference_date_is_the_latest_real_date_ignoring_planned_and_impossible_dates():
    db = Db()
    db.add("ssd_contacts", cont_contact_date=d("2024-03-01"))
    db.add("ssd_cin_visits", cinv_cin_visit_date=d("2024-02-01"), cinv_cin_visit_recorded_date=d("2024-03-04"))
    db.add("ssd_initial_cp_conference", icpc_icpc_date=d("2024-01-01"), icpc_icpc_target_date=d("2025-06-01"))
    db.add("ssd_contacts", cont_contact_date=dt.date.today() + dt.timedelta(days=400))  # a mistyped year
    assert engine.default_as_at(db.con) == d("2024-03-04")


def test_reference_date_is_capped_by_the_day_the_snapshot_was_loaded():
    db = Db()
    db.con.execute("CREATE TABLE _snapshot (key VARCHAR, value VARCHAR)")
    db.con.execute("INSERT INTO _snapshot VALUES ('id', 'S1'), ('loaded_at', '2024-02-15T10:00:00+00:00')")
    db.add("ssd_contacts", cont_contact_date=d("2024-02-10"))
    db.add("ssd_contacts", cont_contact_date=d("2024-02-16"))
    assert engine.default_as_at(db.con) == d("2024-02-10")


def test_reference_date_of_an_empty_snapshot_is_its_load_day():
    db = Db()
    assert engine.default_as_at(db.con) == dt.date.today()


def test_future_dates_are_judged_against_the_reference_date():
    db = Db()
    c = db.add("ssd_contacts", cont_contact_date=d("2024-03-02"))
    assert not db.flagged("date-in-future", as_at=d("2024-03-02"))
    assert db.flagged("date-in-future", as_at=d("2024-03-01")) == {("ssd_contacts", c)}


def test_all_rules_run_together_in_a_stable_order_most_severe_first():
    db = Db()
    db.person("P1", "2015-06-01")
    db.add("ssd_cin_assessments", cina_assessment_start_date=d("2024-01-10"), cina_assessment_auth_date=d("2024-01-09"))
    db.add("ssd_contacts", cont_contact_date=d("2024-01-10"))
    first = engine.to_dicts(engine.run(db.con, d("2024-03-28")))
    second = engine.to_dicts(engine.run(db.con, d("2024-03-28")))
    assert first == second
    assert tuple(first[0]) == engine.FINDING_COLUMNS
    ranks = [("error", "warning", "query").index(f["severity"]) for f in first]
    assert ranks == sorted(ranks)
    assert {f["rule_id"] for f in first} >= {"assessment-auth-before-start", "missing-outcome"}


def test_no_rules_give_no_findings():
    db = Db()
    assert engine.to_dicts(engine.run(db.con, d("2024-03-28"), [])) == []


def test_every_rule_reads_only_tables_that_exist():
    from lineofsight.schema import BY_NAME

    known = set(BY_NAME) | {"ref_calendar"}
    assert {t for r in ALL_RULES for t in r.tables} <= known
