"""Children in care: numbers, stability, placements, visits, reviews, health, missing, permanence."""

from __future__ import annotations

from lineofsight.measures.model import Measure
from lineofsight.measures.sql import (
    CARE_EPISODES,
    CURRENT_PLACEMENT,
    FAR_FUTURE,
    LOOKED_AFTER,
    LOOKED_AFTER_AT_END,
    decided,
    in_window,
    latest_event,
    overlaps_window,
)

AREA = "Children in care"

_LA_IDS = "p.period_id, la.person_id AS record_id, la.person_id, la.team, NULL::VARCHAR AS worker"
_PLACED_IDS = "p.period_id, pd.person_id AS record_id, pd.person_id, pd.team, NULL::VARCHAR AS worker"

# Unregistered homes, and (since 9 September 2021, Care Planning etc. (Amendment) Regulations 2021)
# supported or semi-independent accommodation (H5) for a child under 16, which is unlawful: unregulated.
_UNREGISTERED = (
    "(pd.unregistered = 'Y' OR (pd.placement_type = 'H5' AND age_years(per.pers_dob, pd.period_end) < 16))"
)

_UASC_AT_END = f"""EXISTS (SELECT 1 FROM ssd_immigration_status i WHERE i.immi_person_id = la.person_id
           AND i.immi_immigration_status = 'UASC' AND i.immi_immigration_status_start_date <= la.period_end
           AND coalesce(i.immi_immigration_status_end_date, {FAR_FUTURE}) >= la.period_end)"""

_CARE_RULES = ("care-before-birth", "overlapping-care-episodes", "care-episode-ends-before-start",
               "looked-after-no-placement", "looked-after-aged-18-or-over")

MEASURES = (
    Measure(
        id="cla_rate", title="Children looked after per 10,000", area=AREA,
        definition="Children looked after at the end of the window (an episode of care started on or before that day "
                   "and not ceased by it) per 10,000 children aged 0 to 17. Children looked after only under a "
                   "series of short breaks (legal status V3 or V4) are not counted, as in DfE's statistics.",
        source="DfE, Children looked after in England including adoptions (rate per 10,000 at 31 March).",
        unit="rate_per_10000", polarity="neutral", period_type="snapshot", table="ssd_person",
        quality_rules=_CARE_RULES,
        sql=f"""
WITH {LOOKED_AFTER}
SELECT {_LA_IDS}, la.care_start AS event_date, TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'entered care ' || la.care_start")} AS decided_by
FROM looked_after la JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cla_starts", title="Children starting to be looked after", area=AREA,
        definition="Episodes in the window in which a child started to be looked after: reason for new episode S, "
                   "or (where the reason is missing) an episode that does not continue one ending the same day. "
                   "Short-breaks-only care (V3/V4) is not counted.",
        source="DfE, Children looked after in England (children who started to be looked after), SSDA903.",
        unit="count", polarity="neutral", period_type="in_period", table="ssd_cla_episodes",
        quality_rules=("missing-start-reason",) + _CARE_RULES,
        sql=f"""
WITH {CARE_EPISODES}
SELECT p.period_id, c.episode_id AS record_id, c.person_id, c.team, NULL::VARCHAR AS worker,
       c.start_date AS event_date, TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'started ' || c.start_date", "'reason ' || c.start_reason")} AS decided_by
FROM care c JOIN periods p ON {in_window('c.start_date')}
WHERE c.start_reason = 'S' OR (c.start_reason IS NULL AND NOT EXISTS (
    SELECT 1 FROM care b WHERE b.person_id = c.person_id AND b.end_date = c.start_date))""",
    ),
    Measure(
        id="cla_3plus_placements", title="Children looked after with 3 or more placements", area=AREA,
        definition="Percentage of children looked after at the end of the window who had 3 or more placements during "
                   "the window: every distinct placement that ran on at least one day of it counts once, so a "
                   "placement running into the window (or ending on its first day) counts.",
        source="DfE, Children looked after in England (placement stability: three or more placements during "
               "the year), SSDA903.",
        unit="percent", polarity="lower_is_better", period_type="snapshot", table="ssd_person",
        threshold=11, target=9, quality_rules=("placement-outside-care", "placement-ends-before-start") + _CARE_RULES,
        sql=f"""
WITH {LOOKED_AFTER},
moves AS (
    SELECT la.period_id, la.person_id, count(DISTINCT pl.clap_cla_placement_id) AS placements
    FROM looked_after la JOIN periods p USING (period_id)
    JOIN ssd_cla_placement pl ON pl.clap_person_id = la.person_id
         AND {overlaps_window('pl.clap_cla_placement_start_date', 'pl.clap_cla_placement_end_date')}
    GROUP BY ALL
)
SELECT {_LA_IDS}, la.care_start AS event_date, coalesce(m.placements, 0) >= 3 AS in_numerator,
       coalesce(m.placements, 0) AS value, NULL::DATE AS due_date,
       {decided("'entered care ' || la.care_start", "coalesce(m.placements, 0) || ' placements in the window'")} AS decided_by
FROM looked_after la JOIN periods p USING (period_id)
LEFT JOIN moves m ON m.period_id = la.period_id AND m.person_id = la.person_id""",
    ),
    Measure(
        id="cla_long_term_stability", title="Long-term placement stability", area=AREA,
        definition="Percentage of children under 16 at the end of the window who had been looked after continuously "
                   "for at least 2.5 years who had been living in the same placement for at least 2 years, or were "
                   "placed for adoption (A3 to A6) and their adoptive placement together with the placement before "
                   "it had lasted at least 2 years.",
        source="DfE, Children looked after in England (long-term placement stability), SSDA903.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_person",
        threshold=65, target=70, quality_rules=("placement-outside-care", "placement-ends-before-start") + _CARE_RULES,
        sql=f"""
WITH {LOOKED_AFTER}, {CURRENT_PLACEMENT}
SELECT {_PLACED_IDS}, pd.care_start AS event_date,
       pd.placement_start <= (pd.period_end - INTERVAL 2 YEAR)::DATE
       OR (pd.placement_type IN ('A3', 'A4', 'A5', 'A6')
           AND pd.previous_start <= (pd.period_end - INTERVAL 2 YEAR)::DATE) AS in_numerator,
       datediff('day', pd.placement_start, pd.period_end) AS value, NULL::DATE AS due_date,
       {decided("'entered care ' || pd.care_start", "'placement started ' || pd.placement_start",
                "'type ' || pd.placement_type")} AS decided_by
FROM placed pd JOIN periods p USING (period_id)
JOIN ssd_person per ON per.pers_person_id = pd.person_id
WHERE age_years(per.pers_dob, pd.period_end) < 16
  AND pd.care_start <= (pd.period_end - INTERVAL 30 MONTH)::DATE""",
    ),
    Measure(
        id="cla_over_20_miles", title="Children placed more than 20 miles from home", area=AREA,
        definition="Percentage of children looked after at the end of the window, whose current placement's distance "
                   "from home is recorded, placed more than 20 miles away.",
        source="DfE, Children looked after in England (placed more than 20 miles from home), SSDA903.",
        unit="percent", polarity="lower_is_better", period_type="snapshot", table="ssd_cla_placement",
        threshold=20, target=15, quality_rules=("placement-outside-care",) + _CARE_RULES,
        sql=f"""
WITH {LOOKED_AFTER}, {CURRENT_PLACEMENT}
SELECT p.period_id, pd.placement_id AS record_id, pd.person_id, pd.team, NULL::VARCHAR AS worker,
       pd.placement_start AS event_date, pd.distance > 20 AS in_numerator, pd.distance AS value,
       NULL::DATE AS due_date,
       {decided("'placement started ' || pd.placement_start", "pd.distance || ' miles'")} AS decided_by
FROM placed pd JOIN periods p USING (period_id)
WHERE pd.distance IS NOT NULL""",
    ),
    Measure(
        id="cla_unregistered", title="Children in unregistered or unregulated placements", area=AREA,
        definition="Children looked after at the end of the window whose placement was an unregistered home "
                   "(clap_cla_placement_unregistered Y), or supported or semi-independent accommodation (H5) while "
                   "under 16, which has been unlawful since 9 September 2021. The list behind it holds every child "
                   "looked after, with the flag.",
        source="Care Planning, Placement and Case Review (England) (Amendment) Regulations 2021; Care Standards "
               "Act 2000 s.11 (registration); local measure.",
        unit="count", polarity="lower_is_better", period_type="snapshot", table="ssd_cla_placement",
        needs=("ssd_cla_placement.clap_cla_placement_unregistered",),
        threshold=3, target=0, quality_rules=("looked-after-no-placement", "invalid-code-placement-type"),
        sql=f"""
WITH {LOOKED_AFTER}, {CURRENT_PLACEMENT}
SELECT p.period_id, coalesce(pd.placement_id, pd.person_id) AS record_id, pd.person_id, pd.team,
       NULL::VARCHAR AS worker, pd.placement_start AS event_date, {_UNREGISTERED} AS in_numerator, NULL AS value,
       NULL::DATE AS due_date,
       {decided("'placement started ' || pd.placement_start", "'type ' || pd.placement_type",
                "CASE WHEN pd.unregistered = 'Y' THEN 'unregistered' END")} AS decided_by
FROM placed pd JOIN periods p USING (period_id)
LEFT JOIN ssd_person per ON per.pers_person_id = pd.person_id""",
    ),
    Measure(
        id="cla_unregistered_visited_7d", title="Children in unregistered placements seen in the last 7 days",
        area=AREA,
        definition="Percentage of children in unregistered or unregulated placements at the end of the window (as in "
                   "cla_unregistered) who were visited in the 7 days up to that day (a visit on or after the day a "
                   "week before, not recorded as 'child not seen').",
        source="DfE expectation that children placed in unregistered provision are visited at least weekly; "
               "local standard.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_cla_placement",
        needs=("ssd_cla_placement.clap_cla_placement_unregistered",),
        threshold=95, target=100, quality_rules=("cla-visit-recorded-late", "cla-visit-outside-care"),
        sql=f"""
WITH {LOOKED_AFTER}, {CURRENT_PLACEMENT},
unregistered AS (
    SELECT pd.* FROM placed pd LEFT JOIN ssd_person per ON per.pers_person_id = pd.person_id WHERE {_UNREGISTERED}
),
last_visit AS (
    SELECT u.*, v.event_date AS last_seen
    FROM unregistered u LEFT JOIN {latest_event('derived_last_cla_visit', 'v', 'u')}
)
SELECT p.period_id, pd.placement_id AS record_id, pd.person_id, pd.team, NULL::VARCHAR AS worker,
       pd.placement_start AS event_date, pd.last_seen >= (pd.period_end - INTERVAL 7 DAY)::DATE AS in_numerator,
       datediff('day', pd.last_seen, pd.period_end) AS value,
       (coalesce(pd.last_seen, pd.placement_start) + INTERVAL 7 DAY)::DATE AS due_date,
       {decided("'placement started ' || pd.placement_start", "'last seen ' || pd.last_seen")} AS decided_by
FROM last_visit pd JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cla_visit_on_time", title="Children looked after visited on time", area=AREA,
        definition="Percentage of children looked after at the end of the window whose statutory visits were up to "
                   "date then. The schedule runs from the current placement's start: a first visit within 1 week; "
                   "then at intervals of not more than 6 weeks in the placement's first year; after that, not more "
                   "than 3 months where the placement is agreed to last until 18 (clap_cla_placement_long_term Y), "
                   "otherwise 6 weeks. Up to date = the next visit is not yet overdue. Visits recorded as 'child not "
                   "seen' do not count.",
        source="Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28(2).",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_person",
        threshold=90, target=98, quality_rules=("cla-visit-outside-care", "cla-visit-recorded-late",
                                                "looked-after-no-placement"),
        sql=f"""
WITH {LOOKED_AFTER}, {CURRENT_PLACEMENT},
last_visit AS (
    SELECT pd.*, CASE WHEN v.event_date >= pd.placement_start THEN v.event_date END AS last_seen
    FROM placed pd LEFT JOIN {latest_event('derived_last_cla_visit', 'v', 'pd')}
),
due AS (
    SELECT *, CASE
        WHEN placement_start IS NULL THEN NULL
        WHEN last_seen IS NULL THEN (placement_start + INTERVAL 7 DAY)::DATE
        WHEN last_seen < (placement_start + INTERVAL 1 YEAR)::DATE THEN (last_seen + INTERVAL 6 WEEK)::DATE
        WHEN long_term = 'Y' THEN (last_seen + INTERVAL 3 MONTH)::DATE
        ELSE (last_seen + INTERVAL 6 WEEK)::DATE END AS next_due
    FROM last_visit
)
SELECT {_PLACED_IDS}, pd.placement_start AS event_date, pd.next_due >= pd.period_end AS in_numerator,
       datediff('day', pd.last_seen, pd.period_end) AS value, pd.next_due AS due_date,
       {decided("'placement started ' || pd.placement_start", "'last seen ' || pd.last_seen",
                "CASE WHEN pd.long_term = 'Y' THEN 'long-term placement' END", "'next due ' || pd.next_due")} AS decided_by
FROM due pd JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cla_review_on_time", title="Children looked after reviewed on time", area=AREA,
        definition="Percentage of children looked after at the end of the window whose reviews held in the window "
                   "were all on time, with none overdue at its end: the first within 20 working days of entering "
                   "care, the second within 3 months of the first, later ones within 6 months of the one before "
                   "(timed within the current period of care). Cancelled reviews do not count. As the former "
                   "national indicator NI 66; for a monthly series the window is the 12 months to each month end.",
        source="Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33; former "
               "national indicator NI 66.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_person",
        threshold=90, target=98, quality_rules=_CARE_RULES,
        sql=f"""
WITH {CARE_EPISODES},
care_periods AS (SELECT * FROM derived_care_periods),
reviews AS (
    SELECT cp.person_id, cp.care_start, r.clar_cla_review_date AS review_date,
           row_number() OVER w AS n, lag(r.clar_cla_review_date) OVER w AS previous_review
    FROM care_periods cp JOIN ssd_cla_reviews r ON r.clar_cla_person_id = cp.person_id
         AND r.clar_cla_review_date >= cp.care_start AND r.clar_cla_review_date <= coalesce(cp.care_end, {FAR_FUTURE})
         AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
    WINDOW w AS (PARTITION BY cp.person_id, cp.care_start ORDER BY r.clar_cla_review_date, r.clar_cla_review_id)
),
judged AS (
    SELECT *, review_date > CASE WHEN n = 1 THEN add_wd(care_start, 20)
                                 WHEN n = 2 THEN (previous_review + INTERVAL 3 MONTH)::DATE
                                 ELSE (previous_review + INTERVAL 6 MONTH)::DATE END AS late
    FROM reviews
),
{LOOKED_AFTER_AT_END},
status AS (
    SELECT la.period_id, la.period_end, la.person_id, la.team, la.care_start, count(j.review_date) AS reviews,
           max(j.review_date) AS last_review,
           coalesce(bool_or(j.late) FILTER (WHERE j.review_date >= la.period_start), FALSE) AS any_late
    FROM looked_after la LEFT JOIN judged j ON j.person_id = la.person_id AND j.care_start = la.care_start
         AND j.review_date <= la.period_end
    GROUP BY ALL
),
due AS (
    SELECT *, CASE WHEN reviews = 0 THEN add_wd(care_start, 20)
                   WHEN reviews = 1 THEN (last_review + INTERVAL 3 MONTH)::DATE
                   ELSE (last_review + INTERVAL 6 MONTH)::DATE END AS next_due
    FROM status
)
SELECT {_LA_IDS}, la.care_start AS event_date, NOT la.any_late AND la.next_due >= la.period_end AS in_numerator,
       la.reviews AS value, la.next_due AS due_date,
       {decided("'entered care ' || la.care_start", "'last review ' || la.last_review",
                "CASE WHEN la.any_late THEN 'a review in the window was late' END", "'next due ' || la.next_due")} AS decided_by
FROM due la JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cla_health_assessment", title="Children looked after with an up-to-date health assessment", area=AREA,
        definition="Percentage of children looked after at the end of the window, continuously for 12 months or more, "
                   "who had a health assessment (clah_health_check_type containing 'health assessment') in the "
                   "12 months up to that day.",
        source="DfE, Outcomes for children looked after (OC2: health assessments up to date); Promoting the health "
               "and wellbeing of looked-after children (2015).",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_person",
        threshold=85, target=95, quality_rules=_CARE_RULES,
        sql=f"""
WITH {LOOKED_AFTER},
last_check AS (
    SELECT la.*, c.event_date AS last_assessed
    FROM looked_after la LEFT JOIN {latest_event('derived_last_health_assessment', 'c', 'la')}
    WHERE la.care_start <= (la.period_end - INTERVAL 12 MONTH)::DATE
)
SELECT {_LA_IDS}, la.care_start AS event_date,
       la.last_assessed > (la.period_end - INTERVAL 12 MONTH)::DATE AS in_numerator, NULL AS value,
       (coalesce(la.last_assessed, la.care_start) + INTERVAL 12 MONTH)::DATE AS due_date,
       {decided("'entered care ' || la.care_start", "'last health assessment ' || la.last_assessed")} AS decided_by
FROM last_check la JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="cla_missing", title="Children looked after who went missing", area=AREA,
        definition="Percentage of children looked after at any time in the window (an episode running on at least one "
                   "day of it) who had a missing episode (type M; 'away from placement' is not counted) starting in "
                   "the window while they were looked after. Age is taken at the window's end.",
        source="DfE, Children looked after in England (children who had a missing incident during the year).",
        unit="percent", polarity="lower_is_better", period_type="in_period", table="ssd_person",
        threshold=12, target=9, quality_rules=("missing-ends-before-start",) + _CARE_RULES,
        sums_months=False,  # each child once per window
        sql=f"""
WITH {CARE_EPISODES},
in_care AS (
    SELECT p.period_id, p.period_start, p.period_end, c.*
    FROM care c JOIN periods p ON {overlaps_window('c.start_date', 'c.end_date')}
),
children AS (
    SELECT ic.period_id, ic.person_id, arg_max(ic.team, ic.start_date) AS team,
           least(max(coalesce(ic.end_date, ic.period_end)), any_value(ic.period_end)) AS last_in_care,
           min(m.miss_missing_episode_start_date) AS first_missing
    FROM in_care ic
    LEFT JOIN ssd_missing m ON m.miss_person_id = ic.person_id
         AND coalesce(m.miss_missing_episode_type, 'M') = 'M'
         AND m.miss_missing_episode_start_date BETWEEN ic.period_start AND ic.period_end
         AND m.miss_missing_episode_start_date >= ic.start_date
         AND m.miss_missing_episode_start_date <= coalesce(ic.end_date, {FAR_FUTURE})
    GROUP BY ALL
)
SELECT p.period_id, ch.person_id AS record_id, ch.person_id, ch.team, NULL::VARCHAR AS worker,
       ch.last_in_care AS event_date, ch.first_missing IS NOT NULL AS in_numerator, NULL AS value,
       NULL::DATE AS due_date, {decided("'first missing ' || ch.first_missing")} AS decided_by
FROM children ch JOIN periods p USING (period_id)""",
    ),
    Measure(
        id="rhi_offered", title="Return home interviews offered", area=AREA,
        definition="Percentage of missing episodes (type M) ending in the window, of any child, after which a return "
                   "home interview was offered.",
        source="DfE, Statutory guidance on children who run away or go missing from home or care (2014).",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ssd_missing",
        threshold=90, target=98, quality_rules=("missing-ends-before-start", "invalid-code-missing-type"),
        sql=f"""
SELECT p.period_id, m.miss_table_id AS record_id, m.miss_person_id AS person_id, NULL::VARCHAR AS team,
       NULL::VARCHAR AS worker, m.miss_missing_episode_end_date AS event_date,
       m.miss_missing_rhi_offered = 'Y' AS in_numerator, NULL AS value,
       (m.miss_missing_episode_end_date + INTERVAL 3 DAY)::DATE AS due_date,
       {decided("'missing ' || m.miss_missing_episode_start_date", "'returned ' || m.miss_missing_episode_end_date",
                "'offered ' || m.miss_missing_rhi_offered")} AS decided_by
FROM ssd_missing m JOIN periods p ON {in_window('m.miss_missing_episode_end_date')}
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M'""",
    ),
    Measure(
        id="rhi_accepted", title="Return home interviews accepted", area=AREA,
        definition="Percentage of the return home interviews offered after missing episodes (type M) ending in the "
                   "window that the child accepted.",
        source="DfE, Statutory guidance on children who run away or go missing from home or care (2014).",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ssd_missing",
        threshold=50, target=70, quality_rules=("missing-ends-before-start", "invalid-code-missing-type"),
        sql=f"""
SELECT p.period_id, m.miss_table_id AS record_id, m.miss_person_id AS person_id, NULL::VARCHAR AS team,
       NULL::VARCHAR AS worker, m.miss_missing_episode_end_date AS event_date,
       m.miss_missing_rhi_accepted = 'Y' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'returned ' || m.miss_missing_episode_end_date", "'accepted ' || m.miss_missing_rhi_accepted")} AS decided_by
FROM ssd_missing m JOIN periods p ON {in_window('m.miss_missing_episode_end_date')}
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M' AND m.miss_missing_rhi_offered = 'Y'""",
    ),
    Measure(
        id="adoption_a1_days", title="Average days from entering care to moving in with the adoptive family",
        area=AREA,
        definition="Average days between entering care and moving in with the adoptive family, for children adopted "
                   "(episode ceased E11 or E12) in the 3 years up to the end of the window; the window's start is not "
                   "used. A child adopted by their foster carer counts from entering care to moving in with that "
                   "carer. The move-in date is ssd_permanence's (placed with foster carer / placed for adoption), "
                   "else the start of the adoptive placement (A3 to A6). Children with no move-in date are left out.",
        source="DfE, Adoption scorecard, measure A1.",
        unit="days", polarity="lower_is_better", period_type="in_period", table="ssd_cla_episodes",
        threshold=480, target=426, breakdowns=("team", "worker", "age", "sex", "ethnicity", "disability"),
        quality_rules=("missing-reason-ceased",) + _CARE_RULES,
        sums_months=False,  # the 3 years to the window's end, not the window's months
        sql=f"""
WITH {CARE_EPISODES},
adopted AS (
    SELECT p.period_id, c.* FROM care c
    JOIN periods p ON c.end_date > (p.period_end - INTERVAL 3 YEAR)::DATE AND c.end_date <= p.period_end
    WHERE c.ceased_reason IN ('E11', 'E12')
),
permanence AS (
    SELECT perm_person_id AS person_id, max(CASE WHEN perm_adopted_by_carer_flag = 'Y'
                  THEN coalesce(perm_placed_foster_carer_date, perm_placed_for_adoption_date)
                  ELSE perm_placed_for_adoption_date END) AS moved_in
    FROM ssd_permanence GROUP BY 1
),
adoptive AS (
    SELECT clap_person_id AS person_id, clap_cla_placement_start_date AS placed
    FROM ssd_cla_placement WHERE clap_cla_placement_type IN ('A3', 'A4', 'A5', 'A6')
),
first_adoptive AS (
    SELECT c.episode_id, min(ad.placed) AS placed
    FROM care c JOIN adoptive ad ON ad.person_id = c.person_id AND ad.placed BETWEEN c.care_start AND c.end_date
    WHERE c.ceased_reason IN ('E11', 'E12')
    GROUP BY 1
),
timed AS (
    SELECT a.*, coalesce(pm.moved_in, fa.placed) AS moved_in
    FROM adopted a LEFT JOIN permanence pm ON pm.person_id = a.person_id
    LEFT JOIN first_adoptive fa ON fa.episode_id = a.episode_id
)
SELECT p.period_id, t.episode_id AS record_id, t.person_id, t.team, NULL::VARCHAR AS worker,
       t.end_date AS event_date, NULL::BOOLEAN AS in_numerator, datediff('day', t.care_start, t.moved_in) AS value,
       NULL::DATE AS due_date,
       {decided("'entered care ' || t.care_start", "'moved in ' || t.moved_in", "'adopted ' || t.end_date")} AS decided_by
FROM timed t JOIN periods p USING (period_id)
WHERE t.moved_in IS NOT NULL""",
    ),
    Measure(
        id="cla_ceased_sgo_or_adoption", title="Children leaving care through adoption or special guardianship",
        area=AREA,
        definition="Percentage of children who ceased to be looked after in the window (an episode ending with any "
                   "reason other than X1, 'episode ceases, new one begins') who left through adoption (E11, E12) or "
                   "a special guardianship order (E43 to E48).",
        source="DfE, Children looked after in England (children who ceased to be looked after by reason).",
        unit="percent", polarity="higher_is_better", period_type="in_period", table="ssd_cla_episodes",
        threshold=20, target=25, quality_rules=("missing-reason-ceased", "invalid-code-reason-episode-ceased"),
        sql=f"""
WITH {CARE_EPISODES}
SELECT p.period_id, c.episode_id AS record_id, c.person_id, c.team, NULL::VARCHAR AS worker,
       c.end_date AS event_date,
       c.ceased_reason IN ('E11', 'E12', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48') AS in_numerator, NULL AS value,
       NULL::DATE AS due_date, {decided("'ceased ' || c.end_date", "'reason ' || c.ceased_reason")} AS decided_by
FROM care c JOIN periods p ON {in_window('c.end_date')}
WHERE coalesce(c.ceased_reason, '') <> 'X1'""",
    ),
    Measure(
        id="uasc_looked_after", title="Unaccompanied asylum-seeking children looked after", area=AREA,
        definition="Children looked after at the end of the window whose immigration status then was unaccompanied "
                   "asylum-seeking child (UASC). The list behind it holds every child looked after, with the flag.",
        source="DfE, Children looked after in England (unaccompanied asylum-seeking children at 31 March).",
        unit="count", polarity="neutral", period_type="snapshot", table="ssd_person",
        quality_rules=("invalid-code-immigration-status",) + _CARE_RULES,
        sql=f"""
WITH {LOOKED_AFTER}
SELECT {_LA_IDS}, la.care_start AS event_date, {_UASC_AT_END} AS in_numerator, NULL AS value,
       NULL::DATE AS due_date, {decided("'entered care ' || la.care_start")} AS decided_by
FROM looked_after la JOIN periods p USING (period_id)""",
    ),
)
