"""CIN census XML (DfE, collections 2023/24 to 2025/26) into an SSD folder.

The streaming parse (cin_xml_parse) yields one column list per DfE field; DuckDB then checks the
values and maps them to the SSD tables set-wise. Several years' census files for one authority are
stitched into one history: a child's latest return wins for the child's details, and a CIN
episode (child + referral date) is taken from the latest return that holds it, with everything
nested in it. Identifiers are built from the child and dates so that the same episode gets the same
identifier in every year's file.

Mapping (DfE field -> SSD column) is in docs/formats.md; fields with no SSD home are reported.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np

from lineofsight.formats.cin_xml_parse import FIELDS, MAX_BYTES, Columns, new_tables, parse_cin_xml
from lineofsight.formats.errors import FormatError
from lineofsight.formats.report import ConversionReport
from lineofsight.formats.ssd_out import copy_query

# Fields that are dates (xs:date, YYYY-MM-DD) and fields without which a record means nothing.
DATE_FIELDS = {
    "Header": ("ReferenceDate",),
    "Child": ("PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate"),
    "CINdetails": ("CINreferralDate", "CINclosureDate", "DateOfInitialCPC"),
    "Assessments": ("AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"),
    "CINPlanDates": ("CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC"),
    "ChildProtectionPlans": ("CPPstartDate", "CPPendDate"),
    "Reviews": ("CPPreviewDate",),
}
REQUIRED = {
    "Child": ("LAchildID",),
    "CINdetails": ("CINreferralDate",),
    "Assessments": ("AssessmentActualStartDate",),
    "CINPlanDates": ("CINPlanStartDate",),
    "Section47": ("S47ActualStartDate",),
    "ChildProtectionPlans": ("CPPstartDate",),
}
BOOLEANS = {"CINdetails": ("ReferralNFA",), "Section47": ("ICPCnotRequired",)}
# Where each DfE record sits, for error messages.
PATHS = {
    "Header": "Message/Header", "Child": "Message/Children/Child",
    "Disabilities": "Message/Children/Child/ChildCharacteristics/Disabilities",
    "CINdetails": "Child/CINdetails", "Assessments": "CINdetails/Assessments",
    "CINPlanDates": "CINdetails/CINPlanDates", "Section47": "CINdetails/Section47",
    "ChildProtectionPlans": "CINdetails/ChildProtectionPlans", "Reviews": "ChildProtectionPlans/Reviews",
}
# DfE fields read but with no place in the SSD (reported as not mapped when present).
NOT_MAPPED = {
    "Header": ("SourceLevel", "SoftwareCode", "Release", "SerialNo", "DateTime"),
    "Child": ("FormerUPN",),
    "Assessments": ("AssessmentInternalReviewDate",),
    "ChildProtectionPlans": ("NumberOfPreviousCPP",),
}


def _bool(col: str) -> str:
    return (f"CASE WHEN lower({col}) IN ('true', '1') THEN 'Y' "
            f"WHEN lower({col}) IN ('false', '0') THEN 'N' END")


def _sex(col: str) -> str:
    return (f"CASE WHEN upper({col}) IN ('M', '1') THEN 'M' WHEN upper({col}) IN ('F', '2') THEN 'F' "
            f"WHEN upper({col}) IN ('U', '0', '9') THEN 'U' ELSE {col} END")


def _register(con: duckdb.DuckDBPyConnection, paths: list[Path], tables: dict[str, Columns]) -> None:
    for name, cols in tables.items():
        arrays = {k: np.array(v, dtype=object) for k, v in cols.data.items()}
        con.register(f"_in_{name}", arrays)
        casts = ", ".join(
            f"CAST({k} AS BIGINT) AS {k}" if k in ("_no", "_parent", "_file", "_line") else f"CAST({k} AS VARCHAR) AS {k}"
            for k in cols.data
        )
        con.execute(f"CREATE TEMP TABLE raw_{name} AS SELECT {casts} FROM _in_{name}")
        con.unregister(f"_in_{name}")


def _check(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> None:
    """Every date a date, every required field present, every flag true/false: else say where."""
    problems: list[tuple[int, int, str, str, str]] = []
    for name, fields in DATE_FIELDS.items():
        for f in fields:
            for file_no, line, value in con.execute(
                f"SELECT _file, _line, {f} FROM raw_{name} WHERE {f} IS NOT NULL "
                f"AND try_strptime({f}, '%Y-%m-%d') IS NULL ORDER BY _file, _line LIMIT 3"
            ).fetchall():
                problems.append((file_no, line, f"{PATHS[name]}/{f}", f, f"expected a date as YYYY-MM-DD, found {value!r}"))
    for name, fields in REQUIRED.items():
        for f in fields:
            for file_no, line in con.execute(
                f"SELECT _file, _line FROM raw_{name} WHERE {f} IS NULL ORDER BY _file, _line LIMIT 3"
            ).fetchall():
                problems.append((file_no, line, f"{PATHS[name]}", f, f"required <{f}> is missing"))
    for name, fields in BOOLEANS.items():
        for f in fields:
            for file_no, line, value in con.execute(
                f"SELECT _file, _line, {f} FROM raw_{name} WHERE {f} IS NOT NULL "
                f"AND lower({f}) NOT IN ('true', 'false', '1', '0') ORDER BY _file, _line LIMIT 3"
            ).fetchall():
                problems.append((file_no, line, f"{PATHS[name]}/{f}", f, f"expected true, false, 1 or 0, found {value!r}"))
    for file_no, line, value in con.execute(
        "SELECT _file, _line, Collection FROM raw_Header WHERE upper(Collection) NOT IN ('CIN') ORDER BY _file"
    ).fetchall():
        problems.append((file_no, line, "Message/Header/CollectionDetails/Collection", "Collection",
                         f"expected CIN, found {value!r}: this is not a children in need census"))
    if problems:
        problems.sort()
        file_no, line, where, column, message = problems[0]
        more = f" ({len(problems) - 1} more problem(s) after this one)" if len(problems) > 1 else ""
        raise FormatError(paths[file_no], message + more, where=where, line=line, column=column)


def read_cin_census(paths: list[Path], out_dir: Path, report: ConversionReport,
                    *, max_bytes: int = MAX_BYTES) -> dict:
    """Convert CIN census files into SSD tables in out_dir; return the LA code and collection years found."""
    tables = new_tables()
    counters: dict[str, int] = {}
    for file_no, path in enumerate(paths):
        report.note_unmapped("CIN census XML", sorted(parse_cin_xml(path, tables, file_no, counters, max_bytes=max_bytes)))
        if not any(f == file_no for f in tables["Header"].data["_file"]):
            raise FormatError(path, "no <Header> element: not a CIN census file", where="Message")
    for name, cols in tables.items():
        report.read[f"CIN {name}"] = len(cols)
        present = [f for f in NOT_MAPPED.get(name, ()) if any(v is not None for v in cols.data[f])]
        report.note_unmapped("CIN census XML", present)

    con = duckdb.connect()
    try:
        _register(con, paths, tables)
        _check(con, paths)
        return _map(con, out_dir, report)
    finally:
        con.close()


def _map(con: duckdb.DuckDBPyConnection, out_dir: Path, report: ConversionReport) -> dict:
    con.execute("""
        CREATE TEMP TABLE files AS
        SELECT _file, CAST(ReferenceDate AS DATE) AS ref, LEA FROM raw_Header
    """)
    con.execute("""
        CREATE TEMP TABLE ch AS
        SELECT c.*, c.LAchildID AS pid, f.ref FROM raw_Child c LEFT JOIN files f USING (_file)
    """)
    con.execute("""
        CREATE TEMP TABLE person AS
        SELECT * FROM ch
        QUALIFY row_number() OVER (PARTITION BY pid ORDER BY ref DESC NULLS LAST, _file DESC, _no DESC) = 1
    """)
    con.execute("""
        CREATE TEMP TABLE cin_all AS
        WITH e AS (
            SELECT d.*, c.pid, c.ref,
                   row_number() OVER (PARTITION BY d._file, c.pid, d.CINreferralDate ORDER BY d._no) AS k
            FROM raw_CINdetails d JOIN ch c ON d._parent = c._no
        )
        SELECT *, pid || '-' || CINreferralDate || CASE WHEN k > 1 THEN '-' || k ELSE '' END AS rid FROM e
    """)
    con.execute("""
        CREATE TEMP TABLE cin AS
        SELECT * FROM cin_all
        QUALIFY row_number() OVER (PARTITION BY rid ORDER BY ref DESC NULLS LAST, _file DESC) = 1
    """)
    # Nested records are stitched by their own dates: a plan that ended before a later year's return
    # is only in the earlier return, yet belongs to the same episode.
    for name, letter, key in (("Assessments", "A", "AssessmentActualStartDate"), ("CINPlanDates", "P", "CINPlanStartDate"),
                              ("Section47", "S", "S47ActualStartDate"), ("ChildProtectionPlans", "CPP", "CPPstartDate")):
        con.execute(f"""
            CREATE TEMP TABLE all_{name} AS
            SELECT r.*, c.pid, c.rid, c.ref,
                   c.rid || '-{letter}' || replace({key}, '-', '') || CASE WHEN row_number() OVER (
                       PARTITION BY r._file, c.rid, {key} ORDER BY r._no) > 1
                       THEN '-' || row_number() OVER (PARTITION BY r._file, c.rid, {key} ORDER BY r._no) ELSE '' END AS xid
            FROM raw_{name} r JOIN cin_all c ON r._parent = c._no
        """)
        con.execute(f"""
            CREATE TEMP TABLE n_{name} AS
            SELECT * FROM all_{name}
            QUALIFY row_number() OVER (PARTITION BY xid ORDER BY ref DESC NULLS LAST, _file DESC) = 1
        """)
    con.execute("""
        CREATE TEMP TABLE icpc AS
        SELECT s.xid || '-C' AS icpc_id, s.xid AS s47_id, s.pid, s.rid, s.InitialCPCtarget AS target,
               s.DateOfInitialCPC AS icpc_date
        FROM n_Section47 s WHERE s.DateOfInitialCPC IS NOT NULL
        UNION ALL
        SELECT DISTINCT c.rid || '-C' || replace(c.DateOfInitialCPC, '-', ''), NULL, c.pid, c.rid, NULL, c.DateOfInitialCPC
        FROM cin_all c
        WHERE c.DateOfInitialCPC IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM n_Section47 s WHERE s.rid = c.rid AND s.DateOfInitialCPC = c.DateOfInitialCPC)
    """)
    con.execute("""
        CREATE TEMP TABLE icpc_plan AS
        SELECT i.*, (SELECT min(p.xid) FROM n_ChildProtectionPlans p
                     WHERE p.rid = i.rid AND p.CPPstartDate = i.icpc_date) AS plan_id
        FROM icpc i
    """)

    copy_query(con, out_dir, "ssd_person", {
        "pers_legacy_id": "pid", "pers_person_id": "pid", "pers_sex": _sex("coalesce(Sex, GenderCurrent)"),
        "pers_gender": "GenderCurrent", "pers_ethnicity": "upper(Ethnicity)", "pers_dob": "PersonBirthDate",
        "pers_upn": "UPN", "pers_upn_unknown": "UPNunknown",
        "pers_expected_dob": "ExpectedPersonBirthDate", "pers_death_date": "PersonDeathDate",
    }, "person ORDER BY pid", report)
    copy_query(con, out_dir, "ssd_disability", {
        "disa_table_id": "p.pid || '-D' || row_number() OVER (PARTITION BY p.pid ORDER BY d._no)",
        "disa_person_id": "p.pid", "disa_disability_code": "upper(d.Disability)",
    }, "raw_Disabilities d JOIN person p ON d._parent = p._no", report)
    copy_query(con, out_dir, "ssd_cin_episodes", {
        "cine_referral_id": "rid", "cine_person_id": "pid", "cine_referral_date": "CINreferralDate",
        "cine_cin_primary_need_code": "upper(PrimaryNeedCode)", "cine_referral_source_code": "upper(ReferralSource)",
        "cine_referral_nfa": _bool("ReferralNFA"), "cine_close_reason": "upper(ReasonForClosure)",
        "cine_close_date": "CINclosureDate",
    }, "cin ORDER BY pid, CINreferralDate", report)
    copy_query(con, out_dir, "ssd_cin_assessments", {
        "cina_assessment_id": "xid", "cina_person_id": "pid", "cina_referral_id": "rid",
        "cina_assessment_start_date": "AssessmentActualStartDate",
        "cina_assessment_auth_date": "AssessmentAuthorisationDate",
    }, "n_Assessments ORDER BY xid", report)
    copy_query(con, out_dir, "ssd_assessment_factors", {
        "cinf_table_id": "xid || '-F'", "cinf_assessment_id": "xid",
        "cinf_assessment_factors_json": "upper(AssessmentFactors)",
    }, "n_Assessments WHERE AssessmentFactors IS NOT NULL ORDER BY xid", report)
    copy_query(con, out_dir, "ssd_cin_plans", {
        "cinp_cin_plan_id": "xid", "cinp_referral_id": "rid", "cinp_person_id": "pid",
        "cinp_cin_plan_start_date": "CINPlanStartDate", "cinp_cin_plan_end_date": "CINPlanEndDate",
    }, "n_CINPlanDates ORDER BY xid", report)
    copy_query(con, out_dir, "ssd_s47_enquiry", {
        "s47e_s47_enquiry_id": "xid", "s47e_referral_id": "rid", "s47e_person_id": "pid",
        "s47e_s47_start_date": "S47ActualStartDate", "s47e_s47_nfa": _bool("ICPCnotRequired"),
    }, "n_Section47 ORDER BY xid", report)
    copy_query(con, out_dir, "ssd_initial_cp_conference", {
        "icpc_icpc_id": "icpc_id", "icpc_s47_enquiry_id": "s47_id", "icpc_person_id": "pid",
        "icpc_cp_plan_id": "plan_id", "icpc_referral_id": "rid", "icpc_icpc_target_date": "target",
        "icpc_icpc_date": "icpc_date", "icpc_icpc_outcome_cp_flag": "CASE WHEN plan_id IS NULL THEN 'N' ELSE 'Y' END",
    }, "icpc_plan ORDER BY icpc_id", report)
    copy_query(con, out_dir, "ssd_cp_plans", {
        "cppl_cp_plan_id": "p.xid", "cppl_referral_id": "p.rid",
        "cppl_icpc_id": "(SELECT min(i.icpc_id) FROM icpc_plan i WHERE i.plan_id = p.xid)",
        "cppl_person_id": "p.pid", "cppl_cp_plan_start_date": "p.CPPstartDate", "cppl_cp_plan_end_date": "p.CPPendDate",
        "cppl_cp_plan_initial_category": "upper(p.InitialCategoryOfAbuse)",
        "cppl_cp_plan_latest_category": "upper(p.LatestCategoryOfAbuse)",
    }, "n_ChildProtectionPlans p ORDER BY p.xid", report)
    copy_query(con, out_dir, "ssd_cp_reviews", {
        "cppr_cp_review_id": "xid || '-R' || replace(CPPreviewDate, '-', '')",
        "cppr_person_id": "pid", "cppr_cp_plan_id": "xid", "cppr_cp_review_date": "CPPreviewDate",
    }, "(SELECT DISTINCT p.xid, p.pid, r.CPPreviewDate FROM raw_Reviews r JOIN all_ChildProtectionPlans p "
       "ON r._parent = p._no WHERE r.CPPreviewDate IS NOT NULL) ORDER BY xid, CPPreviewDate", report)

    leas = [r[0] for r in con.execute("SELECT DISTINCT LEA FROM files WHERE LEA IS NOT NULL ORDER BY 1").fetchall()]
    if len(leas) > 1:
        report.warnings.append(f"files come from more than one LA code ({', '.join(leas)}); using {leas[-1]}")
    years = [r[0] for r in con.execute("SELECT DISTINCT year(ref) FROM files WHERE ref IS NOT NULL ORDER BY 1").fetchall()]
    dup = con.execute("SELECT count(*) - (SELECT count(*) FROM cin) FROM cin_all").fetchone()[0]
    if dup:
        report.warnings.append(f"{dup} CIN episode(s) appeared in more than one year's return; the latest return's version was kept")
    return {"la_code": leas[-1] if leas else None, "years": years}


__all__ = ["FIELDS", "read_cin_census"]
