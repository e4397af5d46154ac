"""Ofsted's Annex A lists 1 to 11 for the six or twelve months to a date, from a snapshot in SQL.

Written with XlsxWriter so that nothing in the data can become a formula: automatic conversion of
strings to formulas and links is off, every text cell is written with write_string, and text
starting with =, +, - or @ also carries Excel's quote prefix so it stays text even when edited.
List 11 (adopters) has no source in the SSD: it is written with its headers and no rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import xlsxwriter

from lineofsight.formats.annex_a_spec import LISTS, AList

FORMULA_STARTS = ("=", "+", "-", "@")

MACROS = """
CREATE OR REPLACE TEMP MACRO a_age(dob, d) AS
    year(d) - year(dob) - CASE WHEN strftime(d, '%m%d') < strftime(dob, '%m%d') THEN 1 ELSE 0 END;
CREATE OR REPLACE TEMP MACRO a_yes(v) AS CASE v WHEN 'Y' THEN 'Yes' WHEN 'N' THEN 'No' END;
CREATE OR REPLACE TEMP MACRO a_in(d) AS CASE WHEN d <= getvariable('pe') THEN d END
"""

CHILD_COLS = """p.pers_person_id AS child_id,
       CASE p.pers_sex WHEN 'M' THEN 'Male' WHEN 'F' THEN 'Female' WHEN 'U' THEN 'Unknown' END AS gender,
       p.pers_ethnicity AS ethnicity, p.pers_dob AS dob, a_age(p.pers_dob, getvariable('pe')) AS age"""
DISABILITY = """(SELECT CASE WHEN bool_or(d.disa_disability_code <> 'NONE') THEN 'Yes' ELSE 'No' END
        FROM ssd_disability d WHERE d.disa_person_id = p.pers_person_id) AS disability"""


def _team(col: str) -> str:
    return f"coalesce((SELECT t.dept_team_name FROM ssd_department t WHERE t.dept_team_id = {col}), {col})"


def _worker(col: str) -> str:
    return (f"coalesce((SELECT w.prof_professional_name FROM ssd_professionals w "
            f"WHERE w.prof_professional_id = {col}), {col})")


QUERIES: dict[int, str] = {
    1: f"""SELECT {CHILD_COLS}, c.cont_contact_date AS contact_date, c.cont_contact_source_code AS contact_source
        FROM ssd_contacts c JOIN ssd_person p ON p.pers_person_id = c.cont_person_id
        WHERE c.cont_contact_date BETWEEN getvariable('ps') AND getvariable('pe')
        ORDER BY contact_date, child_id""",
    2: f"""SELECT {CHILD_COLS}, e.earl_episode_start_date AS eh_start, a_in(e.earl_episode_end_date) AS eh_end,
               e.earl_episode_organisation AS eh_org
        FROM ssd_early_help_episodes e JOIN ssd_person p ON p.pers_person_id = e.earl_person_id
        WHERE e.earl_episode_start_date <= getvariable('pe')
          AND (e.earl_episode_end_date IS NULL OR e.earl_episode_end_date >= getvariable('ps'))
        ORDER BY eh_start, child_id""",
    3: f"""SELECT {CHILD_COLS}, r.cine_referral_date AS referral_date, r.cine_referral_source_code AS referral_source,
               a_yes(r.cine_referral_nfa) AS referral_nfa,
               (SELECT count(*) FROM ssd_cin_episodes q WHERE q.cine_person_id = r.cine_person_id
                  AND q.cine_referral_date > r.cine_referral_date - INTERVAL 12 MONTH
                  AND q.cine_referral_date <= r.cine_referral_date) AS referrals_12m,
               {_team('r.cine_referral_team')} AS team, {_worker('r.cine_referral_worker_id')} AS worker
        FROM ssd_cin_episodes r JOIN ssd_person p ON p.pers_person_id = r.cine_person_id
        WHERE r.cine_referral_date BETWEEN getvariable('ps') AND getvariable('pe')
        ORDER BY referral_date, child_id""",
    4: f"""SELECT {CHILD_COLS}, {DISABILITY}, a.cina_assessment_start_date AS assessment_start,
               a_yes(a.cina_assessment_child_seen) AS child_seen, a_in(a.cina_assessment_auth_date) AS assessment_auth,
               CASE WHEN a_in(a.cina_assessment_auth_date) IS NOT NULL THEN
                    CASE a.cina_assessment_outcome_nfa WHEN 'Y' THEN 'No' WHEN 'N' THEN 'Yes' END END AS needs_support,
               {_team('a.cina_assessment_team')} AS team, {_worker('a.cina_assessment_worker_id')} AS worker
        FROM ssd_cin_assessments a JOIN ssd_person p ON p.pers_person_id = a.cina_person_id
        WHERE a.cina_assessment_start_date <= getvariable('pe')
          AND (a.cina_assessment_auth_date IS NULL OR a.cina_assessment_auth_date >= getvariable('ps'))
        ORDER BY assessment_start, child_id""",
    5: f"""SELECT {CHILD_COLS}, s.s47e_s47_start_date AS s47_start,
               CASE WHEN a_in(i.icpc_icpc_date) IS NOT NULL THEN 'No'
                    WHEN s.s47e_s47_nfa = 'Y' THEN 'Yes' END AS icpc_unnecessary,
               a_in(i.icpc_icpc_date) AS icpc_date,
               CASE WHEN a_in(i.icpc_icpc_date) IS NOT NULL THEN a_yes(i.icpc_icpc_outcome_cp_flag) END AS icpc_plan,
               {_team('s.s47e_s47_completed_by_team')} AS team, {_worker('s.s47e_s47_completed_by_worker_id')} AS worker
        FROM ssd_s47_enquiry s JOIN ssd_person p ON p.pers_person_id = s.s47e_person_id
        LEFT JOIN (SELECT * FROM ssd_initial_cp_conference
                   QUALIFY row_number() OVER (PARTITION BY icpc_s47_enquiry_id ORDER BY icpc_icpc_date) = 1) i
               ON i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
        WHERE s.s47e_s47_start_date BETWEEN getvariable('ps') AND getvariable('pe')
           OR i.icpc_icpc_date BETWEEN getvariable('ps') AND getvariable('pe')
        ORDER BY s47_start, child_id""",
    6: f"""SELECT {CHILD_COLS}, {DISABILITY}, e.cine_cin_primary_need_code AS case_reason,
               e.cine_referral_date AS cin_start, a_in(e.cine_close_date) AS cin_end,
               CASE WHEN a_in(e.cine_close_date) IS NOT NULL THEN e.cine_close_reason END AS close_reason,
               {_team('e.cine_referral_team')} AS team, {_worker('e.cine_referral_worker_id')} AS worker
        FROM ssd_cin_episodes e JOIN ssd_person p ON p.pers_person_id = e.cine_person_id
        WHERE e.cine_referral_date <= getvariable('pe')
          AND (e.cine_close_date IS NULL OR e.cine_close_date >= getvariable('ps'))
          AND coalesce(e.cine_referral_nfa, 'N') <> 'Y'
        ORDER BY cin_start, child_id""",
    7: f"""SELECT {CHILD_COLS}, {DISABILITY}, c.cppl_cp_plan_start_date AS cpp_start,
               c.cppl_cp_plan_initial_category AS initial_category,
               coalesce(c.cppl_cp_plan_latest_category, c.cppl_cp_plan_initial_category) AS latest_category,
               v.cppv_cp_visit_date AS last_visit, a_yes(v.cppv_cp_visit_seen_alone) AS seen_alone,
               (SELECT max(r.cppr_cp_review_date) FROM ssd_cp_reviews r WHERE r.cppr_cp_plan_id = c.cppl_cp_plan_id
                  AND r.cppr_cp_review_date <= getvariable('pe')) AS last_review,
               a_in(c.cppl_cp_plan_end_date) AS cpp_end,
               (SELECT count(*) FROM ssd_cp_plans q WHERE q.cppl_person_id = c.cppl_person_id
                  AND q.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date) AS previous_cpp,
               NULL AS team, NULL AS worker
        FROM ssd_cp_plans c JOIN ssd_person p ON p.pers_person_id = c.cppl_person_id
        LEFT JOIN (SELECT * FROM ssd_cp_visits WHERE cppv_cp_visit_date <= getvariable('pe')
                   QUALIFY row_number() OVER (PARTITION BY cppv_cp_plan_id ORDER BY cppv_cp_visit_date DESC) = 1) v
               ON v.cppv_cp_plan_id = c.cppl_cp_plan_id
        WHERE c.cppl_cp_plan_start_date <= getvariable('pe')
          AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date >= getvariable('ps'))
        ORDER BY cpp_start, child_id""",
    8: f"""WITH eps AS (
            SELECT * FROM ssd_cla_episodes
            WHERE clae_cla_episode_start_date <= getvariable('pe')
              AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date >= getvariable('ps'))
            QUALIFY row_number() OVER (PARTITION BY clae_person_id
                                       ORDER BY clae_cla_episode_start_date DESC, clae_cla_episode_id DESC) = 1
        )
        SELECT {CHILD_COLS}, {DISABILITY},
               CASE WHEN EXISTS (SELECT 1 FROM ssd_immigration_status i WHERE i.immi_person_id = p.pers_person_id
                                 AND i.immi_immigration_status = 'UASC') THEN 'Yes' ELSE 'No' END AS uasc,
               coalesce(e.clae_entered_care_date, e.clae_cla_episode_start_date) AS cla_start,
               e.clae_cla_primary_need_code AS category_of_need,
               (SELECT l.lega_legal_status FROM ssd_legal_status l WHERE l.lega_person_id = p.pers_person_id
                  AND l.lega_legal_status_start_date <= least(getvariable('pe'), coalesce(e.clae_cla_episode_ceased_date, getvariable('pe')))
                ORDER BY l.lega_legal_status_start_date DESC LIMIT 1) AS legal_status,
               (SELECT max(r.clar_cla_review_date) FROM ssd_cla_reviews r WHERE r.clar_cla_person_id = p.pers_person_id
                  AND r.clar_cla_review_date <= getvariable('pe')) AS last_review,
               v.clav_cla_visit_date AS last_visit, a_yes(v.clav_cla_visit_seen_alone) AS seen_alone,
               (SELECT max(h.clah_health_check_date) FROM ssd_cla_health h WHERE h.clah_person_id = p.pers_person_id
                  AND h.clah_health_check_type ILIKE 'health assessment%' AND h.clah_health_check_date <= getvariable('pe'))
                   AS health_assessment,
               (SELECT max(h.clah_health_check_date) FROM ssd_cla_health h WHERE h.clah_person_id = p.pers_person_id
                  AND h.clah_health_check_type ILIKE 'dental%' AND h.clah_health_check_date <= getvariable('pe'))
                   AS dental_check,
               (SELECT count(*) FROM ssd_cla_placement q WHERE q.clap_person_id = p.pers_person_id
                  AND q.clap_cla_placement_start_date <= getvariable('pe')
                  AND coalesce(q.clap_cla_placement_end_date, getvariable('pe')) > getvariable('pe') - INTERVAL 12 MONTH)
                   AS placements_12m,
               pl.clap_cla_placement_type AS placement_type, pl.clap_cla_placement_provider AS placement_provider,
               pl.clap_cla_placement_postcode AS placement_postcode, pl.clap_cla_placement_start_date AS placement_start,
               CASE WHEN e.clae_cla_episode_ceased_reason <> 'X1' THEN a_in(e.clae_cla_episode_ceased_date) END AS cla_end,
               CASE WHEN e.clae_cla_episode_ceased_reason <> 'X1' AND a_in(e.clae_cla_episode_ceased_date) IS NOT NULL
                    THEN e.clae_cla_episode_ceased_reason END AS reason_ceased,
               (SELECT count(*) FROM ssd_missing m WHERE m.miss_person_id = p.pers_person_id AND m.miss_missing_episode_type = 'M'
                  AND m.miss_missing_episode_start_date BETWEEN getvariable('ps') AND getvariable('pe')) AS missing_count,
               (SELECT count(*) FROM ssd_missing m WHERE m.miss_person_id = p.pers_person_id AND m.miss_missing_episode_type = 'A'
                  AND m.miss_missing_episode_start_date BETWEEN getvariable('ps') AND getvariable('pe')) AS away_count,
               {_team('e.clae_cla_team')} AS team, NULL AS worker
        FROM eps e JOIN ssd_person p ON p.pers_person_id = e.clae_person_id
        LEFT JOIN ssd_cla_placement pl ON pl.clap_cla_placement_id = e.clae_cla_placement_id
        LEFT JOIN (SELECT * FROM ssd_cla_visits WHERE clav_cla_visit_date <= getvariable('pe')
                   QUALIFY row_number() OVER (PARTITION BY clav_person_id ORDER BY clav_cla_visit_date DESC) = 1) v
               ON v.clav_person_id = p.pers_person_id
        ORDER BY cla_start, child_id""",
    9: f"""SELECT {CHILD_COLS}, {DISABILITY}, l.clea_care_leaver_eligibility AS eligibility,
               l.clea_care_leaver_latest_contact AS latest_contact, l.clea_care_leaver_in_touch AS in_touch,
               l.clea_care_leaver_activity AS activity, l.clea_care_leaver_accommodation AS accommodation,
               CASE l.clea_care_leaver_accom_suitable WHEN '1' THEN 'Suitable' WHEN '2' THEN 'Not suitable' END AS suitable,
               l.clea_pathway_plan_review_date AS pathway_review,
               {_team('l.clea_care_leaver_allocated_team')} AS team, l.clea_care_leaver_personal_advisor AS pa
        FROM ssd_care_leavers l JOIN ssd_person p ON p.pers_person_id = l.clea_person_id
        WHERE l.clea_record_date <= getvariable('pe')
        QUALIFY max(l.clea_record_date) OVER (PARTITION BY l.clea_person_id) >= getvariable('ps')
            AND row_number() OVER (PARTITION BY l.clea_person_id ORDER BY l.clea_record_date DESC, l.clea_table_id DESC) = 1
        ORDER BY child_id""",
    10: f"""SELECT {CHILD_COLS}, {DISABILITY},
               (SELECT min(e.clae_entered_care_date) FROM ssd_cla_episodes e WHERE e.clae_cla_id = pm.perm_cla_id) AS entered_care,
               pm.perm_adm_decision_date AS adm_decision, a_in(pm.perm_placement_order_date) AS placement_order,
               a_in(pm.perm_matched_date) AS matched, a_in(pm.perm_placed_for_adoption_date) AS placed,
               CASE WHEN pm.perm_permanence_order_type ILIKE 'adoption%' THEN a_in(pm.perm_permanence_order_date) END AS adoption_order,
               a_in(pm.perm_decision_reversed_date) AS reversed,
               CASE WHEN a_in(pm.perm_decision_reversed_date) IS NOT NULL THEN pm.perm_decision_reversed_reason END AS reversed_reason,
               a_yes(pm.perm_part_of_sibling_group) AS sibling_group,
               NULL AS team, {_worker('pm.perm_adoption_worker_id')} AS worker
        FROM ssd_permanence pm JOIN ssd_person p ON p.pers_person_id = pm.perm_person_id
        WHERE pm.perm_adm_decision_date <= getvariable('pe')
          AND coalesce(pm.perm_permanence_order_date, pm.perm_decision_reversed_date, getvariable('pe')) >= getvariable('ps')
        ORDER BY adm_decision, child_id""",
}


@dataclass
class AnnexASummary:
    path: Path
    start: dt.date
    end: dt.date
    children: int
    rows: dict[str, int] = field(default_factory=dict)


def period(to: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The `months` whole months ending on `to` (6 months to 31 March starts on 1 October)."""
    after = to + dt.timedelta(days=1)
    m = after.month - months
    year = after.year + (m - 1) // 12
    month = (m - 1) % 12 + 1
    return dt.date(year, month, min(after.day, calendar.monthrange(year, month)[1])), to


def write_annex_a(con: duckdb.DuckDBPyConnection, to: dt.date, out: Path, *, months: int = 6) -> AnnexASummary:
    """Write lists 1 to 11 covering the `months` to `to` into workbook `out`."""
    start, end = period(to, months)
    cur = con.cursor()
    cur.execute("SET VARIABLE ps = ?::DATE", [start])
    cur.execute("SET VARIABLE pe = ?::DATE", [end])
    for stmt in MACROS.strip().split(";\n"):
        cur.execute(stmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = AnnexASummary(path=out, start=start, end=end, children=0)
    children: set[str] = set()
    wb = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "default_date_format": "dd/mm/yyyy"})
    try:
        bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
        text_fmt = wb.add_format({"quote_prefix": True})
        for a in LISTS:
            ws = wb.add_worksheet(a.sheet_name())
            ws.freeze_panes(1, 0)
            for j, col in enumerate(a.columns):
                ws.write_string(0, j, col.header, bold)
                ws.set_column(j, j, 14 if col.kind == "date" else 18)
            n = 0
            if a.number in QUERIES:
                n = _write_rows(cur, a, ws, date_fmt, text_fmt, children)
            summary.rows[f"List {a.number} {a.title}"] = n
    finally:
        wb.close()
        cur.close()
    summary.children = len(children)
    return summary


def _write_rows(cur: duckdb.DuckDBPyConnection, a: AList, ws, date_fmt, text_fmt, children: set[str]) -> int:
    fields = [col.field for col in a.columns]
    res = cur.execute(f"SELECT {', '.join(fields)} FROM ({QUERIES[a.number]})")
    i = 0
    while batch := res.fetchmany(2000):
        for row in batch:
            i += 1
            children.add(row[0])
            for j, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(i, j, dt.datetime.combine(value, dt.time()), date_fmt)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(i, j, value)
                else:
                    text = str(value)
                    ws.write_string(i, j, text, text_fmt if text.startswith(FORMULA_STARTS) else None)
    return i
