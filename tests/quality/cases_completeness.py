"""Hand-made records for the completeness rules."""

from lineofsight.quality.rules.completeness import CASE_TABLES
from lineofsight.quality.sqlparts import team_column, worker_column
from lineofsight.schema.tables import TABLES
from quality.builders import case, d


@case("missing-outcome")
def missing_outcome(db):
    C, A, S, IC, R = ("ssd_contacts", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference",
                     "ssd_cin_episodes")
    bad = {
        (C, db.add(C)),
        (A, db.add(A, cina_assessment_auth_date=d("2024-02-01"))),
        (S, db.add(S, s47e_s47_end_date=d("2024-02-01"))),
        (IC, db.add(IC)),
        (R, db.add(R, cine_close_date=d("2024-02-01"))),
        (R, db.add(R)),  # a referral's outcome is decided within a working day, open or closed
    }
    good = {
        (C, db.add(C, cont_contact_outcome="NFA")),
        (A, db.add(A, cina_assessment_auth_date=d("2024-02-01"), cina_assessment_outcome_nfa="N")),
        (A, db.add(A)),  # still open: no outcome yet
        (S, db.add(S, s47e_s47_end_date=d("2024-02-01"), s47e_s47_outcome_json='{"ICPC": "Y"}')),
        (S, db.add(S)),
        (IC, db.add(IC, icpc_icpc_outcome_cp_flag="N")),
        (R, db.add(R, cine_close_date=d("2024-02-01"), cine_referral_nfa="Y")),
        (R, db.add(R, cine_referral_outcome_json='{"outcome": "Single assessment"}')),
    }
    return bad, good


def _column_case(column_of):
    def build(db):
        bad, good = set(), set()
        for name in CASE_TABLES:
            col = column_of(name)
            if col:
                bad.add((name, db.add(name, **{col: None})))
                good.add((name, db.add(name, **{col: "X1"})))
        return bad, good

    return build


case("missing-team")(_column_case(team_column))
case("missing-worker")(_column_case(worker_column))


def _simple(rule_id, name, bad_values, good_values):
    def build(db):
        return {(name, db.add(name, **bad_values))}, {(name, db.add(name, **good_values))}

    case(rule_id)(build)


E = "ssd_cla_episodes"
_simple("missing-start-reason", E, {}, {"clae_cla_episode_start_reason": "S"})
_simple("missing-reason-ceased", E, {"clae_cla_episode_ceased_date": d("2024-01-10")},
        {"clae_cla_episode_ceased_date": d("2024-01-10"), "clae_cla_episode_ceased_reason": "E13"})
_simple("missing-placement-type", "ssd_cla_placement", {}, {"clap_cla_placement_type": "U4"})
_simple("missing-cp-category", "ssd_cp_plans", {}, {"cppl_cp_plan_initial_category": "NEG"})
_simple("missing-date-of-birth", "ssd_person", {"pers_person_id": "P1"}, {"pers_person_id": "P2", "pers_dob": d("2015-01-01")})
_simple("missing-ethnicity", "ssd_person", {"pers_person_id": "P1"}, {"pers_person_id": "P2", "pers_ethnicity": "NOBT"})
_simple("missing-sex", "ssd_person", {"pers_person_id": "P1"}, {"pers_person_id": "P2", "pers_sex": "U"})


@case("missing-primary-need")
def missing_need(db):
    R = "ssd_cin_episodes"
    return ({(R, db.add(R)), (E, db.add(E))},
            {(R, db.add(R, cine_cin_primary_need_code="N1")), (E, db.add(E, clae_cla_primary_need_code="N1"))})


@case("missing-date-of-birth")
def unborn_has_expected_date(db):
    unborn = db.add("ssd_person", pers_person_id="U1", pers_expected_dob=d("2024-06-01"))
    return set(), {("ssd_person", unborn)}


@case("missing-main-date")
def missing_main_date(db):
    dated = [t for t in TABLES if t.main_date]
    bad = {(t.name, db.add(t.name, **{t.main_date: None})) for t in dated}
    good = {(t.name, db.add(t.name)) for t in dated}
    return bad, good
