"""Care leavers: in touch, in education, employment or training, accommodation, pathway plans."""

from __future__ import annotations

from lineofsight.measures.model import Measure
from lineofsight.measures.sql import CARE_LEAVERS_AT_END, decided

AREA = "Care leavers"

_IDS = """p.period_id, l.clea_table_id AS record_id, l.person_id, l.clea_care_leaver_allocated_team AS team,
       l.clea_care_leaver_worker_id AS worker, l.clea_record_date AS event_date"""

# DfE's care leaver outcomes are for young people aged 19, 20 or 21 (age at the window's end here);
# a young person who has died is not counted.
_AGED_19_21 = "l.age BETWEEN 19 AND 21 AND coalesce(l.clea_care_leaver_in_touch, '') <> 'DIED'"

_FROM = "FROM leavers l JOIN periods p USING (period_id)"

_RULES = ("care-leaver-under-16", "care-leaver-over-25", "invalid-code-care-leaver-in-touch",
          "invalid-code-care-leaver-activity", "invalid-code-care-leaver-accommodation",
          "invalid-code-accommodation-suitable")

MEASURES = (
    Measure(
        id="care_leavers_in_touch", title="Care leavers in touch", area=AREA,
        definition="Percentage of care leavers aged 19, 20 or 21 at the end of the window whose latest record on or "
                   "before that day says the authority is in touch (YES). Young people who have died are not counted.",
        source="DfE, Children looked after in England (care leavers aged 19 to 21: in touch), SSDA903.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_care_leavers",
        threshold=90, target=95, quality_rules=_RULES,
        sql=f"""
WITH {CARE_LEAVERS_AT_END}
SELECT {_IDS}, l.clea_care_leaver_in_touch = 'YES' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'recorded ' || l.clea_record_date", "'in touch ' || l.clea_care_leaver_in_touch")} AS decided_by
{_FROM}
WHERE {_AGED_19_21}""",
    ),
    Measure(
        id="care_leavers_eet_19_21", title="Care leavers aged 19 to 21 in education, employment or training",
        area=AREA,
        definition="Percentage of care leavers aged 19, 20 or 21 at the end of the window whose latest recorded "
                   "activity is education, employment or training (activity codes beginning F or P). Those not in "
                   "touch stay in the denominator; young people who have died are not counted.",
        source="DfE, Children looked after in England (care leavers in education, employment or training), SSDA903.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_care_leavers",
        threshold=55, target=65, quality_rules=_RULES,
        sql=f"""
WITH {CARE_LEAVERS_AT_END}
SELECT {_IDS}, left(l.clea_care_leaver_activity, 1) IN ('F', 'P') AS in_numerator, NULL AS value,
       NULL::DATE AS due_date,
       {decided("'recorded ' || l.clea_record_date", "'activity ' || l.clea_care_leaver_activity",
                "'in touch ' || l.clea_care_leaver_in_touch")} AS decided_by
{_FROM}
WHERE {_AGED_19_21}""",
    ),
    Measure(
        id="care_leavers_suitable_accom_19_21", title="Care leavers aged 19 to 21 in suitable accommodation",
        area=AREA,
        definition="Percentage of care leavers aged 19, 20 or 21 at the end of the window whose latest record says "
                   "their accommodation is suitable (1). Those not in touch stay in the denominator; young people "
                   "who have died are not counted.",
        source="DfE, Children looked after in England (care leavers in suitable accommodation), SSDA903.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_care_leavers",
        threshold=85, target=92, quality_rules=_RULES,
        sql=f"""
WITH {CARE_LEAVERS_AT_END}
SELECT {_IDS}, l.clea_care_leaver_accom_suitable = '1' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'recorded ' || l.clea_record_date", "'accommodation ' || l.clea_care_leaver_accommodation",
                "'suitable ' || l.clea_care_leaver_accom_suitable")} AS decided_by
{_FROM}
WHERE {_AGED_19_21}""",
    ),
    Measure(
        id="care_leavers_pathway_plan_current", title="Care leavers with a current pathway plan", area=AREA,
        definition="Percentage of care leavers aged 16 to 21 at the end of the window whose latest record shows a "
                   "pathway plan review in the last {care_leaver_pathway_review_months} months (authority.toml "
                   "[standards] care_leaver_pathway_review_months, default 6). Young people who have died or no "
                   "longer require services are not counted.",
        source="Care Leavers (England) Regulations 2010, regulation 7 (pathway plans reviewed at least every 6 "
               "months); local standard.",
        unit="percent", polarity="higher_is_better", period_type="snapshot", table="ssd_care_leavers",
        threshold=85, target=95, quality_rules=_RULES,
        sql=f"""
WITH {CARE_LEAVERS_AT_END}
SELECT {_IDS},
       l.clea_pathway_plan_review_date > (l.period_end - INTERVAL {{care_leaver_pathway_review_months}} MONTH)::DATE
           AND l.clea_pathway_plan_review_date <= l.period_end AS in_numerator,
       NULL AS value,
       (coalesce(l.clea_pathway_plan_review_date, l.clea_record_date)
           + INTERVAL {{care_leaver_pathway_review_months}} MONTH)::DATE AS due_date,
       {decided("'last pathway plan review ' || l.clea_pathway_plan_review_date")} AS decided_by
{_FROM}
WHERE l.age BETWEEN 16 AND 21 AND coalesce(l.clea_care_leaver_in_touch, '') NOT IN ('DIED', 'NREQ')""",
    ),
    Measure(
        id="care_leavers_in_custody", title="Care leavers aged 19 to 21 in custody", area=AREA,
        definition="Percentage of care leavers aged 19, 20 or 21 at the end of the window whose latest recorded "
                   "accommodation is in custody (X). Young people who have died are not counted.",
        source="DfE, Children looked after in England (care leavers' accommodation: in custody), SSDA903.",
        unit="percent", polarity="lower_is_better", period_type="snapshot", table="ssd_care_leavers",
        threshold=3, target=1, quality_rules=_RULES,
        sql=f"""
WITH {CARE_LEAVERS_AT_END}
SELECT {_IDS}, l.clea_care_leaver_accommodation = 'X' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'recorded ' || l.clea_record_date", "'accommodation ' || l.clea_care_leaver_accommodation")} AS decided_by
{_FROM}
WHERE {_AGED_19_21}""",
    ),
)
