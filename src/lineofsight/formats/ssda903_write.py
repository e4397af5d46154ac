"""The SSDA903 return (children looked after, CSV set) for a collection year, from a snapshot in SQL.

Each file is one DuckDB query written by COPY: no Python loop per child. Dates are dd/mm/yyyy and
codes are the DfE's (SEX 1 male, 2 female; UPN or its UN reason in one column). What goes in, per
the DfE SSDA903 guide: every child looked after at any time from 1 April to 31 March, each episode
open in the year (dates after 31 March left out), reviews and missing episodes in the year,
unaccompanied asylum-seeking status, care leavers' outcomes around their 17th to 21st birthdays,
adoption and placement-for-adoption details, and social worker episodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lineofsight.formats.cin_xml_write import collection_period
from lineofsight.formats.return_years import (
    LAYOUT,
    NO_PROVIDER_PLACEMENTS,
    UNREGISTERED_PLACE,
    URN_X_PLACEMENTS,
    applies,
    check_year,
    code_sql,
    not_valid,
)
from lineofsight.formats.ssda903_columns import COLUMNS, FILE_NAMES

DMY = "'%d/%m/%Y'"
SEX_LETTERS_FROM = LAYOUT["sex_letters"][0]  # the 2024/25 return first coded SEX as M, F, U
MIN_SW_DAYS = 3  # csc-validator-be-903 rule SW09STG2 flags a social worker episode shorter than 3 days


@dataclass(frozen=True)
class ExportNote:
    """A record the year's rules would not let the export write as the snapshot holds it."""

    child: str
    rule: str  # the DfE rule it answers to
    message: str
    mapped: bool = False  # True: written as DfE's successor code; False: left blank, to be recorded again


@dataclass
class Ssda903Summary:
    folder: Path
    children: int
    rows: dict[str, int] = field(default_factory=dict)
    notes: list[ExportNote] = field(default_factory=list)


def _d(expr: str) -> str:
    return f"strftime({expr}, {DMY})"


def _flag_in_year(table: str, person: str, date: str, where: str = "TRUE") -> str:
    """'1' if the child has such a record dated in the collection year, else '0'."""
    return (f"CASE WHEN EXISTS (SELECT 1 FROM {table} t WHERE t.{person} = c.pers_person_id AND ({where}) "
            f"AND t.{date} BETWEEN getvariable('ys') AND getvariable('ye')) THEN '1' ELSE '0' END")


# Text the case system may hold, mapped to the DfE codes (SSDA903 guide: adopters; social worker change).
MACROS = """
CREATE OR REPLACE TEMP MACRO adopter_sex(v) AS CASE
    WHEN upper(v) IN ('M1', 'F1', 'MM', 'FF', 'MF') THEN upper(v)
    WHEN lower(v) IN ('male and female', 'female and male') THEN 'MF'
    WHEN lower(v) IN ('male and male', 'two males') THEN 'MM'
    WHEN lower(v) IN ('female and female', 'two females') THEN 'FF'
    WHEN lower(v) IN ('male', 'single male') THEN 'M1'
    WHEN lower(v) IN ('female', 'single female') THEN 'F1' END;
CREATE OR REPLACE TEMP MACRO adopter_ls(v, sex) AS CASE
    WHEN upper(v) IN ('L0', 'L11', 'L12', 'L2', 'L3', 'L4') THEN upper(v)
    WHEN lower(v) = 'single' THEN 'L0'
    WHEN lower(v) = 'married couple' THEN CASE WHEN sex = 'MF' THEN 'L11' ELSE 'L12' END
    WHEN lower(v) IN ('civil partners', 'civil partnership') THEN 'L2'
    WHEN lower(v) = 'unmarried couple' THEN CASE WHEN sex = 'MF' THEN 'L3' ELSE 'L4' END END;
CREATE OR REPLACE TEMP MACRO sw_reason(v) AS CASE
    WHEN upper(v) IN ('MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS')
        THEN upper(v)
    WHEN lower(v) LIKE '%left%' THEN 'LEFTRL'
    WHEN lower(v) LIKE '%transfer%' THEN 'TSPROC'
    WHEN lower(v) LIKE '%caseload%' OR lower(v) LIKE '%manage%' THEN 'MANAGE'
    WHEN lower(v) LIKE '%restructur%' THEN 'ORGRST'
    WHEN lower(v) LIKE '%absen%' OR lower(v) LIKE '%sick%' THEN 'ABSENC'
    ELSE 'OTHERS' END
"""


def _views(con: duckdb.DuckDBPyConnection, year: int) -> None:
    ys, ye = collection_period(year)
    for stmt in MACROS.strip().split(";\n"):
        con.execute(stmt)
    con.execute("SET VARIABLE ys = ?::DATE", [ys])
    con.execute("SET VARIABLE ye = ?::DATE", [ye])
    con.execute("""
        CREATE OR REPLACE TEMP TABLE y_ep AS
        SELECT e.*, p.*,
               (SELECT l.lega_legal_status FROM ssd_legal_status l
                WHERE l.lega_person_id = e.clae_person_id
                  AND l.lega_legal_status_start_date <= e.clae_cla_episode_start_date
                  AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > e.clae_cla_episode_start_date
                       OR l.lega_legal_status_end_date = l.lega_legal_status_start_date)
                ORDER BY l.lega_legal_status_start_date DESC LIMIT 1) AS ls,
               (SELECT a.addr_address_postcode FROM ssd_address a
                WHERE a.addr_person_id = e.clae_person_id AND a.addr_address_postcode IS NOT NULL
                  AND a.addr_address_start_date <= e.clae_cla_episode_start_date
                  AND (a.addr_address_end_date IS NULL OR a.addr_address_end_date >= e.clae_cla_episode_start_date)
                ORDER BY a.addr_address_start_date DESC LIMIT 1) AS home_post,
               lead(e.clae_cla_episode_start_reason) OVER (PARTITION BY e.clae_person_id
                    ORDER BY e.clae_cla_episode_start_date, e.clae_cla_episode_id) AS next_rne
        FROM ssd_cla_episodes e
        LEFT JOIN ssd_cla_placement p ON p.clap_cla_placement_id = e.clae_cla_placement_id
        WHERE e.clae_cla_episode_start_date <= getvariable('ye')
          AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date >= getvariable('ys'))
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE y_leaver AS
        WITH birthdays AS (
            SELECT p.pers_person_id, (p.pers_dob + to_years(age))::DATE AS birthday
            FROM ssd_person p, range(17, 22) t(age)
            WHERE (p.pers_dob + to_years(age))::DATE BETWEEN getvariable('ys') AND getvariable('ye')
        )
        SELECT l.* FROM ssd_care_leavers l
        WHERE l.clea_record_date <= getvariable('ye')
          AND l.clea_person_id IN (
              -- not looked after on or after the birthday in the year (DfE rules 1007, 1016)
              SELECT b.pers_person_id FROM birthdays b
              WHERE NOT EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = b.pers_person_id
                                AND e.clae_cla_episode_start_date <= getvariable('ye')
                                AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date >= b.birthday)))
          -- not for a child whose last period of care ended with care transferred to another authority (E3, rule 1011)
          AND l.clea_person_id NOT IN (
              SELECT clae_person_id FROM ssd_cla_episodes WHERE clae_cla_episode_start_date <= getvariable('ye')
              QUALIFY row_number() OVER (PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date DESC,
                                         clae_cla_episode_id DESC) = 1 AND clae_cla_episode_ceased_reason = 'E3')
        QUALIFY row_number() OVER (PARTITION BY l.clea_person_id ORDER BY l.clea_record_date DESC, l.clea_table_id DESC) = 1
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE y_child AS
        SELECT p.* FROM ssd_person p
        WHERE p.pers_person_id IN (SELECT clae_person_id FROM y_ep UNION SELECT clea_person_id FROM y_leaver)
    """)


def _sex(year: int, col: str) -> str:
    """SEX: 1/2 until 2023/24; M/F/U from the 2024/25 return."""
    if year >= SEX_LETTERS_FROM:
        return f"coalesce({col}, 'U')"
    return f"CASE {col} WHEN 'M' THEN '1' WHEN 'F' THEN '2' END"


QUERIES: dict[str, str] = {
    "Header": f"""
        SELECT pers_person_id AS CHILD,
               {{sex}} AS SEX,
               {_d('pers_dob')} AS DOB, pers_ethnicity AS ETHNIC,
               coalesce(pers_upn, pers_upn_unknown) AS UPN,
               CASE WHEN pers_sex = 'F' AND pers_person_id IN (SELECT clae_person_id FROM y_ep WHERE coalesce(ls, '') NOT IN ('V3', 'V4'))
                    THEN CASE WHEN mc.dob IS NOT NULL THEN '1' ELSE '0' END END AS MOTHER,
               CASE WHEN pers_sex = 'F' AND pers_person_id IN (SELECT clae_person_id FROM y_ep WHERE coalesce(ls, '') NOT IN ('V3', 'V4'))
                    THEN {_d('mc.dob')} END AS MC_DOB
        FROM y_child
        -- a mother by the year end, or by the day care ended in the year (DfE rules 611, 612, 625)
        LEFT JOIN (SELECT m.moth_person_id, min(m.moth_childs_dob) AS dob FROM ssd_mother m
                   JOIN (SELECT clae_person_id, CASE WHEN bool_and(clae_cla_episode_ceased_date <= getvariable('ye'))
                                                     THEN max(clae_cla_episode_ceased_date) ELSE getvariable('ye') END AS upto
                         FROM y_ep GROUP BY clae_person_id) u ON u.clae_person_id = m.moth_person_id
                   GROUP BY m.moth_person_id, u.upto HAVING min(m.moth_childs_dob) <= u.upto) mc
               ON mc.moth_person_id = pers_person_id
        ORDER BY CHILD""",
    "Episodes": f"""
        SELECT clae_person_id AS CHILD, {_d('clae_cla_episode_start_date')} AS DECOM,
               clae_cla_episode_start_reason AS RNE, ls AS LS, clae_cla_primary_need_code AS CIN,
               {{place}} AS PLACE, {{provider}} AS PLACE_PROVIDER,
               {_d("CASE WHEN clae_cla_episode_ceased_date <= getvariable('ye') THEN clae_cla_episode_ceased_date END")} AS DEC,
               CASE WHEN clae_cla_episode_ceased_date <= getvariable('ye') THEN clae_cla_episode_ceased_reason END AS REC,
               CASE WHEN clae_cla_episode_ceased_date <= getvariable('ye') AND clae_cla_episode_ceased_reason = 'X1'
                         AND next_rne IN ('P', 'T', 'B', 'U') THEN clap_cla_placement_change_reason END AS REASON_PLACE_CHANGE,
               CASE WHEN clae_person_id NOT IN (SELECT immi_person_id FROM ssd_immigration_status
                                                WHERE immi_immigration_status IN ('UASC', 'FUASC'))
                    THEN home_post END AS HOME_POST,
               clap_cla_placement_postcode AS PL_POST, -- XXXXXXX: a placement not registered with Ofsted (SSDA903 guide; DfE rule 218)
               CASE WHEN clap_cla_placement_urn IS NULL AND clap_cla_placement_unregistered = 'Y' AND {{urn_x_ok}}
                    THEN 'XXXXXXX' ELSE clap_cla_placement_urn END AS URN
        FROM y_ep ORDER BY CHILD, clae_cla_episode_start_date""",
    "Reviews": f"""
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB, {_d('r.clar_cla_review_date')} AS REVIEW,
               r.clar_cla_review_participation AS REVIEW_CODE
        FROM ssd_cla_reviews r JOIN y_child c ON c.pers_person_id = r.clar_cla_person_id
        WHERE r.clar_cla_review_date BETWEEN getvariable('ys') AND getvariable('ye')
          AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
        ORDER BY CHILD, r.clar_cla_review_date""",
    "UASC": f"""
        SELECT c.pers_person_id AS CHILD, {{csex}} AS SEX,
               {_d('c.pers_dob')} AS DOB,
               {_d("least(coalesce(max(i.immi_immigration_status_end_date), c.pers_dob + INTERVAL 18 YEAR), c.pers_dob + INTERVAL 18 YEAR)::DATE")} AS DUC
        FROM ssd_immigration_status i JOIN y_child c ON c.pers_person_id = i.immi_person_id
        WHERE i.immi_immigration_status = 'UASC' AND i.immi_immigration_status_start_date <= getvariable('ye')
        GROUP BY c.pers_person_id, c.pers_sex, c.pers_dob
        HAVING least(coalesce(max(i.immi_immigration_status_end_date), c.pers_dob + INTERVAL 18 YEAR),
                     c.pers_dob + INTERVAL 18 YEAR) >= getvariable('ys')
        ORDER BY CHILD""",
    "OC2": f"""
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB,
               (SELECT q.csdq_sdq_score FROM ssd_sdq_scores q WHERE q.csdq_person_id = c.pers_person_id
                  AND q.csdq_sdq_completed_date BETWEEN getvariable('ys') AND getvariable('ye')
                ORDER BY q.csdq_sdq_completed_date DESC LIMIT 1) AS SDQ_SCORE,
               (SELECT q.csdq_sdq_reason FROM ssd_sdq_scores q WHERE q.csdq_person_id = c.pers_person_id
                  AND q.csdq_sdq_completed_date BETWEEN getvariable('ys') AND getvariable('ye')
                ORDER BY q.csdq_sdq_completed_date DESC LIMIT 1) AS SDQ_REASON,
               CASE WHEN c.pers_dob + INTERVAL 10 YEAR <= getvariable('ye') THEN
                    {_flag_in_year('ssd_cla_convictions', 'clac_person_id', 'clac_cla_conviction_date')} END AS CONVICTED,
               CASE WHEN c.pers_dob + INTERVAL 5 YEAR > getvariable('ye') THEN
                    {_flag_in_year('ssd_cla_health', 'clah_person_id', 'clah_health_check_date', "clah_health_check_type ILIKE 'health check%'")}
               END AS HEALTH_CHECK,
               coalesce((SELECT CASE i.clai_immunisations_status WHEN 'Y' THEN '1' ELSE '0' END
                         FROM ssd_cla_immunisations i WHERE i.clai_person_id = c.pers_person_id
                           AND i.clai_immunisations_status_date <= getvariable('ye')
                         ORDER BY i.clai_immunisations_status_date DESC LIMIT 1), '0') AS IMMUNISATIONS,
               {_flag_in_year('ssd_cla_health', 'clah_person_id', 'clah_health_check_date', "clah_health_check_type ILIKE 'dental%'")} AS TEETH_CHECK,
               {_flag_in_year('ssd_cla_health', 'clah_person_id', 'clah_health_check_date', "clah_health_check_type ILIKE 'health assessment%'")} AS HEALTH_ASSESSMENT,
               {_flag_in_year('ssd_cla_substance_misuse', 'clas_person_id', 'clas_substance_misuse_date')} AS SUBSTANCE_MISUSE,
               CASE WHEN {_flag_in_year('ssd_cla_substance_misuse', 'clas_person_id', 'clas_substance_misuse_date')} = '1' THEN
                    {_flag_in_year('ssd_cla_substance_misuse', 'clas_person_id', 'clas_substance_misuse_date', "clas_intervention_received = 'Y'")}
               END AS INTERVENTION_RECEIVED,
               CASE WHEN {_flag_in_year('ssd_cla_substance_misuse', 'clas_person_id', 'clas_substance_misuse_date')} = '1'
                     AND {_flag_in_year('ssd_cla_substance_misuse', 'clas_person_id', 'clas_substance_misuse_date', "clas_intervention_received = 'Y'")} = '0' THEN
                    {_flag_in_year('ssd_cla_substance_misuse', 'clas_person_id', 'clas_substance_misuse_date', "clas_intervention_offered = 'Y'")}
               END AS INTERVENTION_OFFERED
        FROM y_child c
        WHERE c.pers_person_id IN (
            SELECT clae_person_id FROM y_ep GROUP BY clae_person_id
            HAVING min(clae_entered_care_date) <= getvariable('ye') - INTERVAL 1 YEAR + INTERVAL 1 DAY
               AND bool_and(clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > getvariable('ye')
                            OR clae_cla_episode_ceased_reason = 'X1'))
        ORDER BY CHILD""",
    "OC3": f"""
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB, l.clea_care_leaver_in_touch AS IN_TOUCH,
               CASE WHEN l.clea_care_leaver_in_touch IN ('NO', 'DIED', 'REFU', 'NREQ', 'RHOM')
                    THEN coalesce(l.clea_care_leaver_activity, '0') ELSE l.clea_care_leaver_activity END AS ACTIV,
               CASE WHEN l.clea_care_leaver_accommodation = '0'
                         OR (l.clea_care_leaver_accommodation IS NULL
                             AND l.clea_care_leaver_in_touch IN ('NO', 'DIED', 'REFU', 'NREQ', 'RHOM')) THEN '0'
                    ELSE l.clea_care_leaver_accommodation || coalesce(l.clea_care_leaver_accom_suitable, '') END AS ACCOM
        FROM y_leaver l JOIN y_child c ON c.pers_person_id = l.clea_person_id
        ORDER BY CHILD""",
    "AD1": f"""
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB, {_d('pm.perm_adm_decision_date')} AS DATE_INT,
               {_d('pm.perm_matched_date')} AS DATE_MATCH,
               CASE pm.perm_adopted_by_carer_flag WHEN 'Y' THEN '1' WHEN 'N' THEN '0' END AS FOSTER_CARE,
               pm.perm_number_of_adopters AS NB_ADOPTR, adopter_sex(pm.perm_adopter_sex) AS SEX_ADOPTR,
               adopter_ls(pm.perm_adopter_legal_status, adopter_sex(pm.perm_adopter_sex)) AS LS_ADOPTR
        FROM ssd_permanence pm JOIN y_child c ON c.pers_person_id = pm.perm_person_id
        WHERE EXISTS (SELECT 1 FROM y_ep e WHERE e.clae_person_id = c.pers_person_id
                      AND e.clae_cla_episode_ceased_reason IN ('E11', 'E12')
                      AND e.clae_cla_episode_ceased_date BETWEEN getvariable('ys') AND getvariable('ye'))
        ORDER BY CHILD""",
    "PlacedAdoption": f"""
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB, {_d('pm.perm_adm_decision_date')} AS DATE_PLACED,
               {_d("CASE WHEN pm.perm_decision_reversed_date <= getvariable('ye') THEN pm.perm_decision_reversed_date END")} AS DATE_PLACED_CEASED,
               CASE WHEN pm.perm_decision_reversed_date <= getvariable('ye') THEN pm.perm_decision_reversed_reason END AS REASON_PLACED_CEASED
        FROM ssd_permanence pm JOIN y_child c ON c.pers_person_id = pm.perm_person_id
        WHERE pm.perm_adm_decision_date <= getvariable('ye')
          AND (pm.perm_decision_reversed_date IS NULL OR pm.perm_decision_reversed_date >= getvariable('ys'))
        ORDER BY CHILD""",
    "PrevPerm": f"""
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB, 'Z1' AS PREV_PERM, NULL AS LA_PERM, NULL AS DATE_PERM
        FROM y_child c
        WHERE EXISTS (SELECT 1 FROM y_ep e WHERE e.clae_person_id = c.pers_person_id AND e.clae_cla_episode_start_reason = 'S'
                      AND e.clae_cla_episode_start_date BETWEEN getvariable('ys') AND getvariable('ye'))
        ORDER BY CHILD""",
    "Missing": f"""
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB, m.miss_missing_episode_type AS MISSING,
               {_d('m.miss_missing_episode_start_date')} AS MIS_START,
               {_d("CASE WHEN m.miss_missing_episode_end_date <= getvariable('ye') THEN m.miss_missing_episode_end_date END")} AS MIS_END
        FROM ssd_missing m JOIN y_child c ON c.pers_person_id = m.miss_person_id
        WHERE m.miss_missing_episode_start_date BETWEEN getvariable('ys') AND getvariable('ye')
        ORDER BY CHILD, m.miss_missing_episode_start_date""",
    "SocialWorker": f"""
        WITH periods AS (
            SELECT clae_person_id AS pid, clae_cla_id, min(clae_cla_episode_start_date) AS p_start,
                   CASE WHEN bool_and(clae_cla_episode_ceased_date IS NOT NULL) THEN max(clae_cla_episode_ceased_date) END AS p_end
            FROM ssd_cla_episodes WHERE clae_person_id IN (SELECT pers_person_id FROM y_child)
            GROUP BY ALL
            HAVING min(clae_cla_episode_start_date) <= getvariable('ye')
               AND (p_end IS NULL OR p_end >= getvariable('ys'))
        ), sw AS (
            SELECT i.*, lag(i.invo_worker_change_reason) OVER (PARTITION BY i.invo_person_id
                        ORDER BY i.invo_involvement_start_date, i.invo_involvements_id) AS previous_reason
            FROM ssd_involvements i WHERE i.invo_professional_role_id = 'SW'
        ), clipped AS (
            SELECT sw.invo_person_id AS pid, sw.invo_involvements_id, sw.invo_professional_id, sw.previous_reason,
                   p.clae_cla_id, p.p_start, p.p_end, greatest(sw.invo_involvement_start_date, p.p_start) AS s
            FROM sw JOIN periods p ON p.pid = sw.invo_person_id
            -- a worker who takes the case on after the year still opens the period (DfE rule SW12)
            WHERE (p.p_end IS NULL OR sw.invo_involvement_start_date < p.p_end)
              AND (sw.invo_involvement_end_date IS NULL OR sw.invo_involvement_end_date > p.p_start)
        ), runs AS (
            -- A run shorter than MIN_SW_DAYS (a handover a day before care ended, say) is folded into
            -- the runs around it: rule SW09STG2 rejects social worker episodes under three days.
            SELECT * FROM (
                SELECT *, coalesce(lead(s) OVER w, p_end) - CASE WHEN row_number() OVER w = 1 THEN p_start ELSE s END AS days,
                       count(*) OVER (PARTITION BY pid, clae_cla_id) AS n
                FROM clipped WINDOW w AS (PARTITION BY pid, clae_cla_id ORDER BY s, invo_involvements_id))
            WHERE n = 1 OR days IS NULL OR days >= {{min_sw_days}}
        ), chained AS (
            -- One unbroken run of workers per period of care (DfE rules SW10, SW12): the first from the
            -- day care began, each until the next takes over, the last until care ended. A wait for
            -- allocation is reported as the previous worker's (the return has no code for it).
            SELECT *, CASE WHEN row_number() OVER w = 1 THEN p_start ELSE s END AS s2,
                   coalesce(lead(s) OVER w, p_end) AS e2, lead(s) OVER w IS NULL AS is_last
            FROM runs
            WINDOW w AS (PARTITION BY pid, clae_cla_id ORDER BY s, invo_involvements_id)
        ), reported AS (
            SELECT *, row_number() OVER (PARTITION BY pid ORDER BY s2 DESC, invo_involvements_id DESC) = 1 AS childs_last,
                   -- a worker for a new period of care, more than 7 days after the last one ended, is a first
                   -- contact (FCONTA): any other change must follow within 7 days (rules SW10, SW10a)
                   lag(e2) OVER (PARTITION BY pid ORDER BY s2, invo_involvements_id) < s2 - 7 AS after_gap
            FROM chained
            WHERE (e2 IS NULL OR e2 > s2 OR is_last) AND s2 <= getvariable('ye') AND (e2 IS NULL OR e2 >= getvariable('ys'))
        )
        SELECT c.pers_person_id AS CHILD, {_d('c.pers_dob')} AS DOB,
               coalesce(w.prof_social_worker_registration_no, ch.invo_professional_id) AS SW_ID,
               {_d('ch.s2')} AS SW_DECOM,
               -- from 2025-26 the child's latest episode is open at 31 March (rule SW17STG2)
               {_d("CASE WHEN ch.e2 <= getvariable('ye') AND NOT (ch.childs_last AND {last_open}) THEN ch.e2 END")} AS SW_DEC,
               CASE WHEN ch.after_gap THEN 'FCONTA' ELSE sw_reason(ch.previous_reason) END AS SW_REASON
        FROM reported ch
        JOIN y_child c ON c.pers_person_id = ch.pid
        LEFT JOIN ssd_professionals w ON w.prof_professional_id = ch.invo_professional_id
        ORDER BY CHILD, ch.s2""",
}


def _sql_list(codes) -> str:
    return ", ".join(repr(c) for c in codes)


UNREGISTERED_AS_OTHER = (f"clap_cla_placement_urn IS NULL AND clap_cla_placement_unregistered = 'Y' "
                         f"AND clap_cla_placement_type IN ({_sql_list(UNREGISTERED_PLACE)})")


def _replacements(year: int) -> dict[str, str]:
    """The year's codes and layout, put into the queries (formats/return_years.py declares them)."""
    place = code_sql("ssda903", "PLACE", year, "clap_cla_placement_type")
    if applies("unregistered_as_other", year):
        whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in UNREGISTERED_PLACE.items())
        place = f"CASE WHEN {UNREGISTERED_AS_OTHER} THEN CASE clap_cla_placement_type {whens} END ELSE {place} END"
    urn_x_ok = (f"({place}) IN ({_sql_list(URN_X_PLACEMENTS)})"
                if applies("urn_x_adoption_fostering_only", year) else "TRUE")
    provider = (f"CASE WHEN ({place}) IN ({_sql_list(NO_PROVIDER_PLACEMENTS)}) THEN NULL "
                "ELSE clap_cla_placement_provider END")
    return {"{sex}": _sex(year, "pers_sex"), "{csex}": _sex(year, "c.pers_sex"), "{place}": place,
            "{provider}": provider, "{urn_x_ok}": urn_x_ok, "{min_sw_days}": str(MIN_SW_DAYS),
            "{last_open}": "TRUE" if applies("last_sw_episode_open", year) else "FALSE"}


def _notes(cur: duckdb.DuckDBPyConnection, year: int, subs: dict[str, str]) -> list[ExportNote]:
    """Records the year's rules would not let the export write as held: mapped or left blank, reported."""
    label = f"{year - 1}-{str(year)[2:]}"
    notes = []
    for span in not_valid("ssda903", "PLACE", year):
        retired = code_sql("ssda903", "PLACE", year, "clap_cla_placement_type")
        mapped = cur.execute(f"SELECT DISTINCT {retired} FROM (SELECT '{span.code}' AS clap_cla_placement_type)").fetchone()[0]
        what = f"written as {mapped}" if mapped else "left blank: record the placement again with a code valid that year"
        for (child,) in cur.execute("SELECT DISTINCT clae_person_id::VARCHAR FROM y_ep WHERE clap_cla_placement_type = ? "
                                    "ORDER BY 1", [span.code]).fetchall():
            notes.append(ExportNote(child, "146", f"placement type {span.code} is not valid in {label}; {what}", bool(mapped)))
    other = applies("unregistered_as_other", year)
    if other:
        rows = cur.execute(f"""SELECT DISTINCT clae_person_id::VARCHAR, clap_cla_placement_type FROM y_ep
                               WHERE {UNREGISTERED_AS_OTHER} ORDER BY 1""").fetchall()
        notes += [ExportNote(child, "242", f"a placement ({kind}) not registered with Ofsted: written as "
                                           f"{UNREGISTERED_PLACE[kind]}, an 'other placement', with no URN or provider",
                             mapped=True) for child, kind in rows]
    if applies("urn_x_adoption_fostering_only", year):
        rows = cur.execute(f"""SELECT DISTINCT clae_person_id::VARCHAR FROM y_ep
                               WHERE clap_cla_placement_urn IS NULL AND clap_cla_placement_unregistered = 'Y'
                                 AND NOT ({UNREGISTERED_AS_OTHER if other else 'FALSE'})
                                 AND NOT coalesce({subs['{urn_x_ok}']}, FALSE) ORDER BY 1""").fetchall()
        notes += [ExportNote(child, "242", "a placement not registered with Ofsted: URN XXXXXXX is only for placements "
                                           "A3-A6 and U1-U6 from 2025-26, so URN is left blank") for (child,) in rows]
    return notes


def write_ssda903(con: duckdb.DuckDBPyConnection, year: int, out: Path) -> Ssda903Summary:
    """Write the eleven 903 CSV files for the year ending 31 March `year` into folder `out`, with that
    year's codes and layout (formats/return_years.py); what could not be written as held is in `notes`."""
    check_year(year)
    out.mkdir(parents=True, exist_ok=True)
    cur = con.cursor()
    _views(cur, year)
    subs = _replacements(year)
    summary = Ssda903Summary(folder=out, children=cur.execute("SELECT count(*) FROM y_child").fetchone()[0])
    summary.notes = _notes(cur, year, subs)
    for name, sql in QUERIES.items():
        cols = ", ".join(COLUMNS[name])
        path = out / FILE_NAMES[name]
        for key, value in subs.items():
            sql = sql.replace(key, value)
        rel = f"SELECT {cols} FROM ({sql})"
        cur.execute(f"COPY ({rel}) TO '{str(path).replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')")
        summary.rows[name] = cur.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    cur.close()
    return summary
