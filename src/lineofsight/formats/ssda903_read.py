"""The SSDA903 CSV set (children looked after) into an SSD folder, in DuckDB.

Files are recognised by their columns (any case, extra columns tolerated and reported), read as
text, checked (dates dd/mm/yyyy, or yyyy-mm-dd as some systems write them), and mapped set-wise.
Several years' returns for one authority are stitched into one history: an episode is one child
and start date (CHILD + DECOM), taken from the most recent return that holds it. A return's year
is the 31 March on or after the latest episode, review or missing date in its folder, so put each
year's files in their own folder when loading several years.

Episodes are regrouped into what the SSD keeps apart: periods of care (from a start, RNE S, to an
end other than X1), placements (a new one at each RNE other than L) and legal status periods.
OC2 and OC3 carry no dates of their own: what they record is dated 31 March of their year.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from lineofsight.formats.errors import FormatError
from lineofsight.formats.report import ConversionReport
from lineofsight.formats.ssd_out import copy_query
from lineofsight.formats.ssda903_columns import COLUMNS, identify, intended

DATE_COLUMNS = {"DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED",
                "DATE_PLACED_CEASED", "DATE_PERM", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC"}
REQUIRED = {"Episodes": ("DECOM",), "Reviews": ("REVIEW",), "Missing": ("MIS_START",), "SocialWorker": ("SW_DECOM",)}
NOT_MAPPED = {"PrevPerm": ("PREV_PERM", "LA_PERM", "DATE_PERM")}


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _stage(con: duckdb.DuckDBPyConnection, paths: list[Path], report: ConversionReport) -> dict[str, list[int]]:
    """Each recognised file into raw_<kind>(_file, _line, <columns>); returns file numbers per kind."""
    kinds: dict[str, list[int]] = {k: [] for k in COLUMNS}
    for file_no, path in enumerate(paths):
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            header = next(csv.reader(fh), [])
        kind = identify(header)
        if kind is None:
            meant = intended(path.name, header)
            if meant is None:
                report.warnings.append(f"{path.name}: columns match no SSDA903 file; skipped")
                continue
            # A 903 file with the wrong columns would load children without what it holds (a Header
            # without DOB and SEX): refuse it, naming the columns expected, rather than skip it.
            cols = {h.strip().upper() for h in header}
            missing = [c for c in COLUMNS[meant] if c not in cols]
            raise FormatError(path, f"the columns are not those of the SSDA903 {meant} file: expected "
                                    f"{', '.join(COLUMNS[meant])}; missing {', '.join(missing)}")
        position = {}
        for i, h in enumerate(header):
            position.setdefault(h.strip().upper(), i)
        extra = [h for h in header if h.strip().upper() not in COLUMNS[kind]]
        report.note_unmapped(f"903 {kind}", extra)
        # Columns by position (c0, c1, ...), all text: no type sniffing, any header spelling.
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
        cols = ", ".join(f"nullif(trim(c{position[c]}), '') AS {c}" for c in COLUMNS[kind])
        table = f"raw_{kind}"
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]
        try:
            rel = (f"SELECT {file_no} AS _file, CAST(row_number() OVER () + 1 AS BIGINT) AS _line, {cols} "
                   f"FROM read_csv({_q(str(path))}, header = true, auto_detect = false, delim = ',', quote = '\"', "
                   f"escape = '\"', columns = {columns}, strict_mode = true, null_padding = false)")
            con.execute(f"INSERT INTO {table} {rel}" if exists else f"CREATE TEMP TABLE {table} AS {rel}")
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise FormatError(path, f"cannot be read as CSV ({first})") from None
        kinds[kind].append(file_no)
        n = con.execute(f"SELECT count(*) FROM {table} WHERE _file = {file_no}").fetchone()[0]
        report.read[f"903 {kind}"] = report.read.get(f"903 {kind}", 0) + n
    for kind, cols in COLUMNS.items():
        if not kinds[kind]:
            con.execute(f"CREATE TEMP TABLE raw_{kind} (_file BIGINT, _line BIGINT, "
                        + ", ".join(f"{c} VARCHAR" for c in cols) + ")")
    return kinds


def _check(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> None:
    """Bad dates and missing required values, the first three of each, found in ONE query."""
    parts = []
    for kind, cols in COLUMNS.items():
        for c in cols:
            if c in DATE_COLUMNS:
                parts.append(f"(SELECT _file, _line, '{c}' AS col, {c} AS value FROM raw_{kind} "
                             f"WHERE {c} IS NOT NULL AND d903({c}) IS NULL ORDER BY _file, _line LIMIT 3)")
        for c in ("CHILD", *REQUIRED.get(kind, ())):
            parts.append(f"(SELECT _file, _line, '{c}' AS col, NULL AS value FROM raw_{kind} "
                         f"WHERE {c} IS NULL ORDER BY _file, _line LIMIT 3)")
    problems: list[tuple[int, int, str, str]] = [
        (f, line, c, f"expected a date as dd/mm/yyyy, found {value!r}" if value is not None else f"{c} is required")
        for f, line, c, value in con.execute(" UNION ALL ".join(parts)).fetchall()
    ]
    if problems:
        problems.sort()
        f, line, column, message = problems[0]
        more = f" ({len(problems) - 1} more problem(s) after this one)" if len(problems) > 1 else ""
        raise FormatError(paths[f], message + more, line=line, column=column)


def read_ssda903(paths: list[Path], out_dir: Path, report: ConversionReport) -> dict:
    """Convert 903 CSV files (one or several years) into SSD tables in out_dir."""
    # A 903 return is thousands of rows in a dozen small files: one thread does it faster than two,
    # whose coordination costs more than the work it shares (measured: 0.21 s against 0.23 s, medium).
    con = duckdb.connect(config={"threads": 1})
    try:
        con.execute("CREATE MACRO d903(v) AS coalesce(try_strptime(v, '%d/%m/%Y'), try_strptime(v, '%Y-%m-%d'))::DATE")
        kinds = _stage(con, paths, report)
        if not kinds["Header"]:
            raise FormatError(paths[0].parent if paths else out_dir,
                              "no SSDA903 Header file found (columns " + ", ".join(COLUMNS["Header"]) + "): "
                              "without it the children would have no date of birth or sex")
        for kind, cols in NOT_MAPPED.items():
            present = [c for c in cols if con.execute(f"SELECT count({c}) FROM raw_{kind}").fetchone()[0]]
            report.note_unmapped(f"903 {kind}", present)
        _check(con, paths)
        _years(con, paths)
        return _map(con, out_dir, report)
    finally:
        con.close()


def _years(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> None:
    """Each file's collection year end: the 31 March on or after the latest event date in its folder."""
    folders = {i: str(p.parent) for i, p in enumerate(paths)}
    con.execute("CREATE TEMP TABLE file_folder (_file BIGINT, folder VARCHAR)")
    con.executemany("INSERT INTO file_folder VALUES (?, ?)", list(folders.items()))
    con.execute("""
        CREATE TEMP TABLE file_year AS
        WITH events AS (
            SELECT _file, greatest(d903(DECOM), coalesce(d903(DEC), d903(DECOM))) AS d FROM raw_Episodes
            UNION ALL SELECT _file, d903(REVIEW) FROM raw_Reviews
            UNION ALL SELECT _file, d903(MIS_START) FROM raw_Missing
        ), folder_max AS (
            SELECT ff.folder, max(e.d) AS d FROM events e JOIN file_folder ff USING (_file) GROUP BY ff.folder
        ), any_max AS (SELECT max(d) AS d FROM events)
        SELECT ff._file,
               CAST(make_date(year(m) + CASE WHEN month(m) > 3 THEN 1 ELSE 0 END, 3, 31) AS DATE) AS year_end
        FROM file_folder ff
        LEFT JOIN folder_max fm USING (folder)
        CROSS JOIN any_max
        CROSS JOIN LATERAL (SELECT coalesce(fm.d, any_max.d, current_date) AS m)
    """)


def _latest(kind: str, key: str) -> str:
    """Rows of raw_<kind> keeping, for each key, the version in the most recent return."""
    return (f"(SELECT r.*, fy.year_end FROM raw_{kind} r JOIN file_year fy USING (_file) "
            f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY fy.year_end DESC, r._file DESC, r._line DESC) = 1)")


def _map(con: duckdb.DuckDBPyConnection, out_dir: Path, report: ConversionReport) -> dict:
    con.execute(f"""
        CREATE TEMP TABLE ep AS
        WITH e AS (
            SELECT CHILD, d903(DECOM) AS decom, upper(RNE) AS rne, upper(LS) AS ls, upper(CIN) AS cin,
                   upper(PLACE) AS place, upper(PLACE_PROVIDER) AS provider, d903(DEC) AS dec, upper(REC) AS rec,
                   upper(REASON_PLACE_CHANGE) AS change_reason, upper(HOME_POST) AS home_post,
                   upper(PL_POST) AS pl_post, URN AS urn
            FROM {_latest('Episodes', 'CHILD, d903(DECOM)')}
        ), flagged AS (
            SELECT *,
                   lag(rec) OVER w IS NULL OR rne = 'S' OR lag(rec) OVER w <> 'X1' AS new_period,
                   lag(ls) OVER w AS prev_ls
            FROM e WINDOW w AS (PARTITION BY CHILD ORDER BY decom)
        ), numbered AS (
            SELECT *, sum(CAST(new_period AS INT)) OVER w AS period_no,
                   sum(CAST(new_period OR rne <> 'L' AS INT)) OVER w AS placement_no,
                   sum(CAST(new_period OR ls IS DISTINCT FROM prev_ls AS INT)) OVER w AS ls_no
            FROM flagged WINDOW w AS (PARTITION BY CHILD ORDER BY decom ROWS UNBOUNDED PRECEDING)
        )
        SELECT *,
               min(decom) OVER (PARTITION BY CHILD, period_no) AS period_start,
               min(decom) OVER (PARTITION BY CHILD, placement_no) AS placement_start,
               CHILD || '-' || strftime(decom, '%Y%m%d') AS episode_id
        FROM numbered
    """)
    con.execute("""
        ALTER TABLE ep ADD COLUMN cla_id VARCHAR;
        UPDATE ep SET cla_id = CHILD || '-C' || strftime(period_start, '%Y%m%d');
        ALTER TABLE ep ADD COLUMN placement_id VARCHAR;
        UPDATE ep SET placement_id = CHILD || '-P' || strftime(placement_start, '%Y%m%d');
    """)
    con.execute("""
        CREATE TEMP TABLE periods AS
        SELECT CHILD, cla_id, min(decom) AS start_date,
               CASE WHEN bool_and(dec IS NOT NULL) THEN max(dec) END AS end_date
        FROM ep GROUP BY CHILD, cla_id
    """)
    con.execute(f"""
        CREATE TEMP TABLE person AS
        WITH ids AS (
            {' UNION '.join(f'SELECT CHILD FROM raw_{k}' for k in COLUMNS)}
        ), dobs AS (
            SELECT CHILD, max(d903(DOB)) AS dob FROM (
                {' UNION ALL '.join(f'SELECT CHILD, DOB FROM raw_{k}' for k, c in COLUMNS.items() if 'DOB' in c)}
            ) GROUP BY CHILD
        )
        SELECT ids.CHILD, h.SEX, h.ETHNIC, h.UPN, h.MOTHER, d903(h.MC_DOB) AS mc_dob, coalesce(d903(h.DOB), dobs.dob) AS dob
        FROM ids LEFT JOIN {_latest('Header', 'CHILD')} h USING (CHILD) LEFT JOIN dobs USING (CHILD)
    """)

    copy_query(con, out_dir, "ssd_person", {
        "pers_person_id": "CHILD",
        "pers_sex": ("CASE WHEN upper(SEX) IN ('1', 'M') THEN 'M' WHEN upper(SEX) IN ('2', 'F') THEN 'F' "
                     "WHEN upper(SEX) IN ('U', '0', '9') THEN 'U' ELSE SEX END"),
        "pers_ethnicity": "upper(ETHNIC)", "pers_dob": "dob",
        "pers_upn": "CASE WHEN upper(UPN) NOT LIKE 'UN%' THEN UPN END",
        "pers_upn_unknown": "CASE WHEN upper(UPN) LIKE 'UN%' THEN upper(UPN) END",
        "pers_is_mother": "CASE MOTHER WHEN '1' THEN 'Y' WHEN '0' THEN 'N' END",
    }, "person ORDER BY CHILD", report)
    copy_query(con, out_dir, "ssd_mother", {
        "moth_table_id": "CHILD || '-M'", "moth_person_id": "CHILD", "moth_childs_dob": "mc_dob",
    }, "person WHERE mc_dob IS NOT NULL ORDER BY CHILD", report)
    copy_query(con, out_dir, "ssd_cla_episodes", {
        "clae_cla_episode_id": "episode_id", "clae_person_id": "CHILD", "clae_cla_placement_id": "placement_id",
        "clae_cla_episode_start_date": "decom", "clae_cla_episode_start_reason": "rne",
        "clae_cla_primary_need_code": "cin", "clae_cla_episode_ceased_date": "dec",
        "clae_cla_episode_ceased_reason": "rec", "clae_cla_id": "cla_id", "clae_entered_care_date": "period_start",
    }, "ep ORDER BY CHILD, decom", report)
    copy_query(con, out_dir, "ssd_cla_placement", {
        "clap_cla_placement_id": "placement_id", "clap_cla_id": "cla_id", "clap_person_id": "CHILD",
        "clap_cla_placement_start_date": "placement_start", "clap_cla_placement_type": "place",
        "clap_cla_placement_urn": "CASE WHEN urn <> 'XXXXXXX' THEN urn END",
        "clap_cla_placement_unregistered": "CASE WHEN urn = 'XXXXXXX' THEN 'Y' ELSE 'N' END",
        "clap_cla_placement_provider": "provider",
        "clap_cla_placement_postcode": "pl_post", "clap_cla_placement_end_date": "dec",
        "clap_cla_placement_change_reason": "change_reason",
    }, "(SELECT * FROM ep QUALIFY row_number() OVER (PARTITION BY placement_id ORDER BY decom DESC) = 1) "
       "ORDER BY CHILD, placement_start", report)
    copy_query(con, out_dir, "ssd_legal_status", {
        "lega_legal_status_id": "CHILD || '-L' || strftime(min(decom), '%Y%m%d')", "lega_person_id": "CHILD",
        "lega_legal_status": "any_value(ls)", "lega_legal_status_start_date": "min(decom)",
        "lega_legal_status_end_date": "CASE WHEN bool_and(dec IS NOT NULL) THEN max(dec) END",
    }, "ep WHERE ls IS NOT NULL GROUP BY CHILD, ls_no ORDER BY CHILD, min(decom)", report)
    copy_query(con, out_dir, "ssd_address", {
        "addr_table_id": "CHILD || '-A' || strftime(min(decom), '%Y%m%d')", "addr_person_id": "CHILD",
        "addr_address_type": "'Home'", "addr_address_start_date": "min(decom)",
        "addr_address_postcode": "home_post",
    }, "ep WHERE home_post IS NOT NULL GROUP BY CHILD, home_post ORDER BY CHILD, min(decom)", report)
    copy_query(con, out_dir, "ssd_cla_reviews", {
        "clar_cla_review_id": "r.CHILD || '-R' || strftime(d903(r.REVIEW), '%Y%m%d')",
        "clar_cla_id": "(SELECT min(p.cla_id) FROM periods p WHERE p.CHILD = r.CHILD AND p.start_date <= d903(r.REVIEW) "
                       "AND (p.end_date IS NULL OR p.end_date >= d903(r.REVIEW)))",
        "clar_cla_review_date": "d903(r.REVIEW)", "clar_cla_review_participation": "upper(r.REVIEW_CODE)",
        "clar_cla_person_id": "r.CHILD",
    }, f"{_latest('Reviews', 'CHILD, d903(REVIEW)')} r ORDER BY r.CHILD, d903(r.REVIEW)", report)
    copy_query(con, out_dir, "ssd_immigration_status", {
        "immi_immigration_status_id": "u.CHILD || '-UASC'", "immi_person_id": "u.CHILD",
        "immi_immigration_status_start_date": "coalesce((SELECT min(decom) FROM ep WHERE ep.CHILD = u.CHILD), d903(u.DOB))",
        "immi_immigration_status_end_date": "d903(u.DUC)", "immi_immigration_status": "'UASC'",
    }, f"{_latest('UASC', 'CHILD')} u ORDER BY u.CHILD", report)
    _map_oc2(con, out_dir, report)
    copy_query(con, out_dir, "ssd_care_leavers", {
        "clea_table_id": "CHILD || '-OC3-' || strftime(year_end, '%Y')", "clea_person_id": "CHILD",
        "clea_care_leaver_in_touch": "upper(IN_TOUCH)", "clea_care_leaver_activity": "upper(ACTIV)",
        "clea_care_leaver_accommodation": "upper(substr(ACCOM, 1, 1))",
        "clea_care_leaver_accom_suitable": "nullif(substr(ACCOM, 2, 1), '')", "clea_record_date": "year_end",
    }, f"{_latest('OC3', 'CHILD, fy.year_end')} ORDER BY CHILD, year_end", report)
    copy_query(con, out_dir, "ssd_permanence", {
        "perm_table_id": "CHILD || '-PERM'", "perm_person_id": "CHILD",
        "perm_cla_id": "(SELECT max(cla_id) FROM ep WHERE ep.CHILD = x.CHILD)",
        "perm_adm_decision_date": "coalesce(d903(DATE_PLACED), d903(DATE_INT))", "perm_matched_date": "d903(DATE_MATCH)",
        "perm_adopter_sex": "SEX_ADOPTR", "perm_adopter_legal_status": "LS_ADOPTR",
        "perm_number_of_adopters": "TRY_CAST(NB_ADOPTR AS INTEGER)",
        "perm_adopted_by_carer_flag": "CASE FOSTER_CARE WHEN '1' THEN 'Y' WHEN '0' THEN 'N' END",
        "perm_decision_reversed_date": "d903(DATE_PLACED_CEASED)", "perm_decision_reversed_reason": "REASON_PLACED_CEASED",
        "perm_permanence_order_date": "(SELECT max(dec) FROM ep WHERE ep.CHILD = x.CHILD AND rec IN ('E11', 'E12'))",
        "perm_permanence_order_type": ("CASE WHEN EXISTS (SELECT 1 FROM ep WHERE ep.CHILD = x.CHILD AND rec IN ('E11', 'E12')) "
                                       "THEN 'Adoption' END"),
    }, f"""(SELECT coalesce(a.CHILD, p.CHILD) AS CHILD, a.DATE_INT, a.DATE_MATCH, a.FOSTER_CARE, a.NB_ADOPTR,
                a.SEX_ADOPTR, a.LS_ADOPTR, p.DATE_PLACED, p.DATE_PLACED_CEASED, p.REASON_PLACED_CEASED
         FROM {_latest('AD1', 'CHILD')} a FULL JOIN {_latest('PlacedAdoption', 'CHILD')} p USING (CHILD)) x
        ORDER BY CHILD""", report)
    copy_query(con, out_dir, "ssd_missing", {
        "miss_table_id": "CHILD || '-M' || strftime(d903(MIS_START), '%Y%m%d') || '-' || row_number() OVER "
                         "(PARTITION BY CHILD, d903(MIS_START) ORDER BY MISSING)",
        "miss_person_id": "CHILD", "miss_missing_episode_start_date": "d903(MIS_START)",
        "miss_missing_episode_type": "upper(MISSING)", "miss_missing_episode_end_date": "d903(MIS_END)",
    }, f"{_latest('Missing', 'CHILD, d903(MIS_START), upper(MISSING)')} ORDER BY CHILD, d903(MIS_START)", report)
    copy_query(con, out_dir, "ssd_professionals", {
        "prof_professional_id": "SW_ID", "prof_social_worker_registration_no": "SW_ID",
    }, "(SELECT DISTINCT SW_ID FROM raw_SocialWorker WHERE SW_ID IS NOT NULL) ORDER BY SW_ID", report)
    copy_query(con, out_dir, "ssd_involvements", {
        "invo_involvements_id": "CHILD || '-SW' || strftime(d903(SW_DECOM), '%Y%m%d') || '-' || SW_ID",
        "invo_professional_id": "SW_ID", "invo_professional_role_id": "'SW'", "invo_person_id": "CHILD",
        "invo_involvement_start_date": "d903(SW_DECOM)", "invo_involvement_end_date": "d903(SW_DEC)",
        "invo_worker_change_reason": "upper(SW_REASON)",
    }, f"{_latest('SocialWorker', 'CHILD, d903(SW_DECOM), SW_ID')} WHERE SW_ID IS NOT NULL "
       "ORDER BY CHILD, d903(SW_DECOM)", report)
    dup = con.execute("SELECT count(*) - (SELECT count(*) FROM ep) FROM raw_Episodes").fetchone()[0]
    if dup:
        report.warnings.append(f"{dup} episode(s) appeared in more than one year's return; the latest return's version was kept")
    years = [r[0] for r in con.execute("SELECT DISTINCT year(year_end) FROM file_year ORDER BY 1").fetchall()]
    return {"la_code": None, "years": years}


def _map_oc2(con: duckdb.DuckDBPyConnection, out_dir: Path, report: ConversionReport) -> None:
    """OC2's yes/no outcomes for the year become dated records (31 March of the return's year)."""
    oc2 = _latest("OC2", "CHILD, fy.year_end")
    ymd = "strftime(year_end, '%Y%m%d')"
    copy_query(con, out_dir, "ssd_sdq_scores", {
        "csdq_table_id": f"CHILD || '-SDQ' || {ymd}", "csdq_person_id": "CHILD", "csdq_sdq_completed_date": "year_end",
        "csdq_sdq_score": "TRY_CAST(SDQ_SCORE AS INTEGER)", "csdq_sdq_reason": "upper(SDQ_REASON)",
    }, f"{oc2} WHERE SDQ_SCORE IS NOT NULL OR SDQ_REASON IS NOT NULL ORDER BY CHILD, year_end", report)
    copy_query(con, out_dir, "ssd_cla_convictions", {
        "clac_cla_conviction_id": f"CHILD || '-CONV' || {ymd}", "clac_person_id": "CHILD",
        "clac_cla_conviction_date": "year_end",
    }, f"{oc2} WHERE CONVICTED = '1' ORDER BY CHILD, year_end", report)
    copy_query(con, out_dir, "ssd_cla_immunisations", {
        "clai_immunisations_id": f"CHILD || '-IMM' || {ymd}", "clai_person_id": "CHILD",
        "clai_immunisations_status": "CASE IMMUNISATIONS WHEN '1' THEN 'Y' ELSE 'N' END",
        "clai_immunisations_status_date": "year_end",
    }, f"{oc2} WHERE IMMUNISATIONS IN ('0', '1') ORDER BY CHILD, year_end", report)
    copy_query(con, out_dir, "ssd_cla_substance_misuse", {
        "clas_substance_misuse_id": f"CHILD || '-SUB' || {ymd}", "clas_person_id": "CHILD",
        "clas_substance_misuse_date": "year_end",
        "clas_intervention_received": "CASE INTERVENTION_RECEIVED WHEN '1' THEN 'Y' WHEN '0' THEN 'N' END",
        "clas_intervention_offered": "CASE INTERVENTION_OFFERED WHEN '1' THEN 'Y' WHEN '0' THEN 'N' END",
    }, f"{oc2} WHERE SUBSTANCE_MISUSE = '1' ORDER BY CHILD, year_end", report)
    checks = " UNION ALL ".join(
        f"SELECT CHILD, year_end, '{label}' AS kind FROM {oc2} WHERE {col} = '1'"
        for col, label in (("HEALTH_ASSESSMENT", "Health assessment"), ("TEETH_CHECK", "Dental check"),
                           ("HEALTH_CHECK", "Health check"))
    )
    copy_query(con, out_dir, "ssd_cla_health", {
        "clah_health_check_id": f"CHILD || '-' || replace(kind, ' ', '') || {ymd}", "clah_person_id": "CHILD",
        "clah_health_check_type": "kind", "clah_health_check_date": "year_end",
    }, f"({checks}) ORDER BY CHILD, year_end, kind", report)
