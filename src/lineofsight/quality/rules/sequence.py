"""Sequence: dates that contradict each other (an end before its start, a visit with no case open).

All are errors: whatever happened in practice, at least one of the two dates is wrong.
"""

from __future__ import annotations

from lineofsight.quality.model import Rule
from lineofsight.quality.sqlparts import open_on, record
from lineofsight.schema import TABLES


def _ends_before_starts(rule_id: str, name: str, start: str, end: str, what: str) -> Rule:
    return Rule(
        id=rule_id, title=f"{what.capitalize()} ends before it starts", severity="error", family="sequence",
        tables=(name,),
        sql=f"""
            SELECT {record(name)}, 'start ' || t.{start} || ', end ' || t.{end} AS detail
            FROM {name} t WHERE t.{end} < t.{start}
        """,
        explanation=f"The {what}'s end date is earlier than its start date, which cannot happen.",
        fix=f"Correct whichever of the {what}'s start or end dates was mistyped.",
    )


def _visit_outside(rule_id: str, visits: str, visit_date: str, periods: list[tuple[str, str, str, str]],
                   what: str, covering: str) -> Rule:
    """A visit on a day when none of `periods` (table, person, start, end) was open for the child."""
    t_person = next(t.person_column for t in TABLES if t.name == visits)
    # NOT (covered by any span) as one anti-join per kind of span: each is a hash join on the child.
    uncovered = " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {tab} p WHERE p.{person} = t.{t_person} AND {open_on(f'p.{start}', f'p.{end}', f't.{visit_date}')})"
        for tab, person, start, end in periods
    )
    return Rule(
        id=rule_id, title=f"{what.capitalize()} outside any open {covering}", severity="error", family="sequence",
        tables=(visits, *[p[0] for p in periods]),
        sql=f"""
            SELECT {record(visits)}, 'visit ' || t.{visit_date} || ', no {covering} open' AS detail
            FROM {visits} t WHERE {uncovered}
        """,
        explanation=(
            f"The {what} is dated on a day when the child had no open {covering}, so it cannot count towards the "
            "statutory visiting timescale and the visit or the case dates are wrong."
        ),
        fix=f"Check the visit date, and that the {covering} dates (start and end) match the case history.",
    )


CIN_PERIODS = [
    ("ssd_cin_episodes", "cine_person_id", "cine_referral_date", "cine_close_date"),
    ("ssd_cin_plans", "cinp_person_id", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
]
CP_PERIODS = [("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date")]
CLA_PERIODS = [("ssd_cla_episodes", "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date")]

# Tables whose records cannot be dated after the child's death. Audits and supervision may
# legitimately look back at a case after a death; care leaver records may record the death itself.
AFTER_DEATH_EXCLUDED = {"ssd_person", "ext_case_audits", "ext_case_supervision"}


def _after_death_sql() -> str:
    """Every dated event of every child, joined once to the children who have died."""
    parts = []
    for t in TABLES:
        if t.name in AFTER_DEATH_EXCLUDED or not (t.person_column and t.main_date):
            continue
        extra = " AND coalesce(t.clea_care_leaver_in_touch, '') <> 'DIED'" if t.name == "ssd_care_leavers" else ""
        parts.append(f"SELECT {record(t.name)} FROM {t.name} t WHERE true{extra}")
    events = "\nUNION ALL\n".join(parts)
    return f"""
        WITH died AS (SELECT pers_person_id, pers_death_date FROM ssd_person WHERE pers_death_date IS NOT NULL),
        events AS ({events})
        SELECT e.*, 'dated ' || e.event_date || ', died ' || p.pers_death_date AS detail
        FROM events e JOIN died p ON p.pers_person_id = e.person_id
        WHERE e.event_date > p.pers_death_date
    """


def _before_parent(rule_id: str, title: str, table: str, date: str, link: str, parent: str, parent_key: str,
                   parent_date: str, detail: str, explanation: str, fix: str, dfe_rules: tuple[str, ...] = ()) -> Rule:
    """A record dated before the record it belongs to (its referral, enquiry or plan; the child's birth).
    `detail` is an SQL expression over the record `t` and its parent `p`."""
    return Rule(
        id=rule_id, title=title, severity="error", family="sequence", tables=(table, parent),
        sql=f"""
            SELECT {record(table)}, {detail} AS detail
            FROM {table} t JOIN {parent} p ON p.{parent_key} = t.{link}
            WHERE t.{date} < p.{parent_date}
        """,
        explanation=explanation, fix=fix, dfe_rules=dfe_rules,
    )


RULES: list[Rule] = [
    Rule(
        id="assessment-auth-before-start", title="Assessment authorised before it started",
        severity="error", family="sequence", tables=("ssd_cin_assessments",),
        sql=f"""
            SELECT {record('ssd_cin_assessments')},
                   'authorised ' || t.cina_assessment_auth_date || ', started ' || t.cina_assessment_start_date AS detail
            FROM ssd_cin_assessments t WHERE t.cina_assessment_auth_date < t.cina_assessment_start_date
        """,
        explanation=(
            "The assessment's authorisation date is before its start date. The time taken to assess (the 45 working "
            "day measure) comes out negative and the assessment cannot be counted correctly."
        ),
        fix="Correct the start or authorisation date from the assessment record.",
        dfe_rules=("8608",),  # CIN census: AssessmentAuthorisationDate on or after AssessmentActualStartDate
    ),
    _before_parent(
        "conference-before-s47", "Initial conference held before its section 47 enquiry started",
        "ssd_initial_cp_conference", "icpc_icpc_date", "icpc_s47_enquiry_id",
        "ssd_s47_enquiry", "s47e_s47_enquiry_id", "s47e_s47_start_date",
        "'conference ' || t.icpc_icpc_date || ', enquiry ' || p.s47e_s47_enquiry_id || ' started ' || p.s47e_s47_start_date",
        "An initial child protection conference follows the section 47 enquiry that led to it. A conference "
        "dated earlier makes the 15 working day timescale negative.",
        "Correct the conference date or the enquiry's start (strategy discussion) date, or link the right enquiry.",
        dfe_rules=("8615",),  # CIN census: S47ActualStartDate on or before DateOfInitialCPC
    ),
    _before_parent(
        "conference-before-referral", "Initial conference held before its referral",
        "ssd_initial_cp_conference", "icpc_icpc_date", "icpc_referral_id",
        "ssd_cin_episodes", "cine_referral_id", "cine_referral_date",
        "'conference ' || t.icpc_icpc_date || ', referral ' || p.cine_referral_id || ' on ' || p.cine_referral_date",
        "An initial child protection conference follows the referral it belongs to. One dated earlier is "
        "mistyped or linked to the wrong referral; the CIN census rejects it (DfE rule 1104).",
        "Correct the conference date or the referral date, or link the conference to the right referral.",
        dfe_rules=("1104",),
    ),
    _before_parent(
        "assessment-before-referral", "Assessment started before its referral",
        "ssd_cin_assessments", "cina_assessment_start_date", "cina_referral_id",
        "ssd_cin_episodes", "cine_referral_id", "cine_referral_date",
        "'started ' || t.cina_assessment_start_date || ', referral ' || p.cine_referral_id || ' on ' || p.cine_referral_date",
        "An assessment is started in response to a referral; one dated before its referral is out of sequence.",
        "Correct the assessment's start date or the referral date, or link the assessment to the right referral.",
    ),
    _before_parent(
        "cp-review-before-plan", "Child protection review held before its plan started",
        "ssd_cp_reviews", "cppr_cp_review_date", "cppr_cp_plan_id",
        "ssd_cp_plans", "cppl_cp_plan_id", "cppl_cp_plan_start_date",
        "'review ' || t.cppr_cp_review_date || ', plan ' || p.cppl_cp_plan_id || ' started ' || p.cppl_cp_plan_start_date",
        "A review conference reviews an existing plan; one held before the plan started is out of sequence.",
        "Correct the review date or the plan's start date, or link the review to the right plan.",
    ),
    Rule(
        id="contact-recorded-before-received", title="Contact recorded before it was received",
        severity="error", family="sequence", tables=("ssd_contacts",),
        sql=f"""
            SELECT {record('ssd_contacts')},
                   'received ' || t.cont_contact_date || ', recorded ' || t.cont_contact_recorded_date AS detail
            FROM ssd_contacts t WHERE t.cont_contact_recorded_date < t.cont_contact_date
        """,
        explanation="A contact cannot be entered on the system before it arrived.",
        fix="Correct the received date (the day the contact arrived) or the recorded date.",
    ),
    Rule(
        id="visit-recorded-before-visit", title="Visit recorded before it happened",
        severity="error", family="sequence", tables=("ssd_cin_visits", "ssd_cp_visits", "ssd_cla_visits"),
        sql="\nUNION ALL\n".join(
            f"SELECT {record(name)}, 'visit ' || t.{d} || ', recorded ' || t.{r} AS detail FROM {name} t WHERE t.{r} < t.{d}"
            for name, d, r in [
                ("ssd_cin_visits", "cinv_cin_visit_date", "cinv_cin_visit_recorded_date"),
                ("ssd_cp_visits", "cppv_cp_visit_date", "cppv_cp_visit_recorded_date"),
                ("ssd_cla_visits", "clav_cla_visit_date", "clav_cla_visit_recorded_date"),
            ]
        ),
        explanation="A visit cannot be written up before it took place.",
        fix="Correct the visit date or the recorded date from the visit notes.",
    ),
    _before_parent(
        "care-before-birth", "Care episode starts before the child was born",
        "ssd_cla_episodes", "clae_cla_episode_start_date", "clae_person_id",
        "ssd_person", "pers_person_id", "pers_dob",
        "'episode ' || t.clae_cla_episode_start_date || ', born ' || p.pers_dob",
        "A child cannot be looked after before birth; the episode start or the date of birth is wrong.",
        "Check the date of birth against the birth certificate or health record, and the episode's start date.",
    ),
    Rule(
        id="event-after-death", title="Event dated after the child's death",
        severity="error", family="sequence",
        tables=tuple(t.name for t in TABLES if t.name not in AFTER_DEATH_EXCLUDED and t.person_column and t.main_date) + ("ssd_person",),
        sql=_after_death_sql(),
        explanation=(
            "A contact, referral, plan, visit or placement is dated after the date of death recorded for the child: "
            "either the date of death or the event is on the wrong record or wrongly dated."
        ),
        fix="Check the date of death and that the event belongs to this child; correct the wrong one.",
        dfe_rules=("8920",),  # CIN census: a child protection plan ending after the date of death
    ),
    Rule(
        id="placement-outside-care", title="Placement starts outside any period of care",
        severity="error", family="sequence", tables=("ssd_cla_placement", "ssd_cla_episodes"),
        sql=f"""
            SELECT {record('ssd_cla_placement')}, 'placement starts ' || t.clap_cla_placement_start_date || ', no care episode open' AS detail
            FROM ssd_cla_placement t
            WHERE NOT EXISTS (
                SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = t.clap_person_id
                  AND {open_on('e.clae_cla_episode_start_date', 'e.clae_cla_episode_ceased_date', 't.clap_cla_placement_start_date')})
        """,
        explanation=(
            "A placement is where a looked-after child lives; one that starts when the child has no open care "
            "episode is either on the wrong child or the episode dates are wrong."
        ),
        fix="Check the placement's start date and the child's episodes of care; correct the dates or move the placement to the right child.",
    ),
    _visit_outside("cin-visit-outside-episode", "ssd_cin_visits", "cinv_cin_visit_date", CIN_PERIODS,
                   "child in need visit", "child in need episode or plan"),
    _visit_outside("cp-visit-outside-plan", "ssd_cp_visits", "cppv_cp_visit_date", CP_PERIODS,
                   "child protection visit", "child protection plan"),
    _visit_outside("cla-visit-outside-care", "ssd_cla_visits", "clav_cla_visit_date", CLA_PERIODS,
                   "looked-after child visit", "care episode"),
    _ends_before_starts("referral-closed-before-referral", "ssd_cin_episodes", "cine_referral_date", "cine_close_date", "child in need episode"),
    _ends_before_starts("cin-plan-ends-before-start", "ssd_cin_plans", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date", "child in need plan"),
    _ends_before_starts("s47-ends-before-start", "ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date", "section 47 enquiry"),
    _ends_before_starts("cp-plan-ends-before-start", "ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "child protection plan"),
    _ends_before_starts("care-episode-ends-before-start", "ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "care episode"),
    _ends_before_starts("placement-ends-before-start", "ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date", "placement"),
    _ends_before_starts("legal-status-ends-before-start", "ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date", "legal status"),
    _ends_before_starts("missing-ends-before-start", "ssd_missing", "miss_missing_episode_start_date", "miss_missing_episode_end_date", "missing episode"),
    _ends_before_starts("allocation-ends-before-start", "ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date", "allocation"),
]
