"""defects.csv is the truth: every listed record exists and has its defect, and every record with one
of the defect conditions is listed (so a quality check can be scored for recall and false alarms)."""

from __future__ import annotations

import csv

import pytest

from lineofsight.quality.rules.validity import PLANNED_DATES
from lineofsight.schema import TABLES
from lineofsight.synth.defects import TYPES
from lineofsight.synth.defects_cross import EVENT_TABLES

from .conftest import END

FAR = "DATE '9999-12-31'"


def _future_dates() -> str:
    """Every date that records something done (not a due, target or expected date) after the end date."""
    return "\n        UNION ALL\n".join(
        f"SELECT '{t.name}', {t.primary_key}, {t.person_column or 'NULL'} FROM {t.name} WHERE {c} > DATE '{END}'"
        for t in TABLES for c in t.date_columns if c not in PLANNED_DATES)


def _after_death() -> str:
    """Every event of a child dated after the child's recorded death."""
    return "\n        UNION ALL\n".join(
        f"SELECT '{name}', e.{next(t.primary_key for t in TABLES if t.name == name)}, e.{person} FROM {name} e "
        f"JOIN ssd_person p ON p.pers_person_id = e.{person} WHERE e.{day} > p.pers_death_date"
        for name, person, day in EVENT_TABLES)

# For each defect type: SQL giving (table, record_id, person_id) of every record in the data with the
# condition, whether injected or not.
CONDITIONS: dict[str, str] = {
    "contact_recorded_late": """
        SELECT 'ssd_contacts', t.cont_contact_id, t.cont_person_id FROM ssd_contacts t
        JOIN ref_calendar a ON a.cal_date = t.cont_contact_date JOIN ref_calendar b ON b.cal_date = t.cont_contact_recorded_date
        WHERE b.wd_index - a.wd_index > 1""",
    "missing_outcome": """
        SELECT 'ssd_contacts', cont_contact_id, cont_person_id FROM ssd_contacts
        WHERE cont_contact_outcome IS NULL AND cont_contact_outcome_json IS NULL
        UNION ALL
        SELECT 'ssd_cin_episodes', cine_referral_id, cine_person_id FROM ssd_cin_episodes
        WHERE cine_referral_outcome_json IS NULL AND cine_referral_nfa IS NULL
        UNION ALL
        SELECT 'ssd_cin_assessments', cina_assessment_id, cina_person_id FROM ssd_cin_assessments
        WHERE cina_assessment_auth_date IS NOT NULL AND cina_assessment_outcome_json IS NULL AND cina_assessment_outcome_nfa IS NULL""",
    "assessment_auth_before_start": """
        SELECT 'ssd_cin_assessments', cina_assessment_id, cina_person_id FROM ssd_cin_assessments
        WHERE cina_assessment_auth_date < cina_assessment_start_date""",
    "duplicate_person": """
        SELECT DISTINCT 'ssd_person', a.pers_person_id, a.pers_person_id FROM ssd_person a JOIN ssd_person b
          ON a.pers_dob = b.pers_dob AND a.pers_person_id <> b.pers_person_id
        WHERE a.pers_upn = b.pers_upn
           OR (jaro_winkler_similarity(lower(a.pers_forename), lower(b.pers_forename)) >= 0.9
               AND jaro_winkler_similarity(lower(a.pers_surname), lower(b.pers_surname)) >= 0.9)""",
    "visit_outside_episode": """
        WITH spans AS (
            SELECT cine_person_id AS pid, cine_referral_date AS s, cine_close_date AS e FROM ssd_cin_episodes
            UNION ALL SELECT cinp_person_id, cinp_cin_plan_start_date, cinp_cin_plan_end_date FROM ssd_cin_plans
            UNION ALL SELECT cppl_person_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date FROM ssd_cp_plans
            UNION ALL SELECT clae_person_id, clae_cla_episode_start_date, clae_cla_episode_ceased_date FROM ssd_cla_episodes),
        visits AS (
            SELECT 'ssd_cin_visits' AS t, cinv_cin_visit_id AS id, cinv_person_id AS pid, cinv_cin_visit_date AS d FROM ssd_cin_visits
            UNION ALL SELECT 'ssd_cp_visits', cppv_cp_visit_id, cppv_person_id, cppv_cp_visit_date FROM ssd_cp_visits
            UNION ALL SELECT 'ssd_cla_visits', clav_cla_visit_id, clav_person_id, clav_cla_visit_date FROM ssd_cla_visits)
        SELECT t, id, pid FROM visits v WHERE NOT EXISTS (
            SELECT 1 FROM spans s WHERE s.pid = v.pid AND v.d BETWEEN s.s AND coalesce(s.e, DATE '9999-12-31'))""",
    "open_episode_over_25": f"""
        SELECT 'ssd_cin_episodes', cine_referral_id, cine_person_id FROM ssd_cin_episodes JOIN ssd_person ON pers_person_id = cine_person_id
        WHERE cine_close_date IS NULL AND pers_dob + INTERVAL 25 YEAR <= DATE '{END}'
        UNION ALL
        SELECT 'ssd_cla_episodes', clae_cla_episode_id, clae_person_id FROM ssd_cla_episodes JOIN ssd_person ON pers_person_id = clae_person_id
        WHERE clae_cla_episode_ceased_date IS NULL AND pers_dob + INTERVAL 25 YEAR <= DATE '{END}'""",
    "date_in_future": _future_dates(),
    "overlapping_cp_plans": f"""
        SELECT 'ssd_cp_plans', t.cppl_cp_plan_id, t.cppl_person_id FROM ssd_cp_plans t WHERE EXISTS (
            SELECT 1 FROM ssd_cp_plans o WHERE o.cppl_person_id = t.cppl_person_id AND o.cppl_cp_plan_id <> t.cppl_cp_plan_id
              AND (o.cppl_cp_plan_start_date < t.cppl_cp_plan_start_date
                   OR (o.cppl_cp_plan_start_date = t.cppl_cp_plan_start_date AND o.cppl_cp_plan_id < t.cppl_cp_plan_id))
              AND coalesce(o.cppl_cp_plan_end_date, {FAR}) > t.cppl_cp_plan_start_date)""",
    "leaver_holding_cases": f"""
        SELECT 'ssd_involvements', i.invo_involvements_id, i.invo_person_id FROM ssd_involvements i
        JOIN ssd_professionals w ON w.prof_professional_id = i.invo_professional_id
        WHERE w.prof_end_date < DATE '{END}' AND coalesce(i.invo_involvement_end_date, {FAR}) > w.prof_end_date""",
    "placement_outside_care": f"""
        SELECT 'ssd_cla_placement', p.clap_cla_placement_id, p.clap_person_id FROM ssd_cla_placement p WHERE NOT EXISTS (
            SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = p.clap_person_id
              AND p.clap_cla_placement_start_date BETWEEN e.clae_cla_episode_start_date AND coalesce(e.clae_cla_episode_ceased_date, {FAR}))""",
    "event_after_death": _after_death(),
    "duplicate_contact": """
        SELECT 'ssd_contacts', cont_contact_id, cont_person_id FROM ssd_contacts WHERE cont_contact_source_code IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY cont_person_id, cont_contact_date, cont_contact_source_code ORDER BY cont_contact_id) > 1""",
    "looked_after_no_placement": f"""
        SELECT 'ssd_cla_episodes', e.clae_cla_episode_id, e.clae_person_id FROM ssd_cla_episodes e
        WHERE e.clae_cla_episode_start_date <= DATE '{END}' AND coalesce(e.clae_cla_episode_ceased_date, {FAR}) >= DATE '{END}'
          AND NOT EXISTS (SELECT 1 FROM ssd_cla_placement p WHERE p.clap_person_id = e.clae_person_id
                          AND DATE '{END}' BETWEEN p.clap_cla_placement_start_date AND coalesce(p.clap_cla_placement_end_date, {FAR}))""",
    "conference_before_s47": """
        SELECT 'ssd_initial_cp_conference', c.icpc_icpc_id, c.icpc_person_id FROM ssd_initial_cp_conference c
        JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = c.icpc_s47_enquiry_id WHERE c.icpc_icpc_date < s.s47e_s47_start_date""",
}


def listed(folder) -> list[dict]:
    with open(folder / "defects.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_defects_csv_has_the_documented_columns(small_defects):
    folder, _ = small_defects
    assert (folder / "defects.csv").read_text().splitlines()[0] == "defect_type,table,record_id,person_id"


def test_every_defect_type_is_injected_and_counted(small_defects):
    folder, summary = small_defects
    rows = listed(folder)
    kinds = {r["defect_type"] for r in rows}
    assert kinds == set(TYPES)
    for kind in TYPES:
        assert summary["defects"][kind] == sum(r["defect_type"] == kind for r in rows) > 0


@pytest.mark.parametrize("kind", TYPES)
def test_defects_csv_lists_exactly_the_records_with_the_condition(small_defects, defects_db, kind):
    folder, _ = small_defects
    truth = {(r["table"], int(r["record_id"]), int(r["person_id"])) for r in listed(folder) if r["defect_type"] == kind}
    found = {(t, int(i), int(p)) for t, i, p in defects_db.execute(CONDITIONS[kind]).fetchall()}
    assert truth, f"no {kind} injected"
    assert truth - found == set(), f"listed but without the condition: {sorted(truth - found)[:5]}"
    assert found - truth == set(), f"with the condition but not listed: {sorted(found - truth)[:5]}"


def test_no_record_carries_two_defects(small_defects):
    rows = listed(small_defects[0])
    keys = [(r["table"], r["record_id"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_defect_rate_scales_the_number_injected(small_defects, small_clean):
    """About `rate` of the eligible records: 5% of contacts are late, give or take sampling noise."""
    folder, summary = small_defects
    contacts = summary["rows"]["ssd_contacts"]
    late = summary["defects"]["contact_recorded_late"]
    assert 0.035 * contacts < late < 0.065 * contacts


@pytest.mark.parametrize("kind", TYPES)
def test_clean_authority_has_no_record_with_a_defect_condition(clean_db, kind):
    assert clean_db.execute(f"SELECT count(*) FROM ({CONDITIONS[kind]})").fetchone()[0] == 0
