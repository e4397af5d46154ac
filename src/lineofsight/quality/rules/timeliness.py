"""Timeliness of recording: events written up on the case system long after they happened.

Inspectors found contacts dated on the day they were entered rather than the day they arrived,
hiding days of delay. The recorded-date extension columns let us measure the gap in working days
(ref_calendar: weekends and England and Wales bank holidays excluded).
"""

from __future__ import annotations

from lineofsight.quality.model import Rule
from lineofsight.quality.sqlparts import record

CONTACT_RECORDING_WORKING_DAYS = 1
"""A contact should be on the system by the next working day (Working Together 2023: a decision
on the type of response within one working day of a referral needs the record to exist)."""

VISIT_RECORDING_WORKING_DAYS = 5
"""A common local recording standard: visits written up within five working days."""


def _recorded_late(rule_id: str, name: str, event: str, recorded: str, limit: int, what: str, severity="warning") -> Rule:
    return Rule(
        id=rule_id,
        title=f"{what.capitalize()} recorded more than {limit} working day{'s' if limit != 1 else ''} after it happened",
        severity=severity, family="timeliness", tables=(name, "ref_calendar"),
        sql=f"""
            SELECT {record(name)},
                   'happened ' || t.{event} || ', recorded ' || t.{recorded} || ' ('
                   || (r.wd_index - e.wd_index) || ' working days)' AS detail
            FROM {name} t
            JOIN ref_calendar e ON e.cal_date = t.{event}
            JOIN ref_calendar r ON r.cal_date = t.{recorded}
            WHERE r.wd_index - e.wd_index > {limit}
        """,
        explanation=(
            f"The {what} was entered on the case system more than {limit} working day{'s' if limit != 1 else ''} "
            "after it happened, so for those days nobody looking at the system could see it and any timescale "
            "measured from the recorded date would hide the delay."
        ),
        fix=(
            f"Check the {what}'s date against the source (email, form, visit notes). Enter {what}s on the day they "
            "happen; where that cannot happen, date them on the day they happened, not the day they were typed."
        ),
    )


RULES: list[Rule] = [
    _recorded_late("contact-recorded-late", "ssd_contacts", "cont_contact_date", "cont_contact_recorded_date",
                   CONTACT_RECORDING_WORKING_DAYS, "contact"),
    _recorded_late("cin-visit-recorded-late", "ssd_cin_visits", "cinv_cin_visit_date", "cinv_cin_visit_recorded_date",
                   VISIT_RECORDING_WORKING_DAYS, "child in need visit"),
    _recorded_late("cp-visit-recorded-late", "ssd_cp_visits", "cppv_cp_visit_date", "cppv_cp_visit_recorded_date",
                   VISIT_RECORDING_WORKING_DAYS, "child protection visit"),
    _recorded_late("cla-visit-recorded-late", "ssd_cla_visits", "clav_cla_visit_date", "clav_cla_visit_recorded_date",
                   VISIT_RECORDING_WORKING_DAYS, "looked-after child visit"),
    Rule(
        id="assessment-authorised-not-completed",
        title="Assessment authorised but not recorded as completed",
        severity="warning", family="timeliness", tables=("ssd_cin_assessments",),
        sql=f"""
            SELECT {record('ssd_cin_assessments')}, 'authorised ' || t.cina_assessment_auth_date || ', no completed date' AS detail
            FROM ssd_cin_assessments t
            WHERE t.cina_assessment_auth_date IS NOT NULL AND t.cina_assessment_completed_date IS NULL
        """,
        explanation=(
            "A manager authorised the assessment but the worker's completion was never recorded, so the assessment "
            "looks unfinished in some reports and finished in others."
        ),
        fix="Record the date the worker completed the assessment (on or before the authorisation date).",
    ),
    Rule(
        id="assessment-authorised-before-completed",
        title="Assessment authorised before the worker recorded it as completed",
        severity="query", family="timeliness", tables=("ssd_cin_assessments",),
        sql=f"""
            SELECT {record('ssd_cin_assessments')},
                   'completed ' || t.cina_assessment_completed_date || ' after authorised ' || t.cina_assessment_auth_date AS detail
            FROM ssd_cin_assessments t
            WHERE t.cina_assessment_completed_date > t.cina_assessment_auth_date
        """,
        explanation=(
            "A manager normally authorises an assessment after the worker completes it. Completion recorded after "
            "authorisation suggests the completion was back-filled or one of the dates is wrong."
        ),
        fix="Check both dates on the assessment form and correct whichever does not match the record of the work.",
    ),
]
