"""A tiny, clean authority for format tests: children in need and children looked after, by hand.

Every record is consistent with the DfE rules the referees check (dates in order, conferences on
weekdays, plans starting on the conference day), so that an export of it must pass them. The
collection year is 2024/25 (1 April 2024 to 31 March 2025); a little history reaches back to 2023.
"""

from __future__ import annotations

from pathlib import Path

from helpers.ssd_folder import write_ssd_folder
from lineofsight.ingest import load_folder
from lineofsight.schema.authority import Authority

YEAR = 2025
AUTHORITY = Authority(la_code="201", la_name="Testborough", region="London", population={2024: 40_000, 2025: 40_500})
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn(serial: int, la: str = "201", school: str = "2001", year: str = "15") -> str:
    """A well-formed UPN (DfE check letter over characters 2-13, weights 2 to 13, modulo 23)."""
    body = f"{la}{school}{year}{serial:03d}"
    total = sum(int(ch) * w for ch, w in zip(body, range(2, 14), strict=True))
    return UPN_LETTERS[total % 23] + body


def cin_rows() -> dict[str, list[dict[str, str]]]:
    """Five children in need in 2024/25, covering each part of the census."""
    return {
        "ssd_person": [
            {"pers_person_id": "P1", "pers_sex": "F", "pers_ethnicity": "WBRI", "pers_dob": "2015-03-02",
             "pers_upn": upn(1)},
            {"pers_person_id": "P2", "pers_sex": "M", "pers_ethnicity": "BAFR", "pers_dob": "2011-11-30",
             "pers_upn": upn(2, year="11")},
            {"pers_person_id": "P3", "pers_sex": "M", "pers_ethnicity": "APKN", "pers_dob": "2022-06-15",
             "pers_upn_unknown": "UN2"},
            {"pers_person_id": "P4", "pers_sex": "F", "pers_ethnicity": "MWBC", "pers_dob": "2013-01-20",
             "pers_upn": upn(4, year="13")},
            {"pers_person_id": "P5", "pers_sex": "U", "pers_ethnicity": "NOBT", "pers_expected_dob": "2025-05-01"},
        ],
        "ssd_disability": [
            {"disa_table_id": "D1", "disa_person_id": "P2", "disa_disability_code": "LD"},
            {"disa_table_id": "D2", "disa_person_id": "P2", "disa_disability_code": "COMM"},
        ],
        "ssd_cin_episodes": [
            # P1: referral, assessment, section 47, conference, CP plan open at 31 March.
            {"cine_referral_id": "R1", "cine_person_id": "P1", "cine_referral_date": "2024-05-06",
             "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "2A", "cine_referral_nfa": "N"},
            # P2: assessment then a CIN plan, episode closed in March.
            {"cine_referral_id": "R2", "cine_person_id": "P2", "cine_referral_date": "2024-09-02",
             "cine_cin_primary_need_code": "N2", "cine_referral_source_code": "6", "cine_referral_nfa": "N",
             "cine_close_date": "2025-03-03", "cine_close_reason": "RC7"},
            # P3: referral with no further action.
            {"cine_referral_id": "R3", "cine_person_id": "P3", "cine_referral_date": "2024-11-04",
             "cine_cin_primary_need_code": "N9", "cine_referral_source_code": "3B", "cine_referral_nfa": "Y",
             "cine_close_date": "2024-11-04", "cine_close_reason": "RC7"},
            # P4: a CP plan from the year before that ended in July; episode closed.
            {"cine_referral_id": "R4", "cine_person_id": "P4", "cine_referral_date": "2023-06-05",
             "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "5A", "cine_referral_nfa": "N",
             "cine_close_date": "2024-07-15", "cine_close_reason": "RC7"},
            # P5: an unborn child, assessment still under way at 31 March.
            {"cine_referral_id": "R5", "cine_person_id": "P5", "cine_referral_date": "2025-02-17",
             "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "3A", "cine_referral_nfa": "N"},
        ],
        "ssd_cin_assessments": [
            {"cina_assessment_id": "A1", "cina_person_id": "P1", "cina_referral_id": "R1",
             "cina_assessment_start_date": "2024-05-07", "cina_assessment_auth_date": "2024-06-14"},
            {"cina_assessment_id": "A2", "cina_person_id": "P2", "cina_referral_id": "R2",
             "cina_assessment_start_date": "2024-09-03", "cina_assessment_auth_date": "2024-10-15"},
            {"cina_assessment_id": "A4", "cina_person_id": "P4", "cina_referral_id": "R4",
             "cina_assessment_start_date": "2023-06-06", "cina_assessment_auth_date": "2023-07-14"},
            {"cina_assessment_id": "A5", "cina_person_id": "P5", "cina_referral_id": "R5",
             "cina_assessment_start_date": "2025-02-18"},
        ],
        "ssd_assessment_factors": [
            {"cinf_table_id": "F1", "cinf_assessment_id": "A1", "cinf_assessment_factors_json": "3A,4B"},
            {"cinf_table_id": "F2", "cinf_assessment_id": "A2", "cinf_assessment_factors_json": "2B"},
            {"cinf_table_id": "F4", "cinf_assessment_id": "A4", "cinf_assessment_factors_json": "4A"},
        ],
        "ssd_cin_plans": [
            {"cinp_cin_plan_id": "CINP2", "cinp_referral_id": "R2", "cinp_person_id": "P2",
             "cinp_cin_plan_start_date": "2024-10-16", "cinp_cin_plan_end_date": "2025-02-28"},
        ],
        "ssd_s47_enquiry": [
            {"s47e_s47_enquiry_id": "S1", "s47e_referral_id": "R1", "s47e_person_id": "P1",
             "s47e_s47_start_date": "2024-05-08", "s47e_s47_end_date": "2024-05-29", "s47e_s47_nfa": "N"},
            {"s47e_s47_enquiry_id": "S4", "s47e_referral_id": "R4", "s47e_person_id": "P4",
             "s47e_s47_start_date": "2023-06-07", "s47e_s47_end_date": "2023-06-27", "s47e_s47_nfa": "N"},
        ],
        "ssd_initial_cp_conference": [
            {"icpc_icpc_id": "I1", "icpc_s47_enquiry_id": "S1", "icpc_person_id": "P1", "icpc_referral_id": "R1",
             "icpc_icpc_target_date": "2024-05-29", "icpc_icpc_date": "2024-05-29", "icpc_icpc_outcome_cp_flag": "Y",
             "icpc_cp_plan_id": "CP1"},
            {"icpc_icpc_id": "I4", "icpc_s47_enquiry_id": "S4", "icpc_person_id": "P4", "icpc_referral_id": "R4",
             "icpc_icpc_target_date": "2023-06-28", "icpc_icpc_date": "2023-06-27", "icpc_icpc_outcome_cp_flag": "Y",
             "icpc_cp_plan_id": "CP4"},
        ],
        "ssd_cp_plans": [
            {"cppl_cp_plan_id": "CP1", "cppl_referral_id": "R1", "cppl_icpc_id": "I1", "cppl_person_id": "P1",
             "cppl_cp_plan_start_date": "2024-05-29", "cppl_cp_plan_initial_category": "NEG",
             "cppl_cp_plan_latest_category": "NEG"},
            {"cppl_cp_plan_id": "CP4", "cppl_referral_id": "R4", "cppl_icpc_id": "I4", "cppl_person_id": "P4",
             "cppl_cp_plan_start_date": "2023-06-27", "cppl_cp_plan_end_date": "2024-07-10",
             "cppl_cp_plan_initial_category": "PHY", "cppl_cp_plan_latest_category": "EMO"},
        ],
        "ssd_cp_reviews": [
            {"cppr_cp_review_id": "RV1", "cppr_person_id": "P1", "cppr_cp_plan_id": "CP1",
             "cppr_cp_review_date": "2024-08-21"},
            {"cppr_cp_review_id": "RV2", "cppr_person_id": "P1", "cppr_cp_plan_id": "CP1",
             "cppr_cp_review_date": "2025-02-12"},
            {"cppr_cp_review_id": "RV3", "cppr_person_id": "P4", "cppr_cp_plan_id": "CP4",
             "cppr_cp_review_date": "2024-01-10"},
        ],
    }


def cla_rows() -> dict[str, list[dict[str, str]]]:
    """Children looked after and care leavers for the SSDA903 return (2024/25)."""
    return {
        "ssd_person": [
            {"pers_person_id": "L1", "pers_sex": "M", "pers_ethnicity": "WBRI", "pers_dob": "2012-04-18",
             "pers_upn": upn(11, year="12")},
            {"pers_person_id": "L2", "pers_sex": "F", "pers_ethnicity": "WOTH", "pers_dob": "2009-08-09",
             "pers_upn": upn(12, year="09")},
            {"pers_person_id": "L3", "pers_sex": "F", "pers_ethnicity": "BCRB", "pers_dob": "2005-07-01",
             "pers_upn": upn(13, year="05")},
            {"pers_person_id": "L4", "pers_sex": "M", "pers_ethnicity": "BAFR", "pers_dob": "2008-02-11",
             "pers_upn_unknown": "UN4"},
        ],
        "ssd_legal_status": [
            {"lega_legal_status_id": "LS1", "lega_person_id": "L1", "lega_legal_status": "C2",
             "lega_legal_status_start_date": "2023-04-10"},
            {"lega_legal_status_id": "LS2", "lega_person_id": "L2", "lega_legal_status": "V2",
             "lega_legal_status_start_date": "2024-06-03", "lega_legal_status_end_date": "2024-12-20"},
            {"lega_legal_status_id": "LS4", "lega_person_id": "L4", "lega_legal_status": "V2",
             "lega_legal_status_start_date": "2024-07-01"},
        ],
        "ssd_immigration_status": [
            {"immi_immigration_status_id": "IM4", "immi_person_id": "L4", "immi_immigration_status": "UASC",
             "immi_immigration_status_start_date": "2024-07-01"},
        ],
        "ssd_cla_episodes": [
            {"clae_cla_episode_id": "E1", "clae_person_id": "L1", "clae_cla_placement_id": "PL1",
             "clae_cla_episode_start_date": "2023-04-10", "clae_cla_episode_start_reason": "S",
             "clae_cla_primary_need_code": "N1", "clae_cla_episode_ceased_date": "2024-08-01",
             "clae_cla_episode_ceased_reason": "X1", "clae_cla_id": "CLA1", "clae_entered_care_date": "2023-04-10"},
            {"clae_cla_episode_id": "E2", "clae_person_id": "L1", "clae_cla_placement_id": "PL2",
             "clae_cla_episode_start_date": "2024-08-01", "clae_cla_episode_start_reason": "P",
             "clae_cla_primary_need_code": "N1", "clae_cla_id": "CLA1", "clae_entered_care_date": "2023-04-10"},
            {"clae_cla_episode_id": "E3", "clae_person_id": "L2", "clae_cla_placement_id": "PL3",
             "clae_cla_episode_start_date": "2024-06-03", "clae_cla_episode_start_reason": "S",
             "clae_cla_primary_need_code": "N4", "clae_cla_episode_ceased_date": "2024-12-20",
             "clae_cla_episode_ceased_reason": "E13", "clae_cla_id": "CLA2", "clae_entered_care_date": "2024-06-03"},
            {"clae_cla_episode_id": "E4", "clae_person_id": "L4", "clae_cla_placement_id": "PL4",
             "clae_cla_episode_start_date": "2024-07-01", "clae_cla_episode_start_reason": "S",
             "clae_cla_primary_need_code": "N8", "clae_cla_id": "CLA4", "clae_entered_care_date": "2024-07-01"},
        ],
        "ssd_cla_placement": [
            {"clap_cla_placement_id": "PL1", "clap_cla_id": "CLA1", "clap_person_id": "L1",
             "clap_cla_placement_start_date": "2023-04-10", "clap_cla_placement_type": "U6",
             "clap_cla_placement_provider": "PR1", "clap_cla_placement_postcode": "SW1A 1AA",
             "clap_cla_placement_urn": "SC100001", "clap_cla_placement_end_date": "2024-08-01", "clap_cla_placement_change_reason": "CARPL"},
            {"clap_cla_placement_id": "PL2", "clap_cla_id": "CLA1", "clap_person_id": "L1",
             "clap_cla_placement_start_date": "2024-08-01", "clap_cla_placement_type": "U4",
             "clap_cla_placement_provider": "PR1", "clap_cla_placement_postcode": "SW1A 2AA",
             "clap_cla_placement_urn": "SC100001", "clap_cla_placement_long_term": "Y"},
            {"clap_cla_placement_id": "PL3", "clap_cla_id": "CLA2", "clap_person_id": "L2",
             "clap_cla_placement_start_date": "2024-06-03", "clap_cla_placement_type": "U6",
             "clap_cla_placement_provider": "PR4", "clap_cla_placement_postcode": "SW1A 1AA",
             "clap_cla_placement_urn": "SC100002", "clap_cla_placement_end_date": "2024-12-20"},
            {"clap_cla_placement_id": "PL4", "clap_cla_id": "CLA4", "clap_person_id": "L4",
             "clap_cla_placement_start_date": "2024-07-01", "clap_cla_placement_type": "U6",
             "clap_cla_placement_provider": "PR1", "clap_cla_placement_postcode": "SW1A 2AA",
             "clap_cla_placement_urn": "SC100001"},
        ],
        "ssd_cla_reviews": [
            {"clar_cla_review_id": "CR1", "clar_cla_id": "CLA1", "clar_cla_person_id": "L1",
             "clar_cla_review_date": "2024-05-01", "clar_cla_review_participation": "PN1"},
            {"clar_cla_review_id": "CR2", "clar_cla_id": "CLA1", "clar_cla_person_id": "L1",
             "clar_cla_review_date": "2024-10-30", "clar_cla_review_participation": "PN1"},
            {"clar_cla_review_id": "CR3", "clar_cla_id": "CLA2", "clar_cla_person_id": "L2",
             "clar_cla_review_date": "2024-06-28", "clar_cla_review_participation": "PN3"},
            {"clar_cla_review_id": "CR4", "clar_cla_id": "CLA4", "clar_cla_person_id": "L4",
             "clar_cla_review_date": "2024-07-26", "clar_cla_review_participation": "PN1"},
        ],
        "ssd_missing": [
            {"miss_table_id": "M1", "miss_person_id": "L1", "miss_missing_episode_start_date": "2024-09-14",
             "miss_missing_episode_type": "M", "miss_missing_episode_end_date": "2024-09-15"},
        ],
        "ssd_cla_health": [
            {"clah_health_check_id": "H1", "clah_person_id": "L1", "clah_health_check_type": "Health assessment",
             "clah_health_check_date": "2024-06-12"},
            {"clah_health_check_id": "H2", "clah_person_id": "L1", "clah_health_check_type": "Dental check",
             "clah_health_check_date": "2024-07-03"},
        ],
        "ssd_department": [{"dept_team_id": "T1", "dept_team_name": "Children in care team"}],
        "ssd_professionals": [
            {"prof_professional_id": "W1", "prof_social_worker_registration_no": "SW100001",
             "prof_professional_department": "T1"},
            {"prof_professional_id": "W2", "prof_social_worker_registration_no": "SW100002",
             "prof_professional_department": "T1"},
        ],
        "ssd_involvements": [
            {"invo_involvements_id": "IV1", "invo_professional_id": "W1", "invo_professional_role_id": "SW",
             "invo_professional_team": "T1", "invo_person_id": "L1", "invo_involvement_start_date": "2023-04-10",
             "invo_involvement_end_date": "2024-09-30", "invo_worker_change_reason": "OTHERS"},
            {"invo_involvements_id": "IV2", "invo_professional_id": "W2", "invo_professional_role_id": "SW",
             "invo_professional_team": "T1", "invo_person_id": "L1", "invo_involvement_start_date": "2024-09-30",
             "invo_worker_change_reason": "LEFTRL"},
            {"invo_involvements_id": "IV3", "invo_professional_id": "W2", "invo_professional_role_id": "SW",
             "invo_professional_team": "T1", "invo_person_id": "L2", "invo_involvement_start_date": "2024-06-03",
             "invo_involvement_end_date": "2024-12-20", "invo_worker_change_reason": "OTHERS"},
            {"invo_involvements_id": "IV4", "invo_professional_id": "W1", "invo_professional_role_id": "SW",
             "invo_professional_team": "T1", "invo_person_id": "L4", "invo_involvement_start_date": "2024-07-01",
             "invo_worker_change_reason": "OTHERS"},
        ],
        "ssd_address": [
            {"addr_table_id": "AD1", "addr_person_id": "L1", "addr_address_start_date": "2012-04-18",
             "addr_address_postcode": "SE1 1AA"},
            {"addr_table_id": "AD2", "addr_person_id": "L2", "addr_address_start_date": "2009-08-09",
             "addr_address_postcode": "E1 6AN"},
            {"addr_table_id": "AD4", "addr_person_id": "L4", "addr_address_start_date": "2024-06-01",
             "addr_address_postcode": "SE1 1AA"},
        ],
        "ssd_sdq_scores": [
            {"csdq_table_id": "Q1", "csdq_person_id": "L1", "csdq_sdq_completed_date": "2024-11-20",
             "csdq_sdq_score": "14"},
        ],
        "ssd_cla_immunisations": [
            {"clai_immunisations_id": "IMM1", "clai_person_id": "L1", "clai_immunisations_status": "Y",
             "clai_immunisations_status_date": "2024-06-12"},
        ],
        "ssd_care_leavers": [
            {"clea_table_id": "CL3", "clea_person_id": "L3", "clea_care_leaver_eligibility": "former relevant",
             "clea_care_leaver_in_touch": "YES", "clea_care_leaver_activity": "F2",
             "clea_care_leaver_accommodation": "U", "clea_care_leaver_accom_suitable": "1",
             "clea_care_leaver_latest_contact": "2024-07-05", "clea_record_date": "2024-07-05"},
        ],
    }


def authority_rows() -> dict[str, list[dict[str, str]]]:
    """Both halves together: one authority's children in need and children looked after."""
    rows = cin_rows()
    for name, extra in cla_rows().items():
        rows.setdefault(name, []).extend(extra)
    return rows


def write_authority(path: Path, rows: dict[str, list[dict[str, str]]] | None = None) -> Path:
    """The SSD folder for the tiny authority."""
    return write_ssd_folder(path, authority_rows() if rows is None else rows, AUTHORITY)


def load_authority(path: Path, rows: dict[str, list[dict[str, str]]] | None = None) -> str:
    """Write and load the tiny authority as the current snapshot; return its id."""
    result = load_folder(write_authority(path, rows))
    assert result.ok, [str(p) for p in result.errors]
    return result.snapshot_id


def clean_synthetic_authority(tmp_path_factory, seed: int, end) -> tuple[Path, str]:
    """A small synthetic authority with no defects, generated and loaded into a home of its own: (home, snapshot)."""
    import pytest

    from lineofsight.synth import generate

    folder, home = tmp_path_factory.mktemp("clean"), tmp_path_factory.mktemp("home")
    generate(folder, scale="small", seed=seed, end=end, defects=0)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LINEOFSIGHT_HOME", str(home))
        result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors][:5]
    return home, result.snapshot_id
