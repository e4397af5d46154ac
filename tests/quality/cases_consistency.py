"""Hand-made records for the consistency rules."""

from lineofsight.quality.rules.consistency import OPEN_EPISODES
from quality.builders import case, d

CP, E = "ssd_cp_plans", "ssd_cla_episodes"


@case("overlapping-cp-plans")
def overlapping_cp(db):
    db.add(CP, cppl_cp_plan_start_date=d("2023-01-01"), cppl_cp_plan_end_date=d("2023-06-30"))
    later = db.add(CP, cppl_cp_plan_start_date=d("2023-06-01"))
    first = db.add(CP, cppl_person_id="P2", cppl_cp_plan_start_date=d("2023-01-01"), cppl_cp_plan_end_date=d("2023-03-01"))
    touching = db.add(CP, cppl_person_id="P2", cppl_cp_plan_start_date=d("2023-03-01"))
    return {(CP, later)}, {(CP, first), (CP, touching)}


@case("overlapping-care-episodes")
def overlapping_care(db):
    db.add(E, clae_cla_episode_start_date=d("2023-01-01"))
    later = db.add(E, clae_cla_episode_start_date=d("2023-06-01"))
    first = db.add(E, clae_person_id="P2", clae_cla_episode_start_date=d("2023-01-01"), clae_cla_episode_ceased_date=d("2023-03-01"))
    chained = db.add(E, clae_person_id="P2", clae_cla_episode_start_date=d("2023-03-01"))
    return {(E, later)}, {(E, first), (E, chained)}


@case("open-episode-over-25")
def open_over_25(db):
    db.person("P1", "1999-03-28")  # 25 on the reference date
    db.person("P2", "1999-03-29")  # 24
    bad, good = set(), set()
    for name, _, start, end in OPEN_EPISODES:
        bad.add((name, db.add(name, **{start: d("2017-01-01")})))
        good.add((name, db.add(name, **{start: d("2016-01-01"), end: d("2017-01-01")})))
        person = next(p for n, p, _, _ in OPEN_EPISODES if n == name)
        good.add((name, db.add(name, **{person: "P2", start: d("2017-01-01")})))
    return bad, good


IC = "ssd_initial_cp_conference"


@case("cp-plan-not-on-conference-day")
def plan_not_on_conference_day(db):
    icpc = db.add(IC, icpc_icpc_date=d("2024-01-10"))
    bad = db.add(CP, cppl_icpc_id=icpc, cppl_cp_plan_start_date=d("2024-01-11"))
    ok = db.add(CP, cppl_icpc_id=icpc, cppl_cp_plan_start_date=d("2024-01-10"))
    unlinked = db.add(CP, cppl_cp_plan_start_date=d("2024-02-01"))
    return {(CP, bad)}, {(CP, ok), (CP, unlinked)}


@case("cp-plan-without-conference")
def plan_without_conference(db):
    icpc = db.add(IC)
    linked = db.add(CP, cppl_icpc_id=icpc)
    backlinked = db.add(CP)
    db.add(IC, icpc_cp_plan_id=backlinked)
    other_la = db.add(CP, cppl_cp_plan_ola="Y")
    bad = db.add(CP)
    return {(CP, bad)}, {(CP, linked), (CP, backlinked), (CP, other_la)}


@case("conference-without-s47")
def conference_without_s47(db):
    s47 = db.add("ssd_s47_enquiry")
    bad = db.add(IC)
    linked = db.add(IC, icpc_s47_enquiry_id=s47)
    transfer_in = db.add(IC, icpc_icpc_transfer_in="Y")
    return {(IC, bad)}, {(IC, linked), (IC, transfer_in)}


@case("conference-plan-missing")
def conference_plan_missing(db):
    bad = db.add(IC, icpc_icpc_outcome_cp_flag="Y")
    with_plan = db.add(IC, icpc_icpc_outcome_cp_flag="Y")
    db.add(CP, cppl_icpc_id=with_plan)
    plan = db.add(CP)
    forward = db.add(IC, icpc_icpc_outcome_cp_flag="Y", icpc_cp_plan_id=plan)
    no_plan_decided = db.add(IC, icpc_icpc_outcome_cp_flag="N")
    return {(IC, bad)}, {(IC, with_plan), (IC, forward), (IC, no_plan_decided)}


A = "ssd_cin_assessments"


@case("assessment-overdue-no-outcome")
def overdue(db):
    # To Thursday 28 March 2024 (no bank holiday between): from Wed 24 Jan 46 working days, from Thu 25 Jan 45.
    bad = db.add(A, cina_assessment_start_date=d("2024-01-24"))
    on_time = db.add(A, cina_assessment_start_date=d("2024-01-25"))
    with_outcome = db.add(A, cina_assessment_start_date=d("2024-01-02"), cina_assessment_outcome_nfa="Y")
    authorised = db.add(A, cina_assessment_start_date=d("2024-01-02"), cina_assessment_auth_date=d("2024-03-01"))
    return {(A, bad)}, {(A, on_time), (A, with_outcome), (A, authorised)}


P = "ssd_cla_placement"


@case("looked-after-no-placement")
def no_placement(db):
    placed = db.add(E, clae_cla_episode_start_date=d("2023-01-01"))
    db.add(P, clap_cla_placement_start_date=d("2023-01-01"))
    bad = db.add(E, clae_person_id="P2", clae_cla_episode_start_date=d("2023-01-01"))
    db.add(P, clap_person_id="P2", clap_cla_placement_start_date=d("2023-01-01"), clap_cla_placement_end_date=d("2023-12-01"))
    closed = db.add(E, clae_person_id="P3", clae_cla_episode_start_date=d("2023-01-01"), clae_cla_episode_ceased_date=d("2023-02-01"))
    return {(E, bad)}, {(E, placed), (E, closed)}


R = "ssd_cin_episodes"


@case("referral-closed-before-assessment")
def closed_before_assessment(db):
    bad = db.add(R, cine_close_date=d("2024-01-10"))
    db.add(A, cina_referral_id=bad, cina_assessment_auth_date=d("2024-01-11"))
    ok = db.add(R, cine_close_date=d("2024-01-10"))
    db.add(A, cina_referral_id=ok, cina_assessment_auth_date=d("2024-01-10"))
    return {(R, bad)}, {(R, ok)}
