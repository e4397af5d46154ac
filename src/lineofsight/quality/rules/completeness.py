"""Completeness: fields a return or a measure needs that were left empty.

All warnings: an empty field is not wrong in itself, but the record drops out of what needs it.
"""

from __future__ import annotations

from lineofsight.quality.model import Rule
from lineofsight.quality.sqlparts import record, team_column, worker_column
from lineofsight.schema.tables import TABLES


def _missing(rule_id: str, title: str, checks: list[tuple[str, str, str]], explanation: str, fix: str,
             severity: str = "warning") -> Rule:
    """checks: (table, condition on alias t meaning 'missing', detail SQL)."""
    sql = "\nUNION ALL\n".join(
        f"SELECT {record(name)}, {detail} AS detail FROM {name} t WHERE {condition}" for name, condition, detail in checks
    )
    return Rule(
        id=rule_id, title=title, severity=severity, family="completeness",  # type: ignore[arg-type]
        tables=tuple(dict.fromkeys(c[0] for c in checks)), sql=sql, explanation=explanation, fix=fix,
    )


# Case records that should name the team and worker responsible (contacts name a team only).
CASE_TABLES = ("ssd_contacts", "ssd_cin_episodes", "ssd_cin_assessments", "ssd_cin_plans", "ssd_s47_enquiry",
               "ssd_initial_cp_conference", "ssd_cla_episodes", "ssd_care_leavers", "ssd_involvements")

_TEAM_CHECKS = [(n, f"t.{team_column(n)} IS NULL", f"'{team_column(n)} empty'") for n in CASE_TABLES if team_column(n)]
_WORKER_CHECKS = [(n, f"t.{worker_column(n)} IS NULL", f"'{worker_column(n)} empty'") for n in CASE_TABLES if worker_column(n)]

RULES: list[Rule] = [
    _missing(
        "missing-main-date", "Record with no main date (planned, booked or never recorded)",
        [(t.name, f"t.{t.main_date} IS NULL", f"'{t.main_date} empty'") for t in TABLES if t.main_date],
        "Case systems keep some records before the event: a conference booked but not yet held, a review or "
        "a visit planned (Data to Insight's SSD keeps these rows with the date empty). Such a record is in no "
        "period, so no measure counts it; one that should have happened by now is late or unrecorded.",
        "If the event has happened, record its date; if it was cancelled, close or delete the record.",
    ),
    _missing(
        "missing-outcome", "Contact, referral, assessment, enquiry or conference with no outcome",
        [
            ("ssd_contacts", "t.cont_contact_outcome IS NULL", "'contact ' || t.cont_contact_date || ', no outcome code'"),
            ("ssd_cin_assessments",
             "t.cina_assessment_auth_date IS NOT NULL AND t.cina_assessment_outcome_json IS NULL AND t.cina_assessment_outcome_nfa IS NULL",
             "'authorised ' || t.cina_assessment_auth_date || ', no outcome'"),
            ("ssd_s47_enquiry",
             "t.s47e_s47_end_date IS NOT NULL AND t.s47e_s47_outcome_json IS NULL AND t.s47e_s47_nfa IS NULL",
             "'ended ' || t.s47e_s47_end_date || ', no outcome'"),
            ("ssd_initial_cp_conference",
             "t.icpc_icpc_outcome_cp_flag IS NULL AND t.icpc_icpc_outcome_json IS NULL",
             "'conference ' || t.icpc_icpc_date || ', no outcome'"),
            ("ssd_cin_episodes",
             "t.cine_referral_outcome_json IS NULL AND t.cine_referral_nfa IS NULL",
             "'referral ' || t.cine_referral_date || ', no outcome'"),
        ],
        "The decision at the end of this step was not recorded (a referral's is due within one working day, "
        "Working Together 2023), so nobody can tell from the system what happened "
        "next for the child, and conversion rates (contacts to referrals, enquiries to conferences) are understated.",
        "Record the outcome decided at the time (from the manager's decision or the meeting record).",
    ),
    _missing(
        "missing-team", "Case record with no responsible team", _TEAM_CHECKS,
        "The record does not say which team is responsible, so it cannot be counted in the team's figures or "
        "sent to them to fix.",
        "Record the team that held the case on the record's date.",
    ),
    _missing(
        "missing-worker", "Case record with no responsible worker", _WORKER_CHECKS,
        "The record does not say which worker is responsible, so caseloads and worker breakdowns miss it.",
        "Record the worker who held the case on the record's date.",
    ),
    _missing(
        "missing-start-reason", "Care episode with no reason for new episode",
        [("ssd_cla_episodes", "t.clae_cla_episode_start_reason IS NULL", "'episode ' || t.clae_cla_episode_start_date || ', no RNE'")],
        "SSDA903 needs a reason for every new episode (RNE); without it, entries to care cannot be told from "
        "changes of placement or legal status.",
        "Record the reason the episode started (S for starting to be looked after, P, L, T, U or B otherwise).",
    ),
    _missing(
        "missing-primary-need", "Referral or care episode with no primary need code",
        [
            ("ssd_cin_episodes", "t.cine_cin_primary_need_code IS NULL", "'referral ' || t.cine_referral_date || ', no primary need'"),
            ("ssd_cla_episodes", "t.clae_cla_primary_need_code IS NULL", "'episode ' || t.clae_cla_episode_start_date || ', no category of need'"),
        ],
        "The CIN census and SSDA903 need a primary need (category of need) for every child; without it the "
        "child is reported as 'not stated'.",
        "Record the primary need identified at referral or assessment (N1 to N9).",
    ),
    _missing(
        "missing-reason-ceased", "Care episode ended with no reason",
        [("ssd_cla_episodes", "t.clae_cla_episode_ceased_date IS NOT NULL AND t.clae_cla_episode_ceased_reason IS NULL",
          "'ceased ' || t.clae_cla_episode_ceased_date || ', no reason'")],
        "SSDA903 needs a reason for every episode that ended (REC); without it, exits from care (home, adoption, "
        "special guardianship, 18) cannot be counted.",
        "Record why the episode ended (E11 to E9, or X1 when a new episode followed).",
    ),
    _missing(
        "missing-placement-type", "Placement with no placement type",
        [("ssd_cla_placement", "t.clap_cla_placement_type IS NULL", "'placement ' || t.clap_cla_placement_start_date || ', no type'")],
        "The placement type decides the sufficiency and stability figures and the visit schedule.",
        "Record the placement type (SSDA903 PLACE code).",
    ),
    _missing(
        "missing-cp-category", "Child protection plan with no category of abuse",
        [("ssd_cp_plans", "t.cppl_cp_plan_initial_category IS NULL", "'plan ' || t.cppl_cp_plan_start_date || ', no initial category'")],
        "The CIN census needs the initial category of abuse for every plan.",
        "Record the category agreed at the conference (NEG, PHY, SAB, EMO).",
    ),
    _missing(
        "missing-date-of-birth", "Person with no date of birth or expected date of birth",
        [("ssd_person", "t.pers_dob IS NULL AND t.pers_expected_dob IS NULL", "'no date of birth'")],
        "Without a date of birth no age-based measure, age check or duplicate check can use the record.",
        "Record the date of birth (or the expected date for an unborn child).",
    ),
    _missing(
        "missing-ethnicity", "Person with no ethnicity recorded",
        [("ssd_person", "t.pers_ethnicity IS NULL", "'no ethnicity'")],
        "Ethnicity is needed in the CIN census and SSDA903 and for checking whether services reach every community. "
        "Use NOBT or REFU when it is not known or refused rather than leaving it empty.",
        "Record the child's ethnicity as the child or family describe it (or NOBT / REFU).",
    ),
    _missing(
        "missing-sex", "Person with no sex recorded",
        [("ssd_person", "t.pers_sex IS NULL", "'no sex'")],
        "Sex is needed in every DfE return; use U when it is not known rather than leaving it empty.",
        "Record the child's sex (M, F or U).",
    ),
]
