"""Consistency: records that contradict other records about the same child (two plans at once, a plan
with no conference, a child in care with nowhere to live)."""

from __future__ import annotations

from lineofsight.quality.model import AS_AT, Rule
from lineofsight.quality.sqlparts import age, open_on, record

ASSESSMENT_WORKING_DAYS = 45
"""Working Together to Safeguard Children 2023: a single assessment within 45 working days of referral."""

OPEN_EPISODES: list[tuple[str, str, str, str]] = [
    ("ssd_cin_episodes", "cine_person_id", "cine_referral_date", "cine_close_date"),
    ("ssd_cin_plans", "cinp_person_id", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    ("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    ("ssd_cla_episodes", "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
]
"""Episodes and plans that are 'open' while their end date is empty."""


def _overlap(rule_id: str, name: str, person: str, start: str, end: str, what: str,
             dfe_rules: tuple[str, ...] = ()) -> Rule:
    pk = {"ssd_cp_plans": "cppl_cp_plan_id", "ssd_cla_episodes": "clae_cla_episode_id"}[name]
    return Rule(
        id=rule_id, title=f"Two {what}s overlapping for one child", severity="error", family="consistency",
        tables=(name,),
        sql=f"""
            SELECT {record(name)},
                   'overlaps ' || o.{pk} || ' (' || o.{start} || ' to ' || coalesce(o.{end}::VARCHAR, 'open') || ')' AS detail
            FROM {name} t JOIN {name} o
              ON o.{person} = t.{person} AND o.{pk} <> t.{pk}
             AND (o.{start} < t.{start} OR (o.{start} = t.{start} AND o.{pk} < t.{pk}))
             AND (o.{end} IS NULL OR o.{end} > t.{start})
        """,
        explanation=(
            f"A child can have only one {what} at a time. Two that overlap double-count the child and make "
            "durations wrong; usually the earlier one was not ended when the next began."
        ),
        fix=f"End the earlier {what} on the day the later one started, or delete the duplicate.",
        dfe_rules=dfe_rules,
    )


def _open_over_25_sql() -> str:
    parts = []
    for name, person, start, end in OPEN_EPISODES:
        parts.append(
            f"SELECT {record(name)}, 'open since ' || t.{start} || ', born ' || p.pers_dob || ', age ' || {age('p.pers_dob', AS_AT)} AS detail "
            f"FROM {name} t JOIN ssd_person p ON p.pers_person_id = t.{person} "
            f"WHERE t.{end} IS NULL AND p.pers_dob IS NOT NULL AND {age('p.pers_dob', AS_AT)} >= 25"
        )
    return "\nUNION ALL\n".join(parts)


RULES: list[Rule] = [
    _overlap("overlapping-cp-plans", "ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_start_date",
             "cppl_cp_plan_end_date", "child protection plan", dfe_rules=("8940",)),  # CIN census 8940
    _overlap("overlapping-care-episodes", "ssd_cla_episodes", "clae_person_id", "clae_cla_episode_start_date",
             "clae_cla_episode_ceased_date", "care episode"),
    Rule(
        id="open-episode-over-25", title="Open episode or plan for someone aged 25 or over",
        severity="error", family="consistency", tables=(*[e[0] for e in OPEN_EPISODES], "ssd_person"),
        sql=_open_over_25_sql(),
        explanation=(
            "Children's social care works with children, and with care leavers up to 25. An episode or plan still "
            "open for someone aged 25 or over was not closed when the work ended, or the date of birth is wrong; "
            "it inflates caseloads and open-case counts."
        ),
        fix="Close the episode or plan on the date the work ended, or correct the date of birth.",
    ),
    Rule(
        id="cp-plan-without-conference", title="Child protection plan with no conference",
        severity="warning", family="consistency", tables=("ssd_cp_plans", "ssd_initial_cp_conference"),
        sql=f"""
            SELECT {record('ssd_cp_plans')}, 'plan starts ' || t.cppl_cp_plan_start_date || ', no conference linked' AS detail
            FROM ssd_cp_plans t
            WHERE coalesce(t.cppl_cp_plan_ola, 'N') <> 'Y'
              AND NOT EXISTS (SELECT 1 FROM ssd_initial_cp_conference c WHERE c.icpc_icpc_id = t.cppl_icpc_id)
              AND NOT EXISTS (SELECT 1 FROM ssd_initial_cp_conference c WHERE c.icpc_cp_plan_id = t.cppl_cp_plan_id)
        """,
        explanation=(
            "Only an initial (or transfer-in) child protection conference can make a child protection plan. "
            "A plan with no conference linked either lost its link or the conference was never recorded, so "
            "conference timeliness cannot be measured for it."
        ),
        fix="Link the plan to the conference that made it, or record the conference.",
    ),
    Rule(
        id="cp-plan-not-on-conference-day", title="Child protection plan starting on another day than its conference",
        severity="error", family="consistency", tables=("ssd_cp_plans", "ssd_initial_cp_conference"),
        sql=f"""
            SELECT {record('ssd_cp_plans')},
                   'plan starts ' || t.cppl_cp_plan_start_date || ', conference ' || c.icpc_icpc_id || ' held ' || c.icpc_icpc_date AS detail
            FROM ssd_cp_plans t
            JOIN ssd_initial_cp_conference c ON c.icpc_icpc_id = t.cppl_icpc_id
            WHERE c.icpc_icpc_date IS NOT NULL AND t.cppl_cp_plan_start_date <> c.icpc_icpc_date
        """,
        explanation=(
            "A child protection plan starts on the day the initial (or transfer-in) conference decides on it. A "
            "plan dated another day makes conference-to-plan and plan-length figures wrong, and the CIN census "
            "rejects it (DfE rule 2885: plan starting a different day to the initial conference)."
        ),
        fix="Correct the plan's start date or the conference date, or link the plan to the conference that made it.",
        dfe_rules=("2885",),
    ),
    Rule(
        id="conference-without-s47", title="Initial conference with no section 47 enquiry",
        severity="warning", family="consistency", tables=("ssd_initial_cp_conference",),
        sql=f"""
            SELECT {record('ssd_initial_cp_conference')}, 'conference ' || t.icpc_icpc_date || ', no enquiry linked' AS detail
            FROM ssd_initial_cp_conference t
            WHERE t.icpc_s47_enquiry_id IS NULL AND coalesce(t.icpc_icpc_transfer_in, 'N') <> 'Y'
        """,
        explanation=(
            "An initial child protection conference follows a section 47 enquiry (transfer-in conferences aside). "
            "With no enquiry linked, the 15 working day timescale from the strategy discussion cannot be measured."
        ),
        fix="Link the conference to the enquiry that led to it, or mark it as a transfer-in conference.",
    ),
    Rule(
        id="conference-plan-missing", title="Conference decided on a plan but there is no plan record",
        severity="warning", family="consistency", tables=("ssd_initial_cp_conference", "ssd_cp_plans"),
        sql=f"""
            SELECT {record('ssd_initial_cp_conference')}, 'conference ' || t.icpc_icpc_date || ' decided on a plan, none recorded' AS detail
            FROM ssd_initial_cp_conference t
            WHERE t.icpc_icpc_outcome_cp_flag = 'Y'
              AND NOT EXISTS (SELECT 1 FROM ssd_cp_plans p WHERE p.cppl_cp_plan_id = t.icpc_cp_plan_id)
              AND NOT EXISTS (SELECT 1 FROM ssd_cp_plans p WHERE p.cppl_icpc_id = t.icpc_icpc_id)
        """,
        explanation=(
            "The conference decided the child needed a child protection plan, but no plan is recorded: the child "
            "is missing from every count of children on a plan."
        ),
        fix="Record the plan with its start date (the conference date), or correct the conference outcome.",
    ),
    Rule(
        id="assessment-overdue-no-outcome", title=f"Assessment open past {ASSESSMENT_WORKING_DAYS} working days with no outcome",
        severity="warning", family="consistency", tables=("ssd_cin_assessments", "ref_calendar"),
        sql=f"""
            SELECT {record('ssd_cin_assessments')},
                   'started ' || t.cina_assessment_start_date || ', ' || (n.wd_index - s.wd_index) || ' working days, no outcome' AS detail
            FROM ssd_cin_assessments t
            JOIN ref_calendar s ON s.cal_date = t.cina_assessment_start_date
            JOIN ref_calendar n ON n.cal_date = {AS_AT}
            WHERE t.cina_assessment_auth_date IS NULL AND t.cina_assessment_outcome_json IS NULL
              AND t.cina_assessment_outcome_nfa IS NULL
              AND n.wd_index - s.wd_index > {ASSESSMENT_WORKING_DAYS}
        """,
        explanation=(
            f"The assessment started more than {ASSESSMENT_WORKING_DAYS} working days ago and has neither an "
            "authorisation date nor an outcome. Either it is very late or it finished and was not closed on the system."
        ),
        fix="If the assessment finished, record its outcome and authorisation date; if not, escalate it to the team manager.",
    ),
    Rule(
        id="looked-after-no-placement", title="Child looked after with no current placement",
        severity="error", family="consistency", tables=("ssd_cla_episodes", "ssd_cla_placement"),
        sql=f"""
            SELECT {record('ssd_cla_episodes')}, 'episode open since ' || t.clae_cla_episode_start_date || ', no placement open on ' || {AS_AT} AS detail
            FROM ssd_cla_episodes t
            WHERE {open_on('t.clae_cla_episode_start_date', 't.clae_cla_episode_ceased_date', AS_AT)}
              AND NOT EXISTS (SELECT 1 FROM ssd_cla_placement p WHERE p.clap_person_id = t.clae_person_id
                              AND {open_on('p.clap_cla_placement_start_date', 'p.clap_cla_placement_end_date', AS_AT)})
        """,
        explanation=(
            "Every looked-after child lives somewhere: a current care episode with no current placement means the "
            "placement was ended without the next being recorded, or the episode should have closed."
        ),
        fix="Record the child's current placement, or close the care episode on the date care ended.",
    ),
    Rule(
        id="referral-closed-before-assessment", title="Referral closed before its own assessment finished",
        severity="error", family="consistency", tables=("ssd_cin_episodes", "ssd_cin_assessments"),
        sql=f"""
            SELECT {record('ssd_cin_episodes')},
                   'closed ' || t.cine_close_date || ', assessment ' || a.cina_assessment_id || ' authorised ' || a.cina_assessment_auth_date AS detail
            FROM ssd_cin_episodes t JOIN ssd_cin_assessments a ON a.cina_referral_id = t.cine_referral_id
            WHERE a.cina_assessment_auth_date > t.cine_close_date
        """,
        explanation=(
            "The referral's episode was closed before the assessment made under it was authorised, so the "
            "assessment belongs to no open case."
        ),
        fix="Correct the episode's close date (it closes after the assessment ends) or the assessment's authorisation date.",
    ),
]
