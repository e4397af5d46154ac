"""Hand-made records for the sequence rules."""


from quality.builders import case, d

A, R, S, IC = "ssd_cin_assessments", "ssd_cin_episodes", "ssd_s47_enquiry", "ssd_initial_cp_conference"


@case("assessment-auth-before-start")
def auth_before_start(db):
    bad = db.add(A, cina_assessment_start_date=d("2024-01-10"), cina_assessment_auth_date=d("2024-01-09"))
    same_day = db.add(A, cina_assessment_start_date=d("2024-01-10"), cina_assessment_auth_date=d("2024-01-10"))
    unauthorised = db.add(A, cina_assessment_start_date=d("2024-01-10"))
    return {(A, bad)}, {(A, same_day), (A, unauthorised)}


@case("conference-before-s47")
def conference_before_s47(db):
    s47 = db.add(S, s47e_s47_start_date=d("2024-01-10"))
    bad = db.add(IC, icpc_s47_enquiry_id=s47, icpc_icpc_date=d("2024-01-09"))
    ok = db.add(IC, icpc_s47_enquiry_id=s47, icpc_icpc_date=d("2024-01-10"))
    unlinked = db.add(IC, icpc_icpc_date=d("2023-01-01"))
    return {(IC, bad)}, {(IC, ok), (IC, unlinked)}


@case("conference-before-referral")
def conference_before_referral(db):
    ref = db.add(R, cine_referral_date=d("2024-01-10"))
    bad = db.add(IC, icpc_referral_id=ref, icpc_icpc_date=d("2024-01-09"))
    ok = db.add(IC, icpc_referral_id=ref, icpc_icpc_date=d("2024-01-10"))
    unlinked = db.add(IC, icpc_icpc_date=d("2023-01-01"))
    return {(IC, bad)}, {(IC, ok), (IC, unlinked)}


@case("assessment-before-referral")
def assessment_before_referral(db):
    ref = db.add(R, cine_referral_date=d("2024-01-10"))
    bad = db.add(A, cina_referral_id=ref, cina_assessment_start_date=d("2024-01-09"))
    ok = db.add(A, cina_referral_id=ref, cina_assessment_start_date=d("2024-01-10"))
    return {(A, bad)}, {(A, ok)}


@case("cp-review-before-plan")
def review_before_plan(db):
    plan = db.add("ssd_cp_plans", cppl_cp_plan_start_date=d("2024-01-10"))
    bad = db.add("ssd_cp_reviews", cppr_cp_plan_id=plan, cppr_cp_review_date=d("2024-01-09"))
    ok = db.add("ssd_cp_reviews", cppr_cp_plan_id=plan, cppr_cp_review_date=d("2024-03-10"))
    return {("ssd_cp_reviews", bad)}, {("ssd_cp_reviews", ok)}


@case("contact-recorded-before-received")
def recorded_before_received(db):
    C = "ssd_contacts"
    bad = db.add(C, cont_contact_date=d("2024-01-10"), cont_contact_recorded_date=d("2024-01-09"))
    ok = db.add(C, cont_contact_date=d("2024-01-10"), cont_contact_recorded_date=d("2024-01-10"))
    return {(C, bad)}, {(C, ok)}


@case("visit-recorded-before-visit")
def visit_recorded_before(db):
    bad, good = set(), set()
    for name, v, r in [("ssd_cin_visits", "cinv_cin_visit_date", "cinv_cin_visit_recorded_date"),
                       ("ssd_cp_visits", "cppv_cp_visit_date", "cppv_cp_visit_recorded_date"),
                       ("ssd_cla_visits", "clav_cla_visit_date", "clav_cla_visit_recorded_date")]:
        bad.add((name, db.add(name, **{v: d("2024-01-10"), r: d("2024-01-09")})))
        good.add((name, db.add(name, **{v: d("2024-01-10"), r: d("2024-01-10")})))
    return bad, good


@case("care-before-birth")
def care_before_birth(db):
    db.person("P1", "2015-06-01")
    E = "ssd_cla_episodes"
    bad = db.add(E, clae_cla_episode_start_date=d("2015-05-31"))
    ok = db.add(E, clae_cla_episode_start_date=d("2015-06-01"))
    return {(E, bad)}, {(E, ok)}


@case("event-after-death")
def event_after_death(db):
    db.person("P1", "2015-06-01", pers_death_date=d("2024-01-01"))
    db.person("P2", "2015-06-01")
    bad = {("ssd_contacts", db.add("ssd_contacts", cont_contact_date=d("2024-01-02"))),
           ("ssd_cla_visits", db.add("ssd_cla_visits", clav_cla_visit_date=d("2024-01-05")))}
    good = {("ssd_contacts", db.add("ssd_contacts", cont_contact_date=d("2024-01-01"))),
            ("ssd_contacts", db.add("ssd_contacts", cont_person_id="P2", cont_contact_date=d("2024-02-01"))),
            ("ssd_care_leavers", db.add("ssd_care_leavers", clea_record_date=d("2024-01-03"), clea_care_leaver_in_touch="DIED")),
            ("ext_case_audits", db.add("ext_case_audits", exta_audit_date=d("2024-02-01")))}
    return bad, good


@case("placement-outside-care")
def placement_outside_care(db):
    db.add("ssd_cla_episodes", clae_cla_episode_start_date=d("2023-01-01"), clae_cla_episode_ceased_date=d("2023-06-30"))
    db.add("ssd_cla_episodes", clae_cla_episode_start_date=d("2023-09-01"))
    P = "ssd_cla_placement"
    bad = db.add(P, clap_cla_placement_start_date=d("2023-07-01"))
    last_day = db.add(P, clap_cla_placement_start_date=d("2023-06-30"))
    in_open = db.add(P, clap_cla_placement_start_date=d("2024-01-01"))
    other_child = db.add(P, clap_person_id="P2", clap_cla_placement_start_date=d("2023-02-01"))
    return {(P, bad), (P, other_child)}, {(P, last_day), (P, in_open)}


@case("cin-visit-outside-episode")
def cin_visit_outside(db):
    db.add(R, cine_referral_date=d("2023-01-01"), cine_close_date=d("2023-03-31"))
    db.add("ssd_cin_plans", cinp_cin_plan_start_date=d("2023-05-01"))
    V = "ssd_cin_visits"
    bad = db.add(V, cinv_cin_visit_date=d("2023-04-01"))
    in_episode = db.add(V, cinv_cin_visit_date=d("2023-03-31"))
    in_plan = db.add(V, cinv_cin_visit_date=d("2023-06-01"))
    return {(V, bad)}, {(V, in_episode), (V, in_plan)}


@case("cp-visit-outside-plan")
def cp_visit_outside(db):
    db.add("ssd_cp_plans", cppl_cp_plan_start_date=d("2023-01-01"), cppl_cp_plan_end_date=d("2023-03-31"))
    db.add(R, cine_referral_date=d("2023-01-01"))  # an open CIN episode does not cover a CP visit
    V = "ssd_cp_visits"
    bad = db.add(V, cppv_cp_visit_date=d("2023-04-01"))
    ok = db.add(V, cppv_cp_visit_date=d("2023-01-01"))
    return {(V, bad)}, {(V, ok)}


@case("cla-visit-outside-care")
def cla_visit_outside(db):
    db.add("ssd_cla_episodes", clae_cla_episode_start_date=d("2023-01-01"))
    V = "ssd_cla_visits"
    bad = db.add(V, clav_cla_visit_date=d("2022-12-31"))
    ok = db.add(V, clav_cla_visit_date=d("2024-01-01"))
    return {(V, bad)}, {(V, ok)}


END_BEFORE_START = [
    ("referral-closed-before-referral", "ssd_cin_episodes", "cine_referral_date", "cine_close_date"),
    ("cin-plan-ends-before-start", "ssd_cin_plans", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    ("s47-ends-before-start", "ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date"),
    ("cp-plan-ends-before-start", "ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    ("care-episode-ends-before-start", "ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    ("placement-ends-before-start", "ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date"),
    ("legal-status-ends-before-start", "ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"),
    ("missing-ends-before-start", "ssd_missing", "miss_missing_episode_start_date", "miss_missing_episode_end_date"),
    ("allocation-ends-before-start", "ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date"),
]


def _ends_before(name, start, end):
    def build(db):
        bad = db.add(name, **{start: d("2024-01-10"), end: d("2024-01-09")})
        same_day = db.add(name, **{start: d("2024-01-10"), end: d("2024-01-10")})
        still_open = db.add(name, **{start: d("2024-01-10")})
        return {(name, bad)}, {(name, same_day), (name, still_open)}

    return build


for _rule, _name, _start, _end in END_BEFORE_START:
    case(_rule)(_ends_before(_name, _start, _end))

