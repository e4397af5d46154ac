"""Single (child and family) assessments."""

from __future__ import annotations

from lineofsight.measures.model import Measure
from lineofsight.measures.sql import FAR_FUTURE, decided, in_window

AREA = "Assessment"

# Assessments authorised in the window, with the working days they took (start date = day 0).
_AUTHORISED = """
WITH a AS (
    SELECT *, wd(cina_assessment_auth_date) - wd(cina_assessment_start_date) AS working_days
    FROM ssd_cin_assessments WHERE cina_assessment_auth_date IS NOT NULL
)"""

_IDS = """p.period_id, a.cina_assessment_id AS record_id, a.cina_person_id AS person_id,
       a.cina_assessment_team AS team, a.cina_assessment_worker_id AS worker, a.cina_assessment_auth_date AS event_date"""

_FROM = f"FROM a JOIN periods p ON {in_window('a.cina_assessment_auth_date')}"

_DATES = decided(
    "'started ' || a.cina_assessment_start_date", "'authorised ' || a.cina_assessment_auth_date",
    "a.working_days || ' working days'",
)

_RULES = ("assessment-auth-before-start", "assessment-authorised-not-completed", "assessment-before-referral",
          "date-in-future")

MEASURES = (
    Measure(
        id="assessment_45wd", title="Assessments completed within 45 working days", area=AREA,
        definition="Percentage of assessments authorised in the window that were authorised within 45 working days "
                   "of their start (working days exclude weekends and England and Wales bank holidays; the start "
                   "date is day 0).",
        source="DfE, Characteristics of children in need, CIN census (assessments completed within 45 working "
               "days); Working Together 2023 para 196: no longer than 45 working days from the point of referral.",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ssd_cin_assessments",
        threshold=80, target=90, quality_rules=_RULES,
        sql=f"""{_AUTHORISED}
SELECT {_IDS},
       a.working_days <= 45 AS in_numerator, a.working_days AS value,
       add_wd(a.cina_assessment_start_date, 45) AS due_date, {_DATES} AS decided_by
{_FROM}""",
    ),
    Measure(
        id="assessment_median_wd", title="Median working days to complete an assessment", area=AREA,
        definition="Median working days from start to authorisation of the assessments authorised in the window.",
        source="DfE, Characteristics of children in need (median duration of assessments, working days).",
        unit="working_days", polarity="lower_is_better", period_type="in_period", table="ssd_cin_assessments",
        threshold=40, target=30, quality_rules=_RULES,
        sql=f"""{_AUTHORISED}
SELECT {_IDS},
       NULL::BOOLEAN AS in_numerator, a.working_days AS value, NULL::DATE AS due_date, {_DATES} AS decided_by
{_FROM}
WHERE a.working_days IS NOT NULL""",
    ),
    Measure(
        id="assessment_child_seen", title="Assessments where the child was seen", area=AREA,
        definition="Percentage of assessments authorised in the window that record the child as seen "
                   "(cina_assessment_child_seen Y); an empty flag counts as not seen.",
        source="Working Together 2023 para 194: the child should be seen as part of the assessment; CIN census.",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ssd_cin_assessments",
        threshold=90, target=98, quality_rules=_RULES,
        sql=f"""{_AUTHORISED}
SELECT {_IDS},
       a.cina_assessment_child_seen = 'Y' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'authorised ' || a.cina_assessment_auth_date", "'child seen ' || a.cina_assessment_child_seen")} AS decided_by
{_FROM}""",
    ),
    Measure(
        id="assessment_not_in_need", title="Assessments finding the child not in need", area=AREA,
        definition="Percentage of assessments authorised in the window that concluded with no further action "
                   "because the child was not in need (cina_assessment_outcome_nfa Y).",
        source="DfE, Characteristics of children in need (assessments by factors: no factors identified).",
        unit="percent", polarity="neutral", period_type="in_period", table="ssd_cin_assessments",
        quality_rules=_RULES,
        sql=f"""{_AUTHORISED}
SELECT {_IDS},
       a.cina_assessment_outcome_nfa = 'Y' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'authorised ' || a.cina_assessment_auth_date", "'no further action ' || a.cina_assessment_outcome_nfa")} AS decided_by
{_FROM}""",
    ),
    Measure(
        id="assessment_open_over_45wd", title="Open assessments past 45 working days", area=AREA,
        definition="Assessments open at the end of the window (started, not yet authorised) that have run more "
                   "than 45 working days: the assessments running late that a team manager chases. Added to "
                   "the issue's list for the team view's exceptions.",
        source="Working Together 2023 para 196 (45 working days); local measure.",
        unit="count", polarity="lower_is_better", period_type="snapshot", table="ssd_cin_assessments",
        threshold=20, target=5, quality_rules=("assessment-overdue-no-outcome",) + _RULES,
        sql=f"""
SELECT p.period_id, a.cina_assessment_id AS record_id, a.cina_person_id AS person_id,
       a.cina_assessment_team AS team, a.cina_assessment_worker_id AS worker,
       a.cina_assessment_start_date AS event_date,
       wd(p.period_end) - wd(a.cina_assessment_start_date) > 45 AS in_numerator,
       wd(p.period_end) - wd(a.cina_assessment_start_date) AS value,
       add_wd(a.cina_assessment_start_date, 45) AS due_date,
       {decided("'started ' || a.cina_assessment_start_date")} AS decided_by
FROM ssd_cin_assessments a
JOIN periods p ON a.cina_assessment_start_date <= p.period_end
     AND coalesce(a.cina_assessment_auth_date, {FAR_FUTURE}) > p.period_end""",
    ),
)
