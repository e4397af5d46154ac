"""Front door: contacts and referrals (the MASH)."""

from __future__ import annotations

from lineofsight.measures.model import Measure
from lineofsight.measures.sql import decided, in_window

AREA = "Front door"

_CONTACTS = f"""
FROM ssd_contacts c JOIN periods p ON {in_window('c.cont_contact_date')}"""

_CONTACT_IDS = """p.period_id, c.cont_contact_id AS record_id, c.cont_person_id AS person_id,
       c.cont_contact_team AS team, NULL::VARCHAR AS worker, c.cont_contact_date AS event_date"""

_REFERRAL_IDS = """p.period_id, r.cine_referral_id AS record_id, r.cine_person_id AS person_id,
       r.cine_referral_team AS team, r.cine_referral_worker_id AS worker, r.cine_referral_date AS event_date"""

MEASURES = (
    Measure(
        id="contacts", title="Contacts received", area=AREA,
        definition="Contacts received by the front door in the window, dated by the day they arrived "
                   "(cont_contact_date), not the day they were entered.",
        source="Local measure (DfE does not collect contacts); Working Together 2023 ch. 2 on the front door.",
        unit="count", polarity="neutral", period_type="in_period", table="ssd_contacts",
        quality_rules=("contact-recorded-late", "duplicate-contact", "date-in-future"),
        sql=f"""
SELECT {_CONTACT_IDS},
       TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'received ' || c.cont_contact_date")} AS decided_by{_CONTACTS}""",
    ),
    Measure(
        id="contact_to_referral", title="Contacts that became referrals", area=AREA,
        definition="Percentage of contacts received in the window whose recorded outcome was a referral to "
                   "children's social care (cont_contact_outcome REF). Contacts with no outcome recorded stay "
                   "in the denominator.",
        source="Local measure (conversion of contacts to referrals).",
        unit="percent", polarity="neutral", period_type="in_period", table="ssd_contacts",
        needs=("ssd_contacts.cont_contact_outcome",),
        quality_rules=("missing-outcome", "invalid-code-contact-outcome", "contact-recorded-late"),
        sql=f"""
SELECT {_CONTACT_IDS},
       c.cont_contact_outcome = 'REF' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'received ' || c.cont_contact_date", "'outcome ' || c.cont_contact_outcome")} AS decided_by{_CONTACTS}""",
    ),
    Measure(
        id="contact_recording_late", title="Contacts recorded late", area=AREA,
        definition="Percentage of contacts received in the window that were entered on the case system more than "
                   "1 working day after they were received (cont_contact_recorded_date; working days exclude "
                   "weekends and bank holidays, the day of receipt is day 0). Contacts with no recorded date "
                   "cannot be timed and are left out (the data-quality rules report them).",
        source="Local standard, from Ofsted's finding that contacts were dated on entry rather than receipt.",
        unit="percent", polarity="lower_is_better", period_type="in_period", table="ssd_contacts",
        needs=("ssd_contacts.cont_contact_recorded_date",),
        threshold=10, target=5, quality_rules=("contact-recorded-late", "contact-recorded-before-received"),
        sql=f"""
SELECT {_CONTACT_IDS},
       wd(c.cont_contact_recorded_date) - wd(c.cont_contact_date) > 1 AS in_numerator,
       wd(c.cont_contact_recorded_date) - wd(c.cont_contact_date) AS value, NULL::DATE AS due_date,
       {decided("'received ' || c.cont_contact_date", "'recorded ' || c.cont_contact_recorded_date")} AS decided_by{_CONTACTS}
WHERE c.cont_contact_recorded_date IS NOT NULL""",
    ),
    Measure(
        id="referrals_rate", title="Referrals per 10,000 children", area=AREA,
        definition="Referrals to children's social care received in the window per 10,000 children aged 0 to 17 "
                   "(ONS mid-year estimate from authority.toml). The window's referrals are not annualised: "
                   "a single month gives that month's rate. Breakdown cells show each group's contribution "
                   "per 10,000 of all children, since no population estimate exists by team or worker.",
        source="DfE, Characteristics of children in need (referrals rate per 10,000).",
        unit="rate_per_10000", polarity="neutral", period_type="in_period", table="ssd_cin_episodes",
        quality_rules=("date-in-future", "duplicate-person-name-dob", "duplicate-person-upn"),
        sql=f"""
SELECT {_REFERRAL_IDS},
       TRUE AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'referred ' || r.cine_referral_date")} AS decided_by
FROM ssd_cin_episodes r JOIN periods p ON {in_window('r.cine_referral_date')}""",
    ),
    Measure(
        id="rereferral_12m", title="Re-referrals within 12 months", area=AREA,
        definition="Percentage of referrals received in the window where the child had a previous referral in the "
                   "12 months before it (a previous referral dated on or after the same day a year earlier, and "
                   "before the day of this referral). Earlier referrals before the window count.",
        source="DfE, Characteristics of children in need (re-referrals within 12 months), CIN census.",
        unit="percent", polarity="lower_is_better", period_type="in_period", table="ssd_cin_episodes",
        threshold=25, target=20, quality_rules=("duplicate-person-name-dob", "duplicate-person-upn", "date-in-future"),
        sql=f"""
WITH r AS (
    SELECT *, max(cine_referral_date) OVER (
        PARTITION BY cine_person_id ORDER BY cine_referral_date
        RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS previous_referral
    FROM ssd_cin_episodes
)
SELECT {_REFERRAL_IDS},
       coalesce(r.previous_referral >= (r.cine_referral_date - INTERVAL 12 MONTH)::DATE, FALSE) AS in_numerator,
       NULL AS value, NULL::DATE AS due_date,
       {decided("'referred ' || r.cine_referral_date", "'previous referral ' || r.previous_referral")} AS decided_by
FROM r JOIN periods p ON {in_window('r.cine_referral_date')}""",
    ),
    Measure(
        id="referral_nfa", title="Referrals ending in no further action", area=AREA,
        definition="Percentage of referrals received in the window recorded as ending with no further action "
                   "(cine_referral_nfa Y).",
        source="DfE, Characteristics of children in need (referrals resulting in no further action).",
        unit="percent", polarity="neutral", period_type="in_period", table="ssd_cin_episodes",
        quality_rules=("missing-outcome",),
        sql=f"""
SELECT {_REFERRAL_IDS},
       r.cine_referral_nfa = 'Y' AS in_numerator, NULL AS value, NULL::DATE AS due_date,
       {decided("'referred ' || r.cine_referral_date", "'no further action ' || r.cine_referral_nfa")} AS decided_by
FROM ssd_cin_episodes r JOIN periods p ON {in_window('r.cine_referral_date')}""",
    ),
)
