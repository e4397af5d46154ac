"""Round trips: export a return from a snapshot, load the return, and what it carries comes back the same.

Compared at table level (dates and codes per child), restricted to what each format can carry.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from formats.builders import AUTHORITY, load_authority
from lineofsight.formats import convert_to_ssd
from lineofsight.formats.annex_a_write import write_annex_a
from lineofsight.formats.cin_xml_write import write_cin_census
from lineofsight.formats.ssda903_write import write_ssda903
from lineofsight.ingest import load_folder
from lineofsight.warehouse.snapshots import open_snapshot

YS, YE = dt.date(2024, 4, 1), dt.date(2025, 3, 31)


def reload(tmp_path, source) -> duckdb.DuckDBPyConnection:
    """Convert an exported return, load it as a new snapshot, and open that snapshot."""
    out = tmp_path / "back"
    convert_to_ssd(source, out, authority=AUTHORITY)
    result = load_folder(out)
    assert result.ok, [str(p) for p in result.errors]
    return open_snapshot(result.snapshot_id)


def q(con, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


CIN_QUERIES = {
    "referrals": """SELECT cine_person_id, cine_referral_date, cine_referral_source_code, cine_cin_primary_need_code,
                           cine_referral_nfa, CASE WHEN cine_close_date <= DATE '2025-03-31' THEN cine_close_date END,
                           CASE WHEN cine_close_date <= DATE '2025-03-31' THEN cine_close_reason END
                    FROM ssd_cin_episodes WHERE cine_close_date IS NULL OR cine_close_date >= DATE '2024-04-01'""",
    "assessments": """SELECT a.cina_person_id, a.cina_assessment_start_date, a.cina_assessment_auth_date, f.cinf_assessment_factors_json
                      FROM ssd_cin_assessments a LEFT JOIN ssd_assessment_factors f ON f.cinf_assessment_id = a.cina_assessment_id
                      WHERE a.cina_assessment_auth_date IS NULL OR a.cina_assessment_auth_date >= DATE '2024-04-01'""",
    "plans": "SELECT cinp_person_id, cinp_cin_plan_start_date, cinp_cin_plan_end_date FROM ssd_cin_plans",
    "s47": """SELECT s.s47e_person_id, s.s47e_s47_start_date, i.icpc_icpc_date, i.icpc_icpc_outcome_cp_flag
              FROM ssd_s47_enquiry s LEFT JOIN ssd_initial_cp_conference i ON i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
              WHERE s.s47e_s47_start_date >= DATE '2024-04-01'""",
    "cp_plans": """SELECT cppl_person_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date, cppl_cp_plan_initial_category,
                          cppl_cp_plan_latest_category FROM ssd_cp_plans
                   WHERE cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date >= DATE '2024-04-01'""",
    "cp_reviews": "SELECT cppr_person_id, cppr_cp_review_date FROM ssd_cp_reviews WHERE cppr_cp_review_date >= DATE '2024-04-01'",
    "children": """SELECT pers_person_id, pers_sex, pers_ethnicity, pers_dob, pers_expected_dob, pers_upn
                   FROM ssd_person WHERE pers_person_id IN (SELECT cine_person_id FROM ssd_cin_episodes
                   WHERE cine_close_date IS NULL OR cine_close_date >= DATE '2024-04-01')""",
}


def test_cin_census_round_trip(tmp_path):
    load_authority(tmp_path / "ssd")
    original = open_snapshot()
    write_cin_census(original, 2025, tmp_path / "cin.xml", la_code="201")
    back = reload(tmp_path, [tmp_path / "cin.xml"])
    for name, sql in CIN_QUERIES.items():
        assert q(back, sql) == q(original, sql), name
    assert q(back, "SELECT count(*) FROM ssd_cin_episodes") == [(5,)]


NINE_O_THREE = {
    "episodes": """SELECT clae_person_id, clae_cla_episode_start_date, clae_cla_episode_start_reason,
                          clae_cla_primary_need_code, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason,
                          clae_entered_care_date FROM ssd_cla_episodes""",
    "placements": """SELECT clap_person_id, clap_cla_placement_start_date, clap_cla_placement_type, clap_cla_placement_provider,
                            clap_cla_placement_postcode, clap_cla_placement_urn, clap_cla_placement_end_date
                     FROM ssd_cla_placement""",
    "periods": "SELECT clae_person_id, count(DISTINCT clae_cla_id) FROM ssd_cla_episodes GROUP BY ALL",
    "legal": "SELECT lega_person_id, lega_legal_status, lega_legal_status_start_date FROM ssd_legal_status",
    "reviews": "SELECT clar_cla_person_id, clar_cla_review_date, clar_cla_review_participation FROM ssd_cla_reviews "
               "WHERE clar_cla_review_date >= DATE '2024-04-01'",
    "missing": "SELECT miss_person_id, miss_missing_episode_start_date, miss_missing_episode_type, "
               "miss_missing_episode_end_date FROM ssd_missing",
    "leavers": "SELECT clea_person_id, clea_care_leaver_in_touch, clea_care_leaver_activity, "
               "clea_care_leaver_accommodation, clea_care_leaver_accom_suitable FROM ssd_care_leavers",
    "uasc": "SELECT immi_person_id, immi_immigration_status FROM ssd_immigration_status",
    "sdq": "SELECT csdq_person_id, csdq_sdq_score FROM ssd_sdq_scores",
    "people": """SELECT pers_person_id, pers_sex, pers_dob, pers_ethnicity, pers_upn FROM ssd_person
                 WHERE pers_person_id LIKE 'L%'""",
}


def test_ssda903_round_trip(tmp_path):
    load_authority(tmp_path / "ssd")
    original = open_snapshot()
    write_ssda903(original, 2025, tmp_path / "903")
    back = reload(tmp_path, tmp_path / "903")
    for name, sql in NINE_O_THREE.items():
        assert q(back, sql) == q(original, sql), name


def test_several_years_of_903_stitch_into_one_history(tmp_path):
    load_authority(tmp_path / "ssd")
    original = open_snapshot()
    write_ssda903(original, 2024, tmp_path / "y2024")
    write_ssda903(original, 2025, tmp_path / "y2025")
    back = reload(tmp_path, [tmp_path / "y2024", tmp_path / "y2025"])
    sql = NINE_O_THREE["episodes"]
    assert q(back, sql) == q(original, sql)
    # L1's first episode is in both years' returns (open at 31 March 2024): it is loaded once.
    assert q(back, "SELECT count(*) FROM ssd_cla_episodes WHERE clae_person_id = 'L1'") == [(2,)]


ANNEX = {
    "referrals": "SELECT cine_person_id, cine_referral_date, cine_referral_source_code, cine_referral_nfa "
                 "FROM ssd_cin_episodes WHERE cine_referral_date BETWEEN DATE '2024-04-01' AND DATE '2025-03-31'",
    "assessments": "SELECT cina_person_id, cina_assessment_start_date, cina_assessment_auth_date FROM ssd_cin_assessments "
                   "WHERE cina_assessment_auth_date IS NULL OR cina_assessment_auth_date >= DATE '2024-04-01'",
    "s47": "SELECT s47e_person_id, s47e_s47_start_date FROM ssd_s47_enquiry WHERE s47e_s47_start_date >= DATE '2024-04-01'",
    "cp": "SELECT cppl_person_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date, cppl_cp_plan_initial_category "
          "FROM ssd_cp_plans",
    "cla": "SELECT clae_person_id, clae_entered_care_date, clae_cla_primary_need_code FROM ssd_cla_episodes "
           "QUALIFY row_number() OVER (PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date DESC) = 1",
    "leavers": "SELECT clea_person_id, clea_care_leaver_in_touch, clea_care_leaver_activity FROM ssd_care_leavers",
}


def test_annex_a_round_trip(tmp_path):
    load_authority(tmp_path / "ssd")
    original = open_snapshot()
    write_annex_a(original, YE, tmp_path / "annex.xlsx", months=12)
    back = reload(tmp_path, [tmp_path / "annex.xlsx"])
    for name, sql in ANNEX.items():
        assert q(back, sql) == q(original, sql), name
