"""The reference for the measures benchmark: the same figures written as the straightforward SQL an analyst
would write for each measure (every window joined to the records it holds, no month roll-up, no derived
tables, no shared engine), over the same `periods` relation. The benchmark checks them equal to the
engine's and reports the engine's time as a multiple of theirs, measured in the same run (issue 14).

Each query returns (period_id, numerator, denominator, value) for every window, as the engine's total row.
"""

from __future__ import annotations

FAR = "DATE '9999-12-31'"

_SHARE = "100.0 * count(*) FILTER (WHERE {num}) / nullif(count({id}), 0)"

REFERENCE: dict[str, str] = {
    # Contacts received in the window (a count).
    "contacts": """
SELECT p.period_id, count(c.cont_contact_id) AS numerator, NULL AS denominator,
       count(c.cont_contact_id)::DOUBLE AS value
FROM periods p LEFT JOIN ssd_contacts c ON c.cont_contact_date BETWEEN p.period_start AND p.period_end
GROUP BY p.period_id""",
    # Referrals received in the window that ended in no further action (a share).
    "referral_nfa": f"""
SELECT p.period_id, count(*) FILTER (WHERE r.cine_referral_nfa = 'Y') AS numerator,
       count(r.cine_referral_id) AS denominator,
       {_SHARE.format(num="r.cine_referral_nfa = 'Y'", id="r.cine_referral_id")} AS value
FROM periods p LEFT JOIN ssd_cin_episodes r ON r.cine_referral_date BETWEEN p.period_start AND p.period_end
GROUP BY p.period_id""",
    # Assessments authorised in the window within 45 working days of their start (working days).
    "assessment_45wd": f"""
WITH timed AS (
    SELECT a.cina_assessment_id AS id, a.cina_assessment_auth_date AS authorised,
           ca.wd_index - cs.wd_index AS working_days
    FROM ssd_cin_assessments a
    LEFT JOIN ref_calendar ca ON ca.cal_date = a.cina_assessment_auth_date
    LEFT JOIN ref_calendar cs ON cs.cal_date = a.cina_assessment_start_date
    WHERE a.cina_assessment_auth_date IS NOT NULL
)
SELECT p.period_id, count(*) FILTER (WHERE t.working_days <= 45) AS numerator, count(t.id) AS denominator,
       {_SHARE.format(num="t.working_days <= 45", id="t.id")} AS value
FROM periods p LEFT JOIN timed t ON t.authorised BETWEEN p.period_start AND p.period_end
GROUP BY p.period_id""",
    # Children with an open CIN episode at each month end per 10,000 (a snapshot rate).
    "cin_rate": f"""
SELECT p.period_id, count(DISTINCT e.cine_person_id) AS numerator, any_value(p.population) AS denominator,
       10000.0 * count(DISTINCT e.cine_person_id) / nullif(any_value(p.population), 0) AS value
FROM periods p LEFT JOIN ssd_cin_episodes e ON e.cine_referral_date <= p.period_end
     AND coalesce(e.cine_close_date, {FAR}) > p.period_end
GROUP BY p.period_id""",
    # Children on a CP plan (this authority's) at each month end per 10,000.
    "cp_rate": f"""
SELECT p.period_id, count(DISTINCT c.cppl_person_id) AS numerator, any_value(p.population) AS denominator,
       10000.0 * count(DISTINCT c.cppl_person_id) / nullif(any_value(p.population), 0) AS value
FROM periods p LEFT JOIN ssd_cp_plans c ON c.cppl_cp_plan_start_date <= p.period_end
     AND coalesce(c.cppl_cp_plan_end_date, {FAR}) > p.period_end AND coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
GROUP BY p.period_id""",
    # Children on a plan at each month end seen in the last 10 working days (a snapshot share with visits).
    "cp_visit_10wd": f"""
WITH on_plan AS (
    SELECT DISTINCT p.period_id, p.period_end, c.cppl_person_id AS person_id
    FROM periods p JOIN ssd_cp_plans c ON c.cppl_cp_plan_start_date <= p.period_end
         AND coalesce(c.cppl_cp_plan_end_date, {FAR}) > p.period_end AND coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
),
seen AS (
    SELECT o.period_id, o.person_id, bool_or(ce.wd_index - cv.wd_index <= 10) AS recent
    FROM on_plan o
    JOIN ssd_cp_visits v ON v.cppv_person_id = o.person_id AND v.cppv_cp_visit_date <= o.period_end
         AND coalesce(v.cppv_cp_visit_seen, 'Y') <> 'N'
    JOIN ref_calendar cv ON cv.cal_date = v.cppv_cp_visit_date
    JOIN ref_calendar ce ON ce.cal_date = o.period_end
    GROUP BY ALL
)
SELECT p.period_id, count(*) FILTER (WHERE s.recent) AS numerator, count(o.person_id) AS denominator,
       {_SHARE.format(num="s.recent", id="o.person_id")} AS value
FROM periods p LEFT JOIN on_plan o ON o.period_id = p.period_id
LEFT JOIN seen s ON s.period_id = o.period_id AND s.person_id = o.person_id
GROUP BY p.period_id""",
}
