"""A clean authority (--defects 0) has none of the injected defects and is internally consistent.

Each check is a query for offending rows that must return none, over data that does have rows of
the kind checked (so an empty table cannot pass a check by accident).
"""

from __future__ import annotations

import pytest

from lineofsight.schema import CODE_LISTS, TABLES

from .conftest import END


def count(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def test_defects_csv_is_empty_with_header(small_clean):
    folder, summary = small_clean
    assert (folder / "defects.csv").read_text() == "defect_type,table,record_id,person_id\n"
    assert set(summary["defects"].values()) == {0}


# (what, rows checked, offending rows): none of the six defect conditions occurs naturally.
DEFECT_FREE = [
    ("contacts recorded within 1 working day",
     "SELECT count(*) FROM ssd_contacts",
     """SELECT count(*) FROM ssd_contacts t JOIN ref_calendar a ON a.cal_date = t.cont_contact_date
        JOIN ref_calendar b ON b.cal_date = t.cont_contact_recorded_date
        WHERE t.cont_contact_recorded_date IS NULL OR b.wd_index - a.wd_index NOT BETWEEN 0 AND 1"""),
    ("every contact has an outcome", "SELECT count(*) FROM ssd_contacts",
     "SELECT count(*) FROM ssd_contacts WHERE cont_contact_outcome IS NULL OR cont_contact_outcome_json IS NULL"),
    ("every referral has an outcome", "SELECT count(*) FROM ssd_cin_episodes",
     "SELECT count(*) FROM ssd_cin_episodes WHERE cine_referral_outcome_json IS NULL OR cine_referral_nfa IS NULL"),
    ("every authorised assessment has an outcome",
     "SELECT count(*) FROM ssd_cin_assessments WHERE cina_assessment_auth_date IS NOT NULL",
     """SELECT count(*) FROM ssd_cin_assessments WHERE cina_assessment_auth_date IS NOT NULL
        AND (cina_assessment_outcome_json IS NULL OR cina_assessment_outcome_nfa IS NULL
             OR cina_assessment_completed_date IS NULL)"""),
    ("no assessment authorised before it started",
     "SELECT count(*) FROM ssd_cin_assessments WHERE cina_assessment_auth_date IS NOT NULL",
     "SELECT count(*) FROM ssd_cin_assessments WHERE cina_assessment_auth_date < cina_assessment_start_date"),
    ("no two people share a UPN", "SELECT count(pers_upn) FROM ssd_person",
     "SELECT count(*) - count(DISTINCT pers_upn) FROM ssd_person WHERE pers_upn IS NOT NULL"),
    ("no two people born the same day with look-alike names", "SELECT count(*) FROM ssd_person",
     """SELECT count(*) FROM ssd_person a JOIN ssd_person b ON a.pers_dob = b.pers_dob AND a.pers_person_id < b.pers_person_id
        WHERE jaro_winkler_similarity(lower(a.pers_forename), lower(b.pers_forename)) >= 0.88
          AND jaro_winkler_similarity(lower(a.pers_surname), lower(b.pers_surname)) >= 0.88"""),
    ("CIN visits inside a CIN plan", "SELECT count(*) FROM ssd_cin_visits",
     """SELECT count(*) FROM ssd_cin_visits v WHERE NOT EXISTS (SELECT 1 FROM ssd_cin_plans p
        WHERE p.cinp_person_id = v.cinv_person_id AND v.cinv_cin_visit_date BETWEEN p.cinp_cin_plan_start_date
          AND coalesce(p.cinp_cin_plan_end_date, DATE '9999-12-31'))"""),
    ("CP visits inside their plan", "SELECT count(*) FROM ssd_cp_visits",
     """SELECT count(*) FROM ssd_cp_visits v JOIN ssd_cp_plans p ON p.cppl_cp_plan_id = v.cppv_cp_plan_id
        WHERE v.cppv_cp_visit_date NOT BETWEEN p.cppl_cp_plan_start_date AND coalesce(p.cppl_cp_plan_end_date, DATE '9999-12-31')
           OR p.cppl_person_id <> v.cppv_person_id"""),
    ("CLA visits inside a care episode", "SELECT count(*) FROM ssd_cla_visits",
     """SELECT count(*) FROM ssd_cla_visits v WHERE NOT EXISTS (SELECT 1 FROM ssd_cla_episodes e
        WHERE e.clae_person_id = v.clav_person_id AND e.clae_cla_id = v.clav_cla_id AND v.clav_cla_visit_date
          BETWEEN e.clae_cla_episode_start_date AND coalesce(e.clae_cla_episode_ceased_date, DATE '9999-12-31'))"""),
    ("nothing open for anyone aged 18 or more at the end date", "SELECT count(*) FROM ssd_person",
     f"""SELECT count(*) FROM ssd_person p WHERE p.pers_dob + INTERVAL 18 YEAR <= DATE '{END}' AND (
          EXISTS (SELECT 1 FROM ssd_cin_episodes WHERE cine_person_id = p.pers_person_id AND cine_close_date IS NULL)
       OR EXISTS (SELECT 1 FROM ssd_cin_plans WHERE cinp_person_id = p.pers_person_id AND cinp_cin_plan_end_date IS NULL)
       OR EXISTS (SELECT 1 FROM ssd_cp_plans WHERE cppl_person_id = p.pers_person_id AND cppl_cp_plan_end_date IS NULL)
       OR EXISTS (SELECT 1 FROM ssd_cla_episodes WHERE clae_person_id = p.pers_person_id AND clae_cla_episode_ceased_date IS NULL))"""),
]


@pytest.mark.parametrize("what, base, bad", DEFECT_FREE, ids=[d[0] for d in DEFECT_FREE])
def test_clean_authority_has_no_defect_condition(clean_db, what, base, bad):
    assert count(clean_db, base) > 0, f"nothing to check for: {what}"
    assert count(clean_db, bad) == 0, what


CONSISTENT = [
    ("CP plans never overlap for one child", "SELECT count(*) FROM ssd_cp_plans",
     """SELECT count(*) FROM ssd_cp_plans a JOIN ssd_cp_plans b ON a.cppl_person_id = b.cppl_person_id
        AND a.cppl_cp_plan_id < b.cppl_cp_plan_id
        WHERE a.cppl_cp_plan_start_date < coalesce(b.cppl_cp_plan_end_date, DATE '9999-12-31')
          AND b.cppl_cp_plan_start_date < coalesce(a.cppl_cp_plan_end_date, DATE '9999-12-31')"""),
    ("care episodes never overlap for one child", "SELECT count(*) FROM ssd_cla_episodes",
     """SELECT count(*) FROM ssd_cla_episodes a JOIN ssd_cla_episodes b ON a.clae_person_id = b.clae_person_id
        AND a.clae_cla_episode_id < b.clae_cla_episode_id
        WHERE a.clae_cla_episode_start_date < coalesce(b.clae_cla_episode_ceased_date, DATE '9999-12-31')
          AND b.clae_cla_episode_start_date < coalesce(a.clae_cla_episode_ceased_date, DATE '9999-12-31')"""),
    ("referral episodes never overlap for one child", "SELECT count(*) FROM ssd_cin_episodes",
     """SELECT count(*) FROM ssd_cin_episodes a JOIN ssd_cin_episodes b ON a.cine_person_id = b.cine_person_id
        AND a.cine_referral_id <> b.cine_referral_id AND a.cine_referral_date <= b.cine_referral_date
        WHERE b.cine_referral_date <= coalesce(a.cine_close_date, DATE '9999-12-31')"""),
    ("ends never before starts", "SELECT count(*) FROM ssd_cla_placement",
     """SELECT (SELECT count(*) FROM ssd_cp_plans WHERE cppl_cp_plan_end_date < cppl_cp_plan_start_date)
             + (SELECT count(*) FROM ssd_cin_plans WHERE cinp_cin_plan_end_date < cinp_cin_plan_start_date)
             + (SELECT count(*) FROM ssd_cla_episodes WHERE clae_cla_episode_ceased_date < clae_cla_episode_start_date)
             + (SELECT count(*) FROM ssd_cla_placement WHERE clap_cla_placement_end_date <= clap_cla_placement_start_date)
             + (SELECT count(*) FROM ssd_cin_episodes WHERE cine_close_date < cine_referral_date)
             + (SELECT count(*) FROM ssd_s47_enquiry WHERE s47e_s47_end_date < s47e_s47_start_date)
             + (SELECT count(*) FROM ssd_legal_status WHERE lega_legal_status_end_date <= lega_legal_status_start_date)
             + (SELECT count(*) FROM ssd_involvements WHERE invo_involvement_end_date <= invo_involvement_start_date)
             + (SELECT count(*) FROM ssd_missing WHERE miss_missing_episode_end_date < miss_missing_episode_start_date)"""),
    ("placements inside their period of care", "SELECT count(*) FROM ssd_cla_placement",
     """SELECT count(*) FROM ssd_cla_placement p WHERE NOT EXISTS (SELECT 1 FROM ssd_cla_episodes e
        WHERE e.clae_cla_id = p.clap_cla_id AND e.clae_person_id = p.clap_person_id
          AND p.clap_cla_placement_start_date BETWEEN e.clae_cla_episode_start_date
              AND coalesce(e.clae_cla_episode_ceased_date, DATE '9999-12-31'))"""),
    ("every open care episode has an open placement", "SELECT count(*) FROM ssd_cla_episodes WHERE clae_cla_episode_ceased_date IS NULL",
     """SELECT count(*) FROM ssd_cla_episodes e WHERE e.clae_cla_episode_ceased_date IS NULL AND NOT EXISTS (
        SELECT 1 FROM ssd_cla_placement p WHERE p.clap_person_id = e.clae_person_id AND p.clap_cla_placement_end_date IS NULL)"""),
    ("every CP plan has the conference that made it", "SELECT count(*) FROM ssd_cp_plans",
     """SELECT count(*) FROM ssd_cp_plans p LEFT JOIN ssd_initial_cp_conference c ON c.icpc_icpc_id = p.cppl_icpc_id
        WHERE c.icpc_icpc_id IS NULL OR c.icpc_cp_plan_id <> p.cppl_cp_plan_id OR c.icpc_icpc_date <> p.cppl_cp_plan_start_date"""),
    ("conferences follow their enquiry, assessments their referral", "SELECT count(*) FROM ssd_initial_cp_conference",
     """SELECT (SELECT count(*) FROM ssd_initial_cp_conference c JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = c.icpc_s47_enquiry_id
                WHERE c.icpc_icpc_date < s.s47e_s47_start_date)
             + (SELECT count(*) FROM ssd_cin_assessments a JOIN ssd_cin_episodes r ON r.cine_referral_id = a.cina_referral_id
                WHERE a.cina_assessment_start_date < r.cine_referral_date OR a.cina_assessment_auth_date > r.cine_close_date)"""),
    ("every referral has its contact on the same day", "SELECT count(*) FROM ssd_cin_episodes WHERE cine_referral_date >= DATE '2019-04-01'",
     """SELECT count(*) FROM ssd_cin_episodes r WHERE r.cine_referral_date >= DATE '2019-04-01' AND NOT EXISTS (
        SELECT 1 FROM ssd_contacts c WHERE c.cont_person_id = r.cine_person_id AND c.cont_contact_date = r.cine_referral_date
          AND c.cont_contact_outcome = 'REF')"""),
    ("looked after only before the 18th birthday", "SELECT count(*) FROM ssd_cla_episodes",
     f"""SELECT count(*) FROM ssd_cla_episodes e JOIN ssd_person p ON p.pers_person_id = e.clae_person_id
        WHERE coalesce(e.clae_cla_episode_ceased_date, DATE '{END}') > p.pers_dob + INTERVAL 18 YEAR
           OR e.clae_cla_episode_start_date < p.pers_dob"""),
    ("allocations only while the worker is in post", "SELECT count(*) FROM ssd_involvements",
     """SELECT count(*) FROM ssd_involvements i JOIN ssd_professionals w ON w.prof_professional_id = i.invo_professional_id
        WHERE i.invo_involvement_start_date < w.prof_start_date
           OR coalesce(i.invo_involvement_end_date, DATE '9999-12-31') > coalesce(w.prof_end_date, DATE '9999-12-31')"""),
    ("an event's team and worker agree with an allocation of the child",
     "SELECT count(*) FROM ssd_cin_plans WHERE cinp_cin_plan_worker_id IS NOT NULL",
     """SELECT count(*) FROM ssd_cin_plans p WHERE p.cinp_cin_plan_worker_id IS NOT NULL
        AND p.cinp_cin_plan_start_date >= DATE '2019-04-01' AND NOT EXISTS (
        SELECT 1 FROM ssd_involvements i WHERE i.invo_person_id = p.cinp_person_id
          AND i.invo_professional_id = p.cinp_cin_plan_worker_id AND i.invo_professional_team = p.cinp_cin_plan_team)"""),
    # What each year's SSDA903 needs of the data (issue 12; formats/return_years.py).
    ("a child looked after has a social worker from the day care starts (SW12STG2, SW17STG2)",
     "SELECT count(*) FROM ssd_cla_episodes WHERE clae_cla_episode_start_reason = 'S'",
     """SELECT count(*) FROM ssd_cla_episodes e WHERE e.clae_cla_episode_start_reason = 'S'
          AND e.clae_cla_episode_start_date >= DATE '2020-04-01' AND NOT EXISTS (
          SELECT 1 FROM ssd_involvements i WHERE i.invo_person_id = e.clae_person_id AND i.invo_professional_role_id = 'SW'
            AND i.invo_involvement_start_date <= e.clae_cla_episode_start_date
            AND coalesce(i.invo_involvement_end_date, DATE '9999-12-31') > e.clae_cla_episode_start_date)"""),
    ("no social worker handover within a team in the last six days of March (SW11bSTG2)",
     "SELECT count(*) FROM ssd_involvements WHERE month(invo_involvement_start_date) = 3",
     """SELECT count(*) FROM ssd_involvements i WHERE i.invo_professional_role_id = 'SW'
          AND month(i.invo_involvement_start_date) = 3 AND day(i.invo_involvement_start_date) >= 26
          AND EXISTS (SELECT 1 FROM ssd_involvements j WHERE j.invo_person_id = i.invo_person_id
                      AND j.invo_professional_role_id = 'SW' AND j.invo_involvement_start_date < i.invo_involvement_start_date
                      AND j.invo_professional_team = i.invo_professional_team
                      AND j.invo_involvement_end_date BETWEEN i.invo_involvement_start_date - 60 AND i.invo_involvement_start_date)"""),
    ("no child under 10 leaves a placement for custody (234, 2025-26)",
     "SELECT count(*) FROM ssd_cla_placement WHERE clap_cla_placement_change_reason = 'CUSTOD'",
     """SELECT count(*) FROM ssd_cla_placement c JOIN ssd_person p ON p.pers_person_id = c.clap_person_id
          WHERE c.clap_cla_placement_change_reason = 'CUSTOD'
            AND c.clap_cla_placement_start_date < p.pers_dob + INTERVAL 10 YEAR"""),
    ("no unregistered supported accommodation in use from 28 October 2023 (Supported Accommodation Regulations 2023)",
     "SELECT count(*) FROM ssd_cla_placement WHERE clap_cla_placement_type = 'H5'",
     """SELECT count(*) FROM ssd_cla_placement WHERE clap_cla_placement_unregistered = 'Y'
          AND clap_cla_placement_type IN ('H5', 'K3')
          AND coalesce(clap_cla_placement_end_date, DATE '9999-12-31') >= DATE '2023-10-28'"""),
    ("every other unregistered setting is one the 2025-26 SSDA903 can return (UNREGISTERED_PLACE: K2 as Z12)",
     "SELECT count(*) FROM ssd_cla_placement WHERE clap_cla_placement_unregistered = 'Y'",
     """SELECT count(*) FROM ssd_cla_placement WHERE clap_cla_placement_unregistered = 'Y'
          AND clap_cla_placement_type NOT IN ('H5', 'K2')"""),
]


@pytest.mark.parametrize("what, base, bad", CONSISTENT, ids=[c[0] for c in CONSISTENT])
def test_clean_authority_is_consistent(clean_db, what, base, bad):
    assert count(clean_db, base) > 0, f"nothing to check for: {what}"
    assert count(clean_db, bad) == 0, what


def _person_date_checks() -> list[tuple[str, str, str]]:
    out = []
    for t in TABLES:
        person = t.person_column or ("clar_cla_person_id" if t.name == "ssd_cla_reviews" else None)
        if not person or t.name == "ssd_person":
            continue
        for c in t.date_columns:
            out.append((t.name, person, c))
    return out


def test_no_date_after_the_end_before_birth_or_after_death(clean_db):
    bad = []
    for name, person, c in _person_date_checks():
        n = count(clean_db, f"""
            SELECT count(*) FROM {name} t JOIN ssd_person p ON p.pers_person_id = t.{person}
            WHERE t.{c} > DATE '{END}' OR t.{c} < p.pers_dob OR t.{c} > p.pers_death_date""")
        if n:
            bad.append((name, c, n))
    assert bad == []
    assert count(clean_db, "SELECT count(*) FROM ssd_person WHERE pers_death_date IS NOT NULL") >= 0


def test_codes_and_flags_come_from_the_code_lists(clean_db):
    bad = []
    for t in TABLES:
        for c in t.columns:
            allowed = CODE_LISTS[c.codes] if c.codes else (CODE_LISTS["flag"] if c.type == "flag" else None)
            if allowed is None:
                continue
            values = {r[0] for r in clean_db.execute(f"SELECT DISTINCT {c.name} FROM {t.name} WHERE {c.name} IS NOT NULL").fetchall()}
            if values - set(allowed):
                bad.append((t.name, c.name, sorted(values - set(allowed))[:5]))
    assert bad == []


def test_unregistered_childrens_homes_go_on_after_april_2025_and_the_return_has_a_code_for_them(clean_db):
    """Unregistered children's homes are not stopped by the 2025-26 return (issue 12 follow-up): the generator
    keeps them at its usual low rate, and formats/return_years.py maps the kind it draws (K2) to a code
    valid that year; only unregistered supported accommodation ends, on the date the law required
    registration (synth/care.py SUPPORTED_REGISTERED_FROM)."""
    import datetime as dt

    from lineofsight.formats.return_years import UNREGISTERED_PLACE, code_spans
    from lineofsight.synth.care import SUPPORTED_REGISTERED_FROM
    from lineofsight.synth.dates import day

    assert day(dt.date(2023, 10, 28)) == SUPPORTED_REGISTERED_FROM
    z12 = next(s for s in code_spans() if s.field == "PLACE" and s.code == UNREGISTERED_PLACE["K2"])
    assert z12.valid_in(2026) and not z12.valid_in(2025)
    assert count(clean_db, """SELECT count(*) FROM ssd_cla_placement WHERE clap_cla_placement_unregistered = 'Y'
                              AND clap_cla_placement_type = 'K2'""") > 0
