"""Children in need, allocation to social workers, caseloads, supervision and audit."""

from __future__ import annotations

from lineofsight.measures.model import WORKFORCE_DIMENSIONS, Measure
from lineofsight.measures.sql import FAR_FUTURE, decided, in_window, latest_event

AREA = "Children in need and allocation"

# One row per child with an open children in need episode at the end of each window (this includes
# children on a plan or looked after, whose cases are open episodes too): the episode referred last of
# those open then, from the open-case spells the warehouse derives once per snapshot (warehouse/derived.py).
_OPEN = """open_cases AS (
    SELECT p.period_id, p.period_start, p.period_end, s.episode_id, s.person_id, s.start_date, s.team, s.worker
    FROM derived_cin_open_spells s JOIN periods p ON p.period_end BETWEEN s.spell_start AND s.spell_end
)"""

# Allocations to a social worker (role SW; an empty role is taken as SW).
_SW = """sw AS (
    SELECT invo_involvements_id AS involvement_id, invo_person_id AS person_id, invo_professional_id AS worker,
           invo_professional_team AS team, invo_involvement_start_date AS start_date,
           invo_involvement_end_date AS end_date
    FROM ssd_involvements WHERE coalesce(invo_professional_role_id, 'SW') = 'SW'
)"""

_CASE_IDS = "p.period_id, o.episode_id AS record_id, o.person_id, o.team, NULL::VARCHAR AS worker"

MEASURES = (
    Measure(
        id="cin_rate", title="Children in need per 10,000", area=AREA,
        definition="Children with an open children in need episode at the end of the window (referred on or before "
                   "that day and not closed by it; including children on a plan and looked after) per 10,000 "
                   "children aged 0 to 17.",
        source="DfE, Characteristics of children in need (children in need at 31 March per 10,000).",
        unit="rate_per_10000", polarity="neutral", period_type="snapshot", table="ssd_cin_episodes",
        quality_rules=("open-episode-over-25", "referral-closed-before-referral"),
        sql=f"""
WITH {_OPEN}
SELECT {_CASE_IDS}, o.start_date AS event_date, TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'referred ' || o.start_date")} AS decided_by
FROM open_cases o JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cin_visit_on_time", title="Children on a child in need plan seen on time", area=AREA,
        definition="Percentage of children on a child in need plan at the end of the window who were seen within "
                   "the local standard: a visit not recorded as 'child not seen' in the last {cin_visit_days} "
                   "working days up to and including that day (authority.toml [standards] cin_visit_days, "
                   "default 20 working days, about every 4 weeks).",
        source="Local standard (authority.toml [standards] cin_visit_days).",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_cin_plans",
        threshold=80, target=90, quality_rules=("cin-visit-outside-episode", "cin-visit-recorded-late",
                                                "cin-plan-ends-before-start"),
        sql=f"""
WITH on_plan AS (
    SELECT p.period_id, p.period_end, s.plan_id, s.person_id, s.start_date, s.team, s.worker
    FROM derived_cin_plan_spells s JOIN periods p ON p.period_end BETWEEN s.spell_start AND s.spell_end
),
last_visit AS (
    SELECT o.*, v.event_date AS last_seen
    FROM on_plan o LEFT JOIN {latest_event('derived_last_cin_visit', 'v', 'o')}
)
SELECT p.period_id, o.plan_id AS record_id, o.person_id, o.team, o.worker, o.start_date AS event_date,
       wd(o.period_end) - wd(o.last_seen) <= {{cin_visit_days}} AS in_numerator,
       wd(o.period_end) - wd(o.last_seen) AS value,
       add_wd(coalesce(o.last_seen, o.start_date), {{cin_visit_days}}) AS due_date,
       {decided("'plan started ' || o.start_date", "'last seen ' || o.last_seen")} AS decided_by
FROM last_visit o JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="unallocated", title="Children with no allocated social worker", area=AREA,
        definition="Children with an open children in need episode at the end of the window who had no allocated "
                   "social worker then (no ssd_involvements allocation with role SW, or no role, running that day). "
                   "The children behind it list every open child with the flag; the figure counts the flagged.",
        source="Local measure; Ofsted ILACS judgements on unallocated children.",
        unit="count", polarity="lower_is_better", period_type="snapshot", table="ssd_cin_episodes",
        threshold=20, target=5, quality_rules=("open-case-unallocated", "leaver-holding-cases", "allocation-ends-before-start"),
        sql=f"""
WITH {_OPEN}, {_SW},
allocated AS (
    SELECT DISTINCT o.period_id, o.person_id
    FROM open_cases o JOIN sw ON sw.person_id = o.person_id AND sw.start_date <= o.period_end
         AND coalesce(sw.end_date, {FAR_FUTURE}) > o.period_end
)
SELECT {_CASE_IDS}, o.start_date AS event_date, a.person_id IS NULL AS in_numerator, NULL AS value,
       o.start_date AS due_date,
       {decided("'referred ' || o.start_date", "CASE WHEN a.person_id IS NULL THEN 'no allocated worker' END")} AS decided_by
FROM open_cases o JOIN periods p USING (period_id)
LEFT JOIN allocated a ON a.period_id = o.period_id AND a.person_id = o.person_id""",
    ),
    Measure(
        id="caseload_mean", title="Average caseload", area=AREA,
        definition="Open children per case-holding social worker at the end of the window: allocations (role SW) "
                   "running that day for children with an open episode, divided by the number of distinct workers "
                   "holding them (headcount, not FTE). By team: each team's workers' average.",
        source="DfE, Children's social work workforce (average caseload per case-holding worker).",
        unit="ratio", polarity="lower_is_better", period_type="snapshot", table="ssd_involvements",
        threshold=20, target=17, breakdowns=WORKFORCE_DIMENSIONS,
        quality_rules=("leaver-holding-cases", "worker-without-team", "unknown-worker"),
        sql=f"""
WITH {_OPEN}, {_SW}
SELECT p.period_id, sw.involvement_id AS record_id, sw.person_id, sw.team, sw.worker,
       sw.start_date AS event_date, TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'allocated ' || sw.start_date")} AS decided_by
FROM open_cases o JOIN periods p USING (period_id)
JOIN sw ON sw.person_id = o.person_id AND sw.start_date <= o.period_end
     AND coalesce(sw.end_date, {FAR_FUTURE}) > o.period_end AND sw.worker IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY p.period_id, sw.worker, sw.person_id ORDER BY sw.start_date DESC) = 1""",
    ),
    Measure(
        id="agency_share", title="Agency social workers", area=AREA,
        definition="Percentage of social workers in post at the end of the window (ssd_professionals: started on or "
                   "before that day, or no start recorded, and not left by it) who are agency workers; headcount.",
        source="DfE, Children's social work workforce (agency workers as a share of social workers).",
        unit="percent", polarity="lower_is_better", period_type="snapshot", table="ssd_professionals",
        threshold=20, target=10, breakdowns=WORKFORCE_DIMENSIONS, quality_rules=("worker-without-team",),
        sql=f"""
SELECT p.period_id, w.prof_professional_id AS record_id, NULL::VARCHAR AS person_id,
       w.prof_professional_department AS team, w.prof_professional_id AS worker, w.prof_start_date AS event_date,
       w.prof_agency_worker_flag = 'Y' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'started ' || w.prof_start_date", "'agency ' || w.prof_agency_worker_flag")} AS decided_by
FROM ssd_professionals w
JOIN periods p ON coalesce(w.prof_start_date, DATE '0001-01-01') <= p.period_end
     AND coalesce(w.prof_end_date, {FAR_FUTURE}) > p.period_end""",
    ),
    Measure(
        id="worker_changes_3plus", title="Children with 3 or more social workers in 12 months", area=AREA,
        definition="Percentage of children with an open episode at the end of the window that had been open for 12 "
                   "months or more who had 3 or more different allocated social workers (role SW) at some time in "
                   "the 12 months up to that day.",
        source="Local measure; Ofsted ILACS inspections report changes of social worker.",
        unit="percent", polarity="lower_is_better", period_type="snapshot", table="ssd_cin_episodes",
        threshold=15, target=10, quality_rules=("allocation-ends-before-start", "unknown-worker"),
        sql=f"""
WITH {_OPEN}, {_SW},
long_open AS (SELECT * FROM open_cases WHERE start_date <= (period_end - INTERVAL 12 MONTH)::DATE),
workers AS (
    SELECT o.period_id, o.person_id, count(DISTINCT sw.worker) AS workers
    FROM long_open o JOIN sw ON sw.person_id = o.person_id AND sw.start_date <= o.period_end
         AND coalesce(sw.end_date, {FAR_FUTURE}) > (o.period_end - INTERVAL 12 MONTH)::DATE
    GROUP BY ALL
)
SELECT {_CASE_IDS}, o.start_date AS event_date, coalesce(w.workers, 0) >= 3 AS in_numerator,
       coalesce(w.workers, 0) AS value, NULL::DATE AS due_date,
       {decided("'referred ' || o.start_date", "coalesce(w.workers, 0) || ' workers in 12 months'")} AS decided_by
FROM long_open o JOIN periods p USING (period_id)
LEFT JOIN workers w ON w.period_id = o.period_id AND w.person_id = o.person_id""",
    ),
    Measure(
        id="supervision_on_time", title="Open children with case supervision on time", area=AREA,
        definition="Percentage of children with an open episode at the end of the window whose case had a supervision "
                   "or management oversight record (ext_case_supervision) in the last {supervision_days} calendar "
                   "days up to and including that day (authority.toml [standards] supervision_days, default 30: "
                   "monthly).",
        source="Local standard (authority.toml [standards] supervision_days); Ofsted judges management oversight.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_cin_episodes",
        threshold=80, target=90, quality_rules=("open-episode-over-25",),
        sql=f"""
WITH {_OPEN},
last_supervision AS (
    SELECT o.*, s.event_date AS last_supervised
    FROM open_cases o LEFT JOIN {latest_event('derived_last_supervision', 's', 'o')}
)
SELECT {_CASE_IDS}, o.start_date AS event_date,
       o.last_supervised >= (o.period_end - INTERVAL {{supervision_days}} DAY)::DATE AS in_numerator,
       datediff('day', o.last_supervised, o.period_end) AS value,
       (coalesce(o.last_supervised, o.start_date) + INTERVAL {{supervision_days}} DAY)::DATE AS due_date,
       {decided("'referred ' || o.start_date", "'last supervision ' || o.last_supervised")} AS decided_by
FROM last_supervision o JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="audit_good_or_better", title="Case audits graded good or better", area=AREA,
        definition="Percentage of quality-assurance case audits completed in the window (with a grade) that were "
                   "graded good or outstanding. Worker: the child's allocated social worker on the audit date.",
        source="Local measure (quality assurance framework).",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ext_case_audits",
        threshold=60, target=80, quality_rules=("invalid-code-audit-grade",),
        sql=f"""
SELECT p.period_id, a.exta_audit_id AS record_id, a.exta_person_id AS person_id, a.exta_team_id AS team,
       NULL::VARCHAR AS worker, a.exta_audit_date AS event_date,
       a.exta_audit_grade IN ('good', 'outstanding') AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'audited ' || a.exta_audit_date", "'graded ' || a.exta_audit_grade")} AS decided_by
FROM ext_case_audits a JOIN periods p ON {in_window('a.exta_audit_date')}
WHERE a.exta_audit_grade IS NOT NULL""",
    ),
)
