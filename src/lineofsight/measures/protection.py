"""Child protection: section 47 enquiries, initial conferences, plans, visits and reviews."""

from __future__ import annotations

from lineofsight.measures.model import Measure
from lineofsight.measures.sql import FAR_FUTURE, decided, in_window, latest_event, seen

AREA = "Child protection"

# Plans made by this authority (a plan held by another authority, cppl_cp_plan_ola Y, is theirs): built once
# per snapshot by the warehouse (warehouse/derived.py).
_PLANS = "plans AS (SELECT * FROM derived_cp_plans)"

# One row per child on a plan at the end of each window, the plan started last of those running then
# (team/worker: the child's allocation then), from the plan spells the warehouse derives once per snapshot.
_ON_PLAN = f"""{_PLANS},
on_plan AS (
    SELECT p.period_id, p.period_end, s.plan_id, s.person_id, s.start_date, s.end_date
    FROM derived_cp_plan_spells s JOIN periods p ON p.period_end BETWEEN s.spell_start AND s.spell_end
)"""

_PLAN_IDS = """p.period_id, pl.plan_id AS record_id, pl.person_id, NULL::VARCHAR AS team, NULL::VARCHAR AS worker"""

_ICPC = """
FROM ssd_initial_cp_conference i"""

_NOT_TRANSFER_IN = "coalesce(i.icpc_icpc_transfer_in, 'N') <> 'Y'"

MEASURES = (
    Measure(
        id="s47_rate", title="Section 47 enquiries per 10,000 children", area=AREA,
        definition="Section 47 enquiries started in the window (the strategy discussion) per 10,000 children aged "
                   "0 to 17; not annualised. Breakdown cells show each group's contribution per 10,000 of all children.",
        source="DfE, Characteristics of children in need (section 47 enquiries per 10,000).",
        unit="rate_per_10000", polarity="neutral", period_type="in_period", table="ssd_s47_enquiry",
        quality_rules=("date-in-future", "s47-ends-before-start"),
        sql=f"""
SELECT p.period_id, s.s47e_s47_enquiry_id AS record_id, s.s47e_person_id AS person_id,
       s.s47e_s47_completed_by_team AS team, s.s47e_s47_completed_by_worker_id AS worker,
       s.s47e_s47_start_date AS event_date, TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'started ' || s.s47e_s47_start_date")} AS decided_by
FROM ssd_s47_enquiry s JOIN periods p ON {in_window('s.s47e_s47_start_date')}""",
    ),
    Measure(
        id="icpc_15wd", title="Initial conferences within 15 working days", area=AREA,
        definition="Percentage of initial child protection conferences held in the window within 15 working days "
                   "of the start of the section 47 enquiry (the strategy discussion; start date = day 0). Transfer-in "
                   "conferences are excluded, as are conferences dated before their section 47 start and conferences "
                   "with no linked enquiry (they cannot be timed; the data-quality rules report them). Each child "
                   "at a conference counts once.",
        source="DfE, Characteristics of children in need, CIN census (ICPCs within 15 working days of the "
               "strategy discussion); Working Together 2023 para 223.",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ssd_initial_cp_conference",
        threshold=75, target=85,
        quality_rules=("conference-before-s47", "conference-without-s47", "date-in-future"),
        sql=f"""
SELECT p.period_id, i.icpc_icpc_id AS record_id, i.icpc_person_id AS person_id, i.icpc_icpc_team AS team,
       i.icpc_icpc_worker_id AS worker, i.icpc_icpc_date AS event_date,
       wd(i.icpc_icpc_date) - wd(s.s47e_s47_start_date) <= 15 AS in_numerator,
       wd(i.icpc_icpc_date) - wd(s.s47e_s47_start_date) AS value,
       add_wd(s.s47e_s47_start_date, 15) AS due_date,
       {decided("'section 47 started ' || s.s47e_s47_start_date", "'conference ' || i.icpc_icpc_date",
                "(wd(i.icpc_icpc_date) - wd(s.s47e_s47_start_date)) || ' working days'")} AS decided_by{_ICPC}
JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id
JOIN periods p ON {in_window('i.icpc_icpc_date')}
WHERE {_NOT_TRANSFER_IN} AND i.icpc_icpc_date >= s.s47e_s47_start_date""",
    ),
    Measure(
        id="icpc_to_plan", title="Initial conferences resulting in a plan", area=AREA,
        definition="Percentage of initial child protection conferences held in the window (not transfer-in "
                   "conferences) that decided on a child protection plan.",
        source="DfE, Characteristics of children in need (ICPCs resulting in a plan).",
        unit="percent", polarity="neutral", period_type="in_period", table="ssd_initial_cp_conference",
        quality_rules=("conference-plan-missing", "missing-outcome"),
        sql=f"""
SELECT p.period_id, i.icpc_icpc_id AS record_id, i.icpc_person_id AS person_id, i.icpc_icpc_team AS team,
       i.icpc_icpc_worker_id AS worker, i.icpc_icpc_date AS event_date,
       i.icpc_icpc_outcome_cp_flag = 'Y' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'conference ' || i.icpc_icpc_date", "'plan ' || i.icpc_icpc_outcome_cp_flag")} AS decided_by{_ICPC}
JOIN periods p ON {in_window('i.icpc_icpc_date')}
WHERE {_NOT_TRANSFER_IN}""",
    ),
    Measure(
        id="cp_rate", title="Children on a child protection plan per 10,000", area=AREA,
        definition="Children subject to a child protection plan at the end of the window (plan started on or before "
                   "that day and not ended by it) per 10,000 children aged 0 to 17. Plans held by another authority "
                   "are not counted.",
        source="DfE, Characteristics of children in need (children subject to a plan at 31 March per 10,000).",
        unit="rate_per_10000", polarity="neutral", period_type="snapshot", table="ssd_cp_plans",
        quality_rules=("overlapping-cp-plans", "cp-plan-ends-before-start", "cp-plan-aged-18-or-over"),
        sql=f"""
WITH {_ON_PLAN}
SELECT {_PLAN_IDS}, pl.start_date AS event_date, TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'plan started ' || pl.start_date")} AS decided_by
FROM on_plan pl JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cp_ended_2yrs", title="Plans ended that lasted 2 years or more", area=AREA,
        definition="Percentage of child protection plans ended in the window that had lasted 2 years or more "
                   "(ended on or after the second anniversary of their start).",
        source="DfE, Characteristics of children in need, table D7 (plans ceasing that lasted 2 years or more).",
        unit="percent", polarity="lower_is_better", period_type="in_period", table="ssd_cp_plans",
        threshold=6, target=4, quality_rules=("cp-plan-ends-before-start",),
        sql=f"""
WITH {_PLANS}
SELECT {_PLAN_IDS}, pl.end_date AS event_date,
       pl.end_date >= (pl.start_date + INTERVAL 2 YEAR)::DATE AS in_numerator,
       datediff('day', pl.start_date, pl.end_date) AS value, NULL::DATE AS due_date,
       {decided("'plan started ' || pl.start_date", "'ended ' || pl.end_date")} AS decided_by
FROM plans pl JOIN periods p ON {in_window('pl.end_date')}""",
    ),
    Measure(
        id="cp_repeat", title="Second or subsequent plans", area=AREA,
        definition="Percentage of child protection plans started in the window for a child who had an earlier plan "
                   "(one that started before this one), however long ago, including a plan that restarts the day "
                   "after the last ended.",
        source="DfE, Characteristics of children in need, table D3 (second or subsequent plans).",
        unit="percent", polarity="lower_is_better", period_type="in_period", table="ssd_cp_plans",
        threshold=25, target=20, quality_rules=("duplicate-person-name-dob", "duplicate-person-upn", "overlapping-cp-plans"),
        sql=f"""
WITH {_PLANS},
earlier AS (
    SELECT pl.plan_id, max(e.cppl_cp_plan_start_date) AS earlier_start
    FROM plans pl JOIN ssd_cp_plans e ON e.cppl_person_id = pl.person_id AND e.cppl_cp_plan_start_date < pl.start_date
    GROUP BY pl.plan_id
)
SELECT {_PLAN_IDS}, pl.start_date AS event_date, e.plan_id IS NOT NULL AS in_numerator, NULL AS value,
       NULL::DATE AS due_date,
       {decided("'plan started ' || pl.start_date", "'earlier plan started ' || e.earlier_start")} AS decided_by
FROM plans pl JOIN periods p ON {in_window('pl.start_date')}
LEFT JOIN earlier e ON e.plan_id = pl.plan_id""",
    ),
    Measure(
        id="cp_repeat_2yrs", title="Repeat plans within 2 years", area=AREA,
        definition="Percentage of child protection plans started in the window for a child whose earlier plan ended "
                   "within the 2 years before this one started (on or after the same day two years earlier).",
        source="DfE, former national indicator NI 65 (plans that were a second or subsequent plan within 2 years).",
        unit="percent", polarity="lower_is_better", period_type="in_period", table="ssd_cp_plans",
        threshold=10, target=6, quality_rules=("duplicate-person-name-dob", "duplicate-person-upn", "overlapping-cp-plans"),
        sql=f"""
WITH {_PLANS},
earlier AS (
    SELECT pl.plan_id, max(e.cppl_cp_plan_end_date) AS earlier_end
    FROM plans pl JOIN ssd_cp_plans e ON e.cppl_person_id = pl.person_id AND e.cppl_cp_plan_start_date < pl.start_date
         AND e.cppl_cp_plan_end_date <= pl.start_date
         AND e.cppl_cp_plan_end_date >= (pl.start_date - INTERVAL 2 YEAR)::DATE
    GROUP BY pl.plan_id
)
SELECT {_PLAN_IDS}, pl.start_date AS event_date, e.plan_id IS NOT NULL AS in_numerator, NULL AS value,
       NULL::DATE AS due_date,
       {decided("'plan started ' || pl.start_date", "'earlier plan ended ' || e.earlier_end")} AS decided_by
FROM plans pl JOIN periods p ON {in_window('pl.start_date')}
LEFT JOIN earlier e ON e.plan_id = pl.plan_id""",
    ),
    Measure(
        id="cp_open_18m", title="Children on a plan for 18 months or more", area=AREA,
        definition="Percentage of children on a child protection plan at the end of the window whose plan had lasted "
                   "18 months or more by then (the numerator is the count a team manager reviews).",
        source="Local measure (plans of long duration; DfE publishes plans lasting 2 years or more).",
        unit="percent", polarity="lower_is_better", period_type="snapshot", table="ssd_cp_plans",
        threshold=10, target=5, quality_rules=("cp-plan-ends-before-start", "overlapping-cp-plans"),
        sql=f"""
WITH {_ON_PLAN}
SELECT {_PLAN_IDS}, pl.start_date AS event_date,
       pl.start_date <= (pl.period_end - INTERVAL 18 MONTH)::DATE AS in_numerator,
       datediff('day', pl.start_date, pl.period_end) AS value,
       (pl.start_date + INTERVAL 18 MONTH)::DATE AS due_date,
       {decided("'plan started ' || pl.start_date")} AS decided_by
FROM on_plan pl JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cp_visit_10wd", title="Children on a plan seen in the last 10 working days", area=AREA,
        definition="Percentage of children on a child protection plan at the end of the window who were seen in the "
                   "10 working days up to and including that day (any child protection visit not recorded as "
                   "'child not seen', including one before the plan started).",
        source="Local standard (10 working days); Working Together 2023 para 241 on visits to children on a plan.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_cp_plans",
        threshold=85, target=95, quality_rules=("cp-visit-outside-plan", "cp-visit-recorded-late",
                                                "visit-recorded-before-visit"),
        sql=f"""
WITH {_ON_PLAN},
last_visit AS (
    SELECT pl.*, v.event_date AS last_seen
    FROM on_plan pl LEFT JOIN {latest_event('derived_last_cp_visit', 'v', 'pl')}
)
SELECT {_PLAN_IDS}, pl.start_date AS event_date,
       wd(pl.period_end) - wd(pl.last_seen) <= 10 AS in_numerator,
       wd(pl.period_end) - wd(pl.last_seen) AS value,
       add_wd(coalesce(pl.last_seen, pl.start_date), 10) AS due_date,
       {decided("'plan started ' || pl.start_date", "'last seen ' || pl.last_seen")} AS decided_by
FROM last_visit pl JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cp_visit_seen_alone", title="Child protection visits where the child was seen alone", area=AREA,
        definition="Percentage of child protection visits in the window at which the child was seen that record "
                   "the child as seen alone (visits recording 'child not seen' are left out).",
        source="Working Together 2023 para 241 (children on a plan seen alone); local measure.",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ssd_cp_visits",
        threshold=70, target=85, quality_rules=("cp-visit-outside-plan", "cp-visit-recorded-late"),
        sql=f"""
SELECT p.period_id, v.cppv_cp_visit_id AS record_id, v.cppv_person_id AS person_id, NULL::VARCHAR AS team,
       NULL::VARCHAR AS worker, v.cppv_cp_visit_date AS event_date,
       v.cppv_cp_visit_seen_alone = 'Y' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'visited ' || v.cppv_cp_visit_date", "'seen alone ' || v.cppv_cp_visit_seen_alone")} AS decided_by
FROM ssd_cp_visits v JOIN periods p ON {in_window('v.cppv_cp_visit_date')}
WHERE {seen('v.cppv_cp_visit_seen')}""",
    ),
    Measure(
        id="cp_review_on_time", title="Child protection reviews on time", area=AREA,
        definition="Percentage of children on a plan at the end of the window who had been on it for at least 3 "
                   "months and whose review conferences held in the window were all on time, with none overdue at "
                   "its end: the first within 3 months of the plan's start (the initial conference), each later one "
                   "within 6 months of the one before. Reviews are linked to plans by cppr_cp_plan_id. For a "
                   "monthly series the window is the 12 months to each month end.",
        source="Working Together 2023 paras 239-240 (review timescales); former national indicator NI 67.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_cp_plans",
        threshold=90, target=98, quality_rules=("cp-review-before-plan", "unknown-cp-plan", "cp-plan-ends-before-start"),
        sql=f"""
WITH {_PLANS},
reviews AS (
    SELECT r.cppr_cp_plan_id AS plan_id, r.cppr_cp_review_date AS review_date,
           lag(r.cppr_cp_review_date) OVER (PARTITION BY r.cppr_cp_plan_id
                                            ORDER BY r.cppr_cp_review_date, r.cppr_cp_review_id) AS previous_review
    FROM ssd_cp_reviews r WHERE r.cppr_cp_plan_id IS NOT NULL
),
judged AS (
    SELECT rv.plan_id, rv.review_date,
           rv.review_date > CASE WHEN rv.previous_review IS NULL THEN (pl.start_date + INTERVAL 3 MONTH)::DATE
                                 ELSE (rv.previous_review + INTERVAL 6 MONTH)::DATE END AS late
    FROM reviews rv JOIN plans pl USING (plan_id)
),
open_plans AS (
    SELECT p.period_id, p.period_start, p.period_end, pl.*
    FROM plans pl JOIN periods p ON pl.start_date <= (p.period_end - INTERVAL 3 MONTH)::DATE
         AND coalesce(pl.end_date, {FAR_FUTURE}) > p.period_end
),
status AS (
    SELECT o.period_id, o.period_end, o.plan_id, o.person_id, o.start_date, count(j.review_date) AS reviews,
           max(j.review_date) AS last_review,
           coalesce(bool_or(j.late) FILTER (WHERE j.review_date >= o.period_start), FALSE) AS any_late
    FROM open_plans o LEFT JOIN judged j ON j.plan_id = o.plan_id AND j.review_date <= o.period_end
    GROUP BY ALL
),
due AS (
    SELECT *, CASE WHEN reviews = 0 THEN (start_date + INTERVAL 3 MONTH)::DATE
                   ELSE (last_review + INTERVAL 6 MONTH)::DATE END AS next_due
    FROM status
)
SELECT {_PLAN_IDS}, pl.start_date AS event_date,
       NOT pl.any_late AND pl.next_due >= pl.period_end AS in_numerator, pl.reviews AS value,
       pl.next_due AS due_date,
       {decided("'plan started ' || pl.start_date", "'last review ' || pl.last_review",
                "CASE WHEN pl.any_late THEN 'a review in the window was late' END", "'next due ' || pl.next_due")} AS decided_by
FROM due pl JOIN periods p USING (period_id)""",
    ),
)
