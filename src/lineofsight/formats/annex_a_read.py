"""Ofsted Annex A workbooks into an SSD folder.

Openpyxl reads each sheet in read-only mode (streaming rows, so a large workbook never sits in
memory twice). A sheet is recognised as list N by its header row (any of its first 20 rows),
whatever the sheet is called; header spelling and case variants, extra columns, blank rows and
lists with headers but no data are all accepted. Values go into column lists, then DuckDB maps
each list to the SSD tables set-wise.

What Annex A cannot supply (so the SSD tables stay empty or partly filled): identifiers linking
records (a referral's assessment or a plan's conference are matched by child and date), visits
other than the latest, reviews other than the latest, workers and teams as identifiers (names
only, which are not loaded), and adopters (list 11 has no SSD table). docs/formats.md has the
full mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import numpy as np
import openpyxl

from lineofsight.formats.annex_a_spec import LISTS, AList, identify_list
from lineofsight.formats.errors import FormatError
from lineofsight.formats.report import ConversionReport
from lineofsight.formats.ssd_out import copy_query

HEADER_SEARCH_ROWS = 20
DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
YES = {"yes", "y", "true", "1", "a) yes", "a)yes"}
NO = {"no", "n", "false", "0", "b) no", "b)no"}
GENDER = {"male": "M", "m": "M", "a) male": "M", "1": "M", "female": "F", "f": "F", "b) female": "F", "2": "F",
          "unknown": "U", "u": "U", "not stated": "U", "not recorded": "U", "c) unknown": "U", "0": "U", "9": "U"}
NOT_LOADED = {"age", "team", "worker", "pa", "referrals_12m", "previous_cpp", "placements_12m", "missing_count",
              "away_count"}


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = DMY.match(text)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _value(kind: str, value: object) -> tuple[str | None, bool]:
    """(text for the column list, ok)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if kind == "date":
        d = _date(value)
        return d, d is not None
    if kind == "yesno":
        t = str(value).strip().lower()
        return ("Y" if t in YES else "N" if t in NO else None), t in YES or t in NO
    if kind == "int":
        try:
            return str(int(float(str(value).strip()))), True
        except ValueError:
            return None, False
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(), True


EXPECTED = {"date": "a date (dd/mm/yyyy)", "yesno": "Yes or No", "int": "a whole number"}


def _read_workbook(path: Path, lists: dict[int, dict[str, list]], report: ConversionReport) -> None:
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        raise FormatError(path, f"cannot be opened as an Excel workbook ({type(exc).__name__})") from None
    try:
        for ws in wb.worksheets:
            _read_sheet(path, ws, lists, report)
    finally:
        wb.close()


def _read_sheet(path: Path, ws, lists: dict[int, dict[str, list]], report: ConversionReport) -> None:
    rows = ws.iter_rows(values_only=True)
    found: tuple[AList, dict[int, str]] | None = None
    header_row, header_values = 0, ()
    for header_row, row in enumerate(rows, start=1):
        header_values = row or ()
        found = identify_list(list(header_values))
        if found or header_row >= HEADER_SEARCH_ROWS:
            break
    if not found:
        named = re.search(r"\blist\s*(\d+)\b", str(ws.title), re.IGNORECASE)
        meant = next((a for a in LISTS if named and a.number == int(named.group(1))), None)
        if meant is not None:  # a list's own sheet with the wrong headers: refuse rather than lose the list
            raise FormatError(path, "the headers are not those of Annex A List "
                                    f"{meant.number}: expected {', '.join(c.header for c in meant.columns)}",
                              where=f"sheet {ws.title!r}")
        report.warnings.append(f"{path.name}, sheet {ws.title!r}: no Annex A list recognised from its headers; skipped")
        return
    a, positions = found
    kinds = {col.field: col.kind for col in a.columns}
    headers = {col.field: col.header for col in a.columns}
    data = lists.setdefault(a.number, {"_sheet": [], "_row": [], **{col.field: [] for col in a.columns}})
    n = 0
    for row_no, row in enumerate(rows, start=header_row + 1):
        if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        record = {}
        for pos, fld in positions.items():
            raw = row[pos] if pos < len(row) else None
            value, ok = _value(kinds[fld], raw)
            if not ok:
                raise FormatError(path, f"expected {EXPECTED[kinds[fld]]}, found {str(raw)[:40]!r}",
                                  where=f"sheet {ws.title!r} (List {a.number})", line=row_no, column=headers[fld])
            record[fld] = value
        if a.number != 11 and not record.get("child_id"):
            raise FormatError(path, "Child Unique ID is required on every row",
                              where=f"sheet {ws.title!r} (List {a.number})", line=row_no, column="Child Unique ID")
        for col in a.columns:
            data[col.field].append(record.get(col.field))
        data["_sheet"].append(ws.title)
        data["_row"].append(row_no)
        n += 1
    report.read[f"Annex A List {a.number} {a.title}"] = report.read.get(f"Annex A List {a.number} {a.title}", 0) + n
    matched = set(positions)
    report.note_unmapped(f"Annex A List {a.number}", [str(h) for i, h in enumerate(header_values)
                                                      if i not in matched and h not in (None, "")])
    report.note_unmapped(f"Annex A List {a.number}", sorted(headers[f] for f in set(positions.values()) & NOT_LOADED))


def read_annex_a(paths: list[Path], out_dir: Path, report: ConversionReport) -> dict:
    lists: dict[int, dict[str, list]] = {}
    for path in paths:
        _read_workbook(path, lists, report)
    if not lists:
        raise FormatError(paths[0] if paths else out_dir, "no Annex A list recognised in any sheet")
    if 11 in lists and lists[11]["_row"]:
        report.warnings.append("List 11 (adopters) has no place in the SSD: its rows were not loaded")
    con = duckdb.connect()
    try:
        for a in LISTS:
            data = lists.get(a.number) or {"_sheet": [], "_row": [], **{col.field: [] for col in a.columns}}
            con.register(f"_l{a.number}", {k: np.array(v, dtype=object) for k, v in data.items()})
            cols = ", ".join(f"CAST({k} AS {'BIGINT' if k == '_row' else 'VARCHAR'}) AS {k}" for k in data)
            con.execute(f"CREATE TEMP TABLE l{a.number} AS SELECT {cols} FROM _l{a.number}")
            con.unregister(f"_l{a.number}")
        _map(con, out_dir, report)
        years = [r[0] for r in con.execute(
            "SELECT DISTINCT year(CAST(d AS DATE)) FROM (" + " UNION ALL ".join(
                f"SELECT {f} AS d FROM l{n}" for n, f in ((1, "contact_date"), (3, "referral_date"), (8, "cla_start"))
            ) + ") WHERE d IS NOT NULL ORDER BY 1").fetchall()]
        return {"la_code": None, "years": years}
    finally:
        con.close()


def _map(con: duckdb.DuckDBPyConnection, out_dir: Path, report: ConversionReport) -> None:
    child_union = " UNION ALL ".join(
        f"SELECT child_id, gender, ethnicity, dob, _row, {n} AS list FROM l{n}" for n in range(1, 11))
    gender = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in GENDER.items())
    con.execute(f"""
        CREATE TEMP TABLE person AS
        SELECT child_id,
               max(CASE lower(trim(gender)) {gender} END) AS sex,
               max(upper(ethnicity)) AS ethnicity, max(dob) AS dob
        FROM ({child_union}) GROUP BY child_id
    """)
    copy_query(con, out_dir, "ssd_person", {
        "pers_person_id": "child_id", "pers_sex": "sex", "pers_ethnicity": "ethnicity", "pers_dob": "dob",
    }, "person ORDER BY child_id", report)
    copy_query(con, out_dir, "ssd_disability", {
        "disa_table_id": "child_id || '-D'", "disa_person_id": "child_id", "disa_disability_code": "'NONE'",
    }, "(SELECT child_id FROM (" + " UNION ALL ".join(
        f"SELECT child_id, disability FROM l{n}" for n in (4, 6, 7, 8, 9, 10))
       + ") GROUP BY child_id HAVING bool_and(disability = 'N')) ORDER BY child_id", report)
    copy_query(con, out_dir, "ssd_contacts", {
        "cont_contact_id": "child_id || '-K' || replace(contact_date, '-', '') || '-' || "
                           "row_number() OVER (PARTITION BY child_id, contact_date ORDER BY _row)",
        "cont_person_id": "child_id", "cont_contact_date": "contact_date",
        "cont_contact_source_code": "upper(contact_source)",
    }, "l1 WHERE contact_date IS NOT NULL ORDER BY contact_date, child_id", report)
    copy_query(con, out_dir, "ssd_early_help_episodes", {
        "earl_episode_id": "child_id || '-EH' || replace(eh_start, '-', '')", "earl_person_id": "child_id",
        "earl_episode_start_date": "eh_start", "earl_episode_end_date": "eh_end",
        "earl_episode_organisation": "eh_org",
    }, "(SELECT * FROM l2 WHERE eh_start IS NOT NULL QUALIFY row_number() OVER "
       "(PARTITION BY child_id, eh_start ORDER BY _row) = 1) ORDER BY eh_start, child_id", report)
    # Referrals: list 3 and list 6 describe the same episodes (child + referral date).
    con.execute("""
        CREATE TEMP TABLE ep AS
        SELECT coalesce(r.child_id, c.child_id) AS child_id, coalesce(r.referral_date, c.cin_start) AS referral_date,
               r.referral_source, r.referral_nfa, c.case_reason, c.cin_end, c.close_reason
        FROM (SELECT * FROM l3 WHERE referral_date IS NOT NULL
              QUALIFY row_number() OVER (PARTITION BY child_id, referral_date ORDER BY _row) = 1) r
        FULL JOIN (SELECT * FROM l6 WHERE cin_start IS NOT NULL
                   QUALIFY row_number() OVER (PARTITION BY child_id, cin_start ORDER BY _row) = 1) c
          ON r.child_id = c.child_id AND r.referral_date = c.cin_start
    """)
    con.execute("ALTER TABLE ep ADD COLUMN rid VARCHAR; UPDATE ep SET rid = child_id || '-R' || replace(referral_date, '-', '')")
    copy_query(con, out_dir, "ssd_cin_episodes", {
        "cine_referral_id": "rid", "cine_person_id": "child_id", "cine_referral_date": "referral_date",
        "cine_cin_primary_need_code": "upper(case_reason)", "cine_referral_source_code": "upper(referral_source)",
        "cine_referral_nfa": "referral_nfa", "cine_close_reason": "upper(close_reason)", "cine_close_date": "cin_end",
    }, "ep ORDER BY referral_date, child_id", report)
    # Annex A has no referral identifiers: an assessment or enquiry belongs to the child's latest referral on or before it.
    link = ("(SELECT max_by(e.rid, e.referral_date) FROM ep e WHERE e.child_id = x.child_id "
            "AND e.referral_date <= x.{d})")
    copy_query(con, out_dir, "ssd_cin_assessments", {
        "cina_assessment_id": "x.child_id || '-A' || replace(x.assessment_start, '-', '')", "cina_person_id": "x.child_id",
        "cina_referral_id": link.format(d="assessment_start"), "cina_assessment_start_date": "x.assessment_start",
        "cina_assessment_child_seen": "x.child_seen", "cina_assessment_auth_date": "x.assessment_auth",
        "cina_assessment_outcome_nfa": "CASE x.needs_support WHEN 'Y' THEN 'N' WHEN 'N' THEN 'Y' END",
    }, "(SELECT * FROM l4 WHERE assessment_start IS NOT NULL QUALIFY row_number() OVER "
       "(PARTITION BY child_id, assessment_start ORDER BY _row) = 1) x ORDER BY x.assessment_start, x.child_id", report)
    con.execute("""
        CREATE TEMP TABLE s47 AS
        SELECT * FROM l5 WHERE s47_start IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY child_id, s47_start ORDER BY _row) = 1
    """)
    copy_query(con, out_dir, "ssd_s47_enquiry", {
        "s47e_s47_enquiry_id": "x.child_id || '-S' || replace(x.s47_start, '-', '')", "s47e_person_id": "x.child_id",
        "s47e_referral_id": link.format(d="s47_start"), "s47e_s47_start_date": "x.s47_start",
        "s47e_s47_nfa": "x.icpc_unnecessary",
    }, "s47 x ORDER BY x.s47_start, x.child_id", report)
    copy_query(con, out_dir, "ssd_initial_cp_conference", {
        "icpc_icpc_id": "x.child_id || '-C' || replace(x.icpc_date, '-', '')", "icpc_person_id": "x.child_id",
        "icpc_s47_enquiry_id": "x.child_id || '-S' || replace(x.s47_start, '-', '')",
        "icpc_referral_id": link.format(d="s47_start"), "icpc_icpc_date": "x.icpc_date",
        "icpc_icpc_outcome_cp_flag": "x.icpc_plan",
        "icpc_cp_plan_id": "CASE WHEN x.icpc_plan = 'Y' THEN x.child_id || '-CP' || replace(x.icpc_date, '-', '') END",
    }, "s47 x WHERE x.icpc_date IS NOT NULL ORDER BY x.icpc_date, x.child_id", report)
    con.execute("""
        CREATE TEMP TABLE cpp AS
        SELECT *, child_id || '-CP' || replace(cpp_start, '-', '') AS plan_id FROM l7 WHERE cpp_start IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY child_id, cpp_start ORDER BY _row) = 1
    """)
    copy_query(con, out_dir, "ssd_cp_plans", {
        "cppl_cp_plan_id": "x.plan_id", "cppl_person_id": "x.child_id", "cppl_referral_id": link.format(d="cpp_start"),
        "cppl_icpc_id": "(SELECT min(s.child_id || '-C' || replace(s.icpc_date, '-', '')) FROM s47 s "
                        "WHERE s.child_id = x.child_id AND s.icpc_date = x.cpp_start)",
        "cppl_cp_plan_start_date": "x.cpp_start", "cppl_cp_plan_end_date": "x.cpp_end",
        "cppl_cp_plan_initial_category": "upper(x.initial_category)",
        "cppl_cp_plan_latest_category": "upper(x.latest_category)",
    }, "cpp x ORDER BY x.cpp_start, x.child_id", report)
    copy_query(con, out_dir, "ssd_cp_reviews", {
        "cppr_cp_review_id": "plan_id || '-RV'", "cppr_person_id": "child_id", "cppr_cp_plan_id": "plan_id",
        "cppr_cp_review_date": "last_review",
    }, "cpp WHERE last_review IS NOT NULL ORDER BY plan_id", report)
    copy_query(con, out_dir, "ssd_cp_visits", {
        "cppv_cp_visit_id": "plan_id || '-V'", "cppv_person_id": "child_id", "cppv_cp_plan_id": "plan_id",
        "cppv_cp_visit_date": "last_visit", "cppv_cp_visit_seen_alone": "seen_alone",
    }, "cpp WHERE last_visit IS NOT NULL ORDER BY plan_id", report)
    _map_care(con, out_dir, report)


def _map_care(con: duckdb.DuckDBPyConnection, out_dir: Path, report: ConversionReport) -> None:
    con.execute("""
        CREATE TEMP TABLE cla AS
        SELECT *, child_id || '-CLA' || replace(cla_start, '-', '') AS cla_id,
               child_id || '-PL' || replace(coalesce(placement_start, cla_start), '-', '') AS placement_id
        FROM l8 WHERE cla_start IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY child_id, cla_start ORDER BY _row) = 1
    """)
    copy_query(con, out_dir, "ssd_cla_episodes", {
        "clae_cla_episode_id": "cla_id || '-E'", "clae_person_id": "child_id", "clae_cla_placement_id": "placement_id",
        "clae_cla_episode_start_date": "coalesce(placement_start, cla_start)",
        "clae_cla_episode_start_reason": "CASE WHEN coalesce(placement_start, cla_start) = cla_start THEN 'S' ELSE 'P' END",
        "clae_cla_primary_need_code": "upper(category_of_need)", "clae_cla_episode_ceased_date": "cla_end",
        "clae_cla_episode_ceased_reason": "upper(reason_ceased)", "clae_cla_id": "cla_id",
        "clae_entered_care_date": "cla_start",
    }, "cla ORDER BY cla_start, child_id", report)
    copy_query(con, out_dir, "ssd_cla_placement", {
        "clap_cla_placement_id": "placement_id", "clap_cla_id": "cla_id", "clap_person_id": "child_id",
        "clap_cla_placement_start_date": "coalesce(placement_start, cla_start)",
        "clap_cla_placement_type": "upper(placement_type)", "clap_cla_placement_provider": "upper(placement_provider)",
        "clap_cla_placement_postcode": "placement_postcode", "clap_cla_placement_end_date": "cla_end",
    }, "cla ORDER BY cla_start, child_id", report)
    copy_query(con, out_dir, "ssd_legal_status", {
        "lega_legal_status_id": "cla_id || '-LS'", "lega_person_id": "child_id", "lega_legal_status": "upper(legal_status)",
        "lega_legal_status_start_date": "cla_start", "lega_legal_status_end_date": "cla_end",
    }, "cla WHERE legal_status IS NOT NULL ORDER BY cla_start, child_id", report)
    copy_query(con, out_dir, "ssd_immigration_status", {
        "immi_immigration_status_id": "cla_id || '-UASC'", "immi_person_id": "child_id",
        "immi_immigration_status_start_date": "cla_start", "immi_immigration_status": "'UASC'",
    }, "cla WHERE uasc = 'Y' ORDER BY child_id", report)
    copy_query(con, out_dir, "ssd_cla_reviews", {
        "clar_cla_review_id": "cla_id || '-RV'", "clar_cla_id": "cla_id", "clar_cla_person_id": "child_id",
        "clar_cla_review_date": "last_review",
    }, "cla WHERE last_review IS NOT NULL ORDER BY child_id", report)
    copy_query(con, out_dir, "ssd_cla_visits", {
        "clav_cla_visit_id": "cla_id || '-V'", "clav_cla_id": "cla_id", "clav_person_id": "child_id",
        "clav_cla_visit_date": "last_visit", "clav_cla_visit_seen_alone": "seen_alone",
    }, "cla WHERE last_visit IS NOT NULL ORDER BY child_id", report)
    copy_query(con, out_dir, "ssd_cla_health", {
        "clah_health_check_id": "cla_id || '-' || kind", "clah_person_id": "child_id",
        "clah_health_check_type": "CASE kind WHEN 'HA' THEN 'Health assessment' ELSE 'Dental check' END",
        "clah_health_check_date": "d",
    }, "(SELECT cla_id, child_id, 'HA' AS kind, health_assessment AS d FROM cla WHERE health_assessment IS NOT NULL "
       "UNION ALL SELECT cla_id, child_id, 'DC', dental_check FROM cla WHERE dental_check IS NOT NULL) "
       "ORDER BY child_id, kind", report)
    copy_query(con, out_dir, "ssd_care_leavers", {
        "clea_table_id": "child_id || '-CL' || row_number() OVER (PARTITION BY child_id ORDER BY _row)",
        "clea_person_id": "child_id", "clea_care_leaver_eligibility": "eligibility",
        "clea_care_leaver_in_touch": "upper(in_touch)", "clea_care_leaver_latest_contact": "latest_contact",
        "clea_care_leaver_accommodation": "upper(accommodation)",
        "clea_care_leaver_accom_suitable": ("CASE WHEN lower(suitable) IN ('1', 'suitable', 'yes', 'y') THEN '1' "
                                            "WHEN lower(suitable) IN ('2', 'not suitable', 'unsuitable', 'no', 'n') THEN '2' END"),
        "clea_care_leaver_activity": "upper(activity)", "clea_pathway_plan_review_date": "pathway_review",
        "clea_record_date": "coalesce(latest_contact, pathway_review, "
                            "(SELECT max(d) FROM (SELECT max(contact_date) AS d FROM l1 UNION ALL "
                            "SELECT max(referral_date) FROM l3 UNION ALL SELECT max(cla_start) FROM l8)))",
    }, "l9 ORDER BY child_id", report)
    copy_query(con, out_dir, "ssd_permanence", {
        "perm_table_id": "child_id || '-PERM' || replace(adm_decision, '-', '')", "perm_person_id": "child_id",
        "perm_adm_decision_date": "adm_decision", "perm_placement_order_date": "placement_order",
        "perm_matched_date": "matched", "perm_placed_for_adoption_date": "placed",
        "perm_permanence_order_date": "adoption_order",
        "perm_permanence_order_type": "CASE WHEN adoption_order IS NOT NULL THEN 'Adoption' END",
        "perm_decision_reversed_date": "reversed", "perm_decision_reversed_reason": "reversed_reason",
        "perm_part_of_sibling_group": "sibling_group",
    }, "l10 WHERE adm_decision IS NOT NULL ORDER BY child_id", report)
