"""The CIN census return (DfE XML) for a collection year, built from a snapshot in SQL.

Every element is made in DuckDB (string aggregation per plan, episode and child) so a large
authority's return is written in seconds, not by a Python loop per child. What goes in follows the
DfE CIN census guide: every child with a CIN episode open at any point from 1 April to 31 March;
in each episode the assessments, CIN plans, section 47 enquiries and child protection plans open
in the year; dates after 31 March are left out (the census sees the world as at 31 March).
From the 2024/25 collection the child's <Sex> (M, F, U) replaced <GenderCurrent> (1, 2, 0/9).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import duckdb

from lineofsight.formats.errors import FormatError

SEX_FROM_COLLECTION = 2025  # the 2024/25 census (year ending March 2025) first asked for <Sex>
LACHILDID = re.compile(r"^[A-Za-z0-9]{1,20}$")

MACROS = """
CREATE OR REPLACE TEMP MACRO xesc(v) AS
    replace(replace(replace(replace(CAST(v AS VARCHAR), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;');
CREATE OR REPLACE TEMP MACRO el(tag, v) AS
    CASE WHEN v IS NULL OR CAST(v AS VARCHAR) = '' THEN '' ELSE '<' || tag || '>' || xesc(v) || '</' || tag || '>' END;
CREATE OR REPLACE TEMP MACRO in_year(d) AS CASE WHEN d <= getvariable('ye') THEN d END;
CREATE OR REPLACE TEMP MACRO yn(v) AS CASE WHEN v = 'Y' THEN 'true' ELSE 'false' END;
CREATE OR REPLACE TEMP MACRO factor_codes(v) AS regexp_extract_all(upper(v), '[0-9]{1,2}[A-Z]?');
"""
# factor_codes: CIN census factor codes (1A ... 24A, 21) from whatever list form the extract holds them in:
# ours ("3A,4B"), D2I's SystemC JSON array ('["3A", "4B"]'), or one code per row as the census reader writes.


@dataclass
class ExportSummary:
    path: Path
    children: int
    rows: dict[str, int]


def collection_period(year: int) -> tuple[dt.date, dt.date]:
    """The census year ending 31 March `year`: 1 April year-1 to 31 March year."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def lea_code(la_code: str, lea: str | None) -> str:
    """The three-digit LA number the census header needs: given, or the authority's code if it is one."""
    if lea:
        return lea
    if re.fullmatch(r"\d{3}", la_code or ""):
        return la_code
    raise FormatError("authority.toml", f"la_code {la_code!r} is not a three-digit DfE LA number: give --lea NNN",
                      column="la_code")


def _child_ids(con: duckdb.DuckDBPyConnection) -> int:
    """LAchildID must be 1-20 letters and digits: keep ids that are, map others to a stable stand-in."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE cin_ids AS
        SELECT pers_person_id AS pid,
               CASE WHEN regexp_full_match(pers_person_id, '[A-Za-z0-9]{1,20}') THEN pers_person_id
                    ELSE 'LOS' || upper(substr(md5(pers_person_id), 1, 16)) END AS lac
        FROM ssd_person
    """)
    return con.execute("SELECT count(*) FROM cin_ids WHERE lac <> pid").fetchone()[0]


def _build(con: duckdb.DuckDBPyConnection, year: int) -> None:
    ys, ye = collection_period(year)
    con.execute("SET VARIABLE ys = ?::DATE", [ys])
    con.execute("SET VARIABLE ye = ?::DATE", [ye])
    for stmt in MACROS.strip().split(";\n"):
        if stmt.strip():
            con.execute(stmt)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_ep AS
        SELECT e.*, row_number() OVER (PARTITION BY cine_person_id ORDER BY cine_referral_date, cine_referral_id) AS ep_no
        FROM ssd_cin_episodes e
        WHERE cine_referral_date <= getvariable('ye')
          AND (cine_close_date IS NULL OR cine_close_date >= getvariable('ys'))
    """)
    # Assessments open in the year.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_ass AS
        SELECT a.cina_referral_id AS rid,
               string_agg('<Assessments>' || el('AssessmentActualStartDate', a.cina_assessment_start_date)
                   || el('AssessmentAuthorisationDate', in_year(a.cina_assessment_auth_date))
                   || CASE WHEN in_year(a.cina_assessment_auth_date) IS NULL THEN ''
                           ELSE '<FactorsIdentifiedAtAssessment>' || coalesce((
                                SELECT string_agg(el('AssessmentFactors', trim(f.code)), '' ORDER BY f.code)
                                FROM (SELECT DISTINCT unnest(factor_codes(ff.cinf_assessment_factors_json)) AS code
                                      FROM ssd_assessment_factors ff
                                      WHERE ff.cinf_assessment_id = a.cina_assessment_id) f
                                WHERE trim(f.code) <> ''), '') || '</FactorsIdentifiedAtAssessment>' END
                   || '</Assessments>', '' ORDER BY a.cina_assessment_start_date, a.cina_assessment_id) AS xml,
               count(*) AS n
        FROM ssd_cin_assessments a
        WHERE a.cina_referral_id IN (SELECT cine_referral_id FROM x_ep)
          AND a.cina_assessment_start_date <= getvariable('ye')
          AND (a.cina_assessment_auth_date IS NULL OR a.cina_assessment_auth_date >= getvariable('ys'))
        GROUP BY a.cina_referral_id
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_plan AS
        SELECT cinp_referral_id AS rid,
               string_agg('<CINPlanDates>' || el('CINPlanStartDate', cinp_cin_plan_start_date)
                   || el('CINPlanEndDate', in_year(cinp_cin_plan_end_date)) || '</CINPlanDates>',
                   '' ORDER BY cinp_cin_plan_start_date, cinp_cin_plan_id) AS xml,
               count(*) AS n
        FROM ssd_cin_plans
        WHERE cinp_referral_id IN (SELECT cine_referral_id FROM x_ep)
          AND cinp_cin_plan_start_date <= getvariable('ye')
          AND (cinp_cin_plan_end_date IS NULL OR cinp_cin_plan_end_date >= getvariable('ys'))
        GROUP BY cinp_referral_id
    """)
    # Section 47 enquiries in the year, each with the conference it led to (if any).
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_s47rows AS
        SELECT s.*, c.icpc_icpc_date AS icpc_date, c.icpc_icpc_target_date AS icpc_target
        FROM ssd_s47_enquiry s
        LEFT JOIN (
            SELECT * FROM ssd_initial_cp_conference
            QUALIFY row_number() OVER (PARTITION BY icpc_s47_enquiry_id ORDER BY icpc_icpc_date, icpc_icpc_id) = 1
        ) c ON c.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
        WHERE s.s47e_referral_id IN (SELECT cine_referral_id FROM x_ep)
          AND s.s47e_s47_start_date <= getvariable('ye')
          AND (s.s47e_s47_start_date >= getvariable('ys') OR c.icpc_icpc_date >= getvariable('ys')
               OR (c.icpc_icpc_date IS NULL AND (s.s47e_s47_end_date IS NULL OR s.s47e_s47_end_date >= getvariable('ys'))))
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_s47 AS
        SELECT s47e_referral_id AS rid,
               string_agg('<Section47>' || el('S47ActualStartDate', s47e_s47_start_date)
                   || el('InitialCPCtarget', coalesce(icpc_target, (
                        SELECT min(c2.cal_date) FROM ref_calendar c2
                        WHERE c2.wd_index = (SELECT c1.wd_index FROM ref_calendar c1 WHERE c1.cal_date = s47e_s47_start_date) + 15
                          AND c2.is_working_day)))
                   || el('DateOfInitialCPC', in_year(icpc_date))
                   || el('ICPCnotRequired', CASE
                        WHEN in_year(icpc_date) IS NOT NULL THEN 'false'
                        WHEN s47e_s47_nfa = 'Y' OR in_year(s47e_s47_end_date) IS NOT NULL THEN 'true'
                        ELSE 'false' END)
                   || '</Section47>', '' ORDER BY s47e_s47_start_date, s47e_s47_enquiry_id) AS xml,
               count(*) AS n
        FROM x_s47rows
        GROUP BY s47e_referral_id
    """)
    # A conference in the year that no returned section 47 holds goes at CINdetails level; transfer-in
    # conferences included, since the plan they start must match a conference date (DfE rule 2885).
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_epicpc AS
        SELECT icpc_referral_id AS rid, max(icpc_icpc_date) AS icpc_date
        FROM ssd_initial_cp_conference c
        WHERE icpc_referral_id IN (SELECT cine_referral_id FROM x_ep)
          AND icpc_icpc_date BETWEEN getvariable('ys') AND getvariable('ye')
          AND NOT EXISTS (SELECT 1 FROM x_s47rows s WHERE s.s47e_s47_enquiry_id = c.icpc_s47_enquiry_id)
        GROUP BY icpc_referral_id
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_cpp AS
        WITH p AS (
            SELECT p.*, (SELECT count(*) FROM ssd_cp_plans q
                         WHERE q.cppl_person_id = p.cppl_person_id
                           AND (q.cppl_cp_plan_start_date < p.cppl_cp_plan_start_date
                                OR (q.cppl_cp_plan_start_date = p.cppl_cp_plan_start_date
                                    AND q.cppl_cp_plan_id < p.cppl_cp_plan_id))) AS previous
            FROM ssd_cp_plans p
            WHERE p.cppl_referral_id IN (SELECT cine_referral_id FROM x_ep)
              AND p.cppl_cp_plan_start_date <= getvariable('ye')
              AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date >= getvariable('ys'))
        ), r AS (
            SELECT cppr_cp_plan_id, string_agg('<Reviews>' || el('CPPreviewDate', cppr_cp_review_date) || '</Reviews>',
                                               '' ORDER BY cppr_cp_review_date) AS xml
            FROM ssd_cp_reviews
            WHERE cppr_cp_review_date BETWEEN getvariable('ys') AND getvariable('ye')
            GROUP BY cppr_cp_plan_id
        )
        SELECT p.cppl_referral_id AS rid,
               string_agg('<ChildProtectionPlans>' || el('CPPstartDate', p.cppl_cp_plan_start_date)
                   || el('CPPendDate', in_year(p.cppl_cp_plan_end_date))
                   || el('InitialCategoryOfAbuse', p.cppl_cp_plan_initial_category)
                   || el('LatestCategoryOfAbuse', coalesce(p.cppl_cp_plan_latest_category, p.cppl_cp_plan_initial_category))
                   || el('NumberOfPreviousCPP', p.previous)
                   || coalesce(r.xml, '') || '</ChildProtectionPlans>',
                   '' ORDER BY p.cppl_cp_plan_start_date, p.cppl_cp_plan_id) AS xml,
               count(*) AS n
        FROM p LEFT JOIN r ON r.cppr_cp_plan_id = p.cppl_cp_plan_id
        GROUP BY p.cppl_referral_id
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x_cin AS
        SELECT e.cine_person_id AS pid,
               string_agg('<CINdetails>' || el('CINreferralDate', e.cine_referral_date)
                   || el('ReferralSource', e.cine_referral_source_code)
                   || el('PrimaryNeedCode', e.cine_cin_primary_need_code)
                   || el('CINclosureDate', in_year(e.cine_close_date))
                   || el('ReasonForClosure', CASE WHEN in_year(e.cine_close_date) IS NOT NULL THEN e.cine_close_reason END)
                   || el('DateOfInitialCPC', i.icpc_date)
                   || el('ReferralNFA', yn(e.cine_referral_nfa))
                   || coalesce(a.xml, '') || coalesce(pl.xml, '') || coalesce(s.xml, '') || coalesce(c.xml, '')
                   || '</CINdetails>', '' ORDER BY e.ep_no) AS xml
        FROM x_ep e
        LEFT JOIN x_ass a ON a.rid = e.cine_referral_id
        LEFT JOIN x_plan pl ON pl.rid = e.cine_referral_id
        LEFT JOIN x_s47 s ON s.rid = e.cine_referral_id
        LEFT JOIN x_cpp c ON c.rid = e.cine_referral_id
        LEFT JOIN x_epicpc i ON i.rid = e.cine_referral_id
        GROUP BY e.cine_person_id
    """)


def write_cin_census(con: duckdb.DuckDBPyConnection, year: int, out: Path, *, la_code: str,
                     lea: str | None = None) -> ExportSummary:
    """Write the census for the year ending 31 March `year` from the snapshot on `con` to `out`."""
    lea = lea_code(la_code, lea)
    ys, ye = collection_period(year)
    cur = con.cursor()
    _child_ids(cur)
    _build(cur, year)
    sex = (
        "el('Sex', CASE WHEN p.pers_dob IS NULL AND p.pers_expected_dob IS NOT NULL THEN 'U' ELSE coalesce(p.pers_sex, 'U') END)"
        if year >= SEX_FROM_COLLECTION else
        "el('GenderCurrent', CASE WHEN p.pers_dob IS NULL AND p.pers_expected_dob IS NOT NULL THEN '0' "
        "WHEN p.pers_sex = 'M' THEN '1' WHEN p.pers_sex = 'F' THEN '2' ELSE '9' END)"
    )
    child_sql = f"""
        SELECT '<Child><ChildIdentifiers>' || el('LAchildID', ids.lac)
               || el('UPN', p.pers_upn)
               || el('UPNunknown', CASE WHEN p.pers_upn IS NULL THEN p.pers_upn_unknown END)
               || el('PersonBirthDate', p.pers_dob)
               || el('ExpectedPersonBirthDate', CASE WHEN p.pers_dob IS NULL THEN p.pers_expected_dob END)
               || {sex}
               || el('PersonDeathDate', in_year(p.pers_death_date))
               || '</ChildIdentifiers><ChildCharacteristics>' || el('Ethnicity', p.pers_ethnicity)
               || '<Disabilities>' || coalesce((
                    SELECT string_agg(DISTINCT el('Disability', d.disa_disability_code), '' ORDER BY el('Disability', d.disa_disability_code))
                    FROM ssd_disability d WHERE d.disa_person_id = p.pers_person_id
                ), el('Disability', 'NONE')) || '</Disabilities>'
               || '</ChildCharacteristics>' || x.xml || '</Child>' AS xml
        FROM x_cin x
        JOIN ssd_person p ON p.pers_person_id = x.pid
        JOIN cin_ids ids ON ids.pid = x.pid
        ORDER BY ids.lac
    """
    header = (
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Message><Header><CollectionDetails>"
        f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{ye.isoformat()}</ReferenceDate>"
        f"</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>{_esc(lea)}</LEA>"
        f"<SoftwareCode>Line of Sight</SoftwareCode><Release>{_esc(version('lineofsight'))}</Release>"
        f"<SerialNo>1</SerialNo><DateTime>{dt.datetime.now().replace(microsecond=0).isoformat()}</DateTime>"
        "</Source></Header><Children>\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    children = 0
    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        res = cur.execute(child_sql)
        while batch := res.fetchmany(5000):
            fh.write("\n".join(r[0] for r in batch))
            fh.write("\n")
            children += len(batch)
        fh.write("</Children></Message>\n")
    tmp.replace(out)
    rows = {name: cur.execute(f"SELECT coalesce(sum(n), 0) FROM {t}").fetchone()[0]
            for name, t in (("Assessments", "x_ass"), ("CINPlanDates", "x_plan"), ("Section47", "x_s47"),
                            ("ChildProtectionPlans", "x_cpp"))}
    rows["CINdetails"] = cur.execute("SELECT count(*) FROM x_ep").fetchone()[0]
    cur.close()
    return ExportSummary(path=out, children=children, rows={k: int(v) for k, v in rows.items()})


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
