"""The synthetic authority written the way a council's real extract arrives (`synth --style`).

`clean` is the generator's own output: our column names and order, ISO dates, codes. The `d2i-*`
styles rewrite those files as Data to Insight's SSD v1.4.5 deployment for SystemC (Liquidlogic) or
Mosaic writes them when exported from SQL Server, so every test can run against both shapes:

- D2I's header names and column order for that system (schema/ssd_v145_columns.csv); a table the
  system's script does not define is not written, one it defines that we do not declare is a header;
- Mosaic: no person id where its script has none (the child comes through the parent record, as
  schema.aliases.PERSON_VIA reads it; allocations without a referral cannot be expressed and are left
  out), the CIN plan key named `cin_plan_id`;
- SQL Server datetimes (`2024-05-01 00:00:00.000`), `NULL` for an empty field, a UTF-8 byte-order
  mark and CRLF line ends (as SQL Server Management Studio saves a CSV);
- descriptions where D2I feeds a field from a lookup's _DESC (CP categories, legal and immigration
  status, care episode start and end reasons, care leavers' accommodation, suitability and activity);
- assessment factors as JSON arrays (`["1A", "2B"]`); the contact outcome only as D2I's JSON flags
  (SystemC) or its referral text (Mosaic), never as our code.

Columns of ours that no D2I script writes (our extensions: recorded dates, the unregistered flag,
care leavers' record date ...) follow D2I's columns, as a council adding them would. Every table is
one DuckDB COPY; no Python loop over records.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from lineofsight.schema import BY_NAME, CODE_LISTS, Table
from lineofsight.schema.aliases import ALIASES, PERSON_VIA
from lineofsight.schema.d2i import SYSTEMS, d2i_header, d2i_tables
from lineofsight.schema.model import Column

STYLES = ("clean", "d2i-systemc", "d2i-mosaic")
SQL_SERVER_TIME = " 00:00:00.000"
BOM = "\ufeff"

# Fields D2I's scripts fill from a lookup's description rather than its code.
DESCRIBED = {
    "ssd_cp_plans": ("cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"),
    "ssd_legal_status": ("lega_legal_status",),
    "ssd_immigration_status": ("immi_immigration_status",),
    "ssd_cla_episodes": ("clae_cla_episode_start_reason", "clae_cla_episode_ceased_reason"),
    "ssd_care_leavers": ("clea_care_leaver_accommodation", "clea_care_leaver_accom_suitable", "clea_care_leaver_activity"),
}

# Our code -> the flag SystemC's script sets in cont_contact_outcome_json (FACT_CONTACTS.OUTCOME_*_FLAG).
SYSTEMC_CONTACT_FLAGS = ("NEW_REFERRAL_FLAG", "EXISTING_REFERRAL_FLAG", "CP_ENQUIRY_FLAG", "NFA_FLAG",
                         "NON_AGENCY_ADOPTION_FLAG", "PRIVATE_FOSTERING_FLAG", "ADVICE_FLAG", "MISSING_FLAG",
                         "OLA_CP_FLAG", "OTHER_OUTCOMES_EXIST_FLAG")
SYSTEMC_CONTACT_OUTCOME = {"REF": "NEW_REFERRAL_FLAG", "NFA": "NFA_FLAG", "INFO": "ADVICE_FLAG",
                           "SIGN": "OTHER_OUTCOMES_EXIST_FLAG", "EH": "OTHER_OUTCOMES_EXIST_FLAG"}
MOSAIC_CONTACT_OUTCOME = {"REF": "CIN Referral", "EH": "EH Referral", "NFA": "No Further Action",
                          "INFO": "Advice and Information", "SIGN": "Signposted"}

# Our columns whose D2I form is another column (so they are never appended as ours).
D2I_FORM_ELSEWHERE = {("ssd_contacts", "cont_contact_outcome")}
# SystemC has written clar_cla_person_id since v1.4.1 (D2I's release notes), though its DDL matrix lacks it.
ALSO_WRITTEN = {("ssd_cla_reviews", "clar_cla_person_id")}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case(v: str, mapping: dict[str, str]) -> str:
    whens = " ".join(f"WHEN {_lit(k)} THEN {_lit(d)}" for k, d in mapping.items())
    return f"CASE {v} {whens} ELSE {v} END"


def _value(t: Table, c: Column, system: str) -> str:
    """The SQL giving column `c` as D2I's script for `system` writes it, from the clean file's text."""
    v = _q(c.name)
    if c.type == "date":
        return f"{v} || {_lit(SQL_SERVER_TIME)}"
    if c.name in DESCRIBED.get(t.name, ()) and c.codes:
        return _case(v, CODE_LISTS[c.codes])
    if c.name == "cinf_assessment_factors_json":
        return f"""'[' || array_to_string(list_transform(string_split({v}, ','), lambda x: '"' || trim(x) || '"'), ', ') || ']'"""
    if c.name == "cont_contact_outcome_json":
        code = _q("cont_contact_outcome")
        if system == "mosaic":
            return f"CASE WHEN {code} IS NULL THEN NULL ELSE {_case(code, MOSAIC_CONTACT_OUTCOME)} END"
        flags = ", ".join(
            f"""'"{f}": "' || CASE WHEN {code} IN ({", ".join(_lit(k) for k, g in SYSTEMC_CONTACT_OUTCOME.items()
                                                          if g == f) or "NULL"}) THEN 'Y' ELSE 'N' END || '"'"""
            for f in SYSTEMC_CONTACT_FLAGS)
        return f"CASE WHEN {code} IS NULL THEN NULL ELSE '{{' || concat_ws(', ', {flags}) || '}}' END"
    return v


def _select(t: Table, system: str) -> tuple[list[str], list[str]]:
    """The header D2I's `system` script writes for `t` (then our columns no D2I script writes) and the
    SQL expression giving each."""
    header = d2i_header(t.name, system)
    anywhere = {h for s in SYSTEMS for h in d2i_header(t.name, s)}
    anywhere |= {ALIASES.get(t.name, {}).get(h, h) for h in anywhere}
    names, exprs = [], []
    for h in header:
        ours = ALIASES.get(t.name, {}).get(h, h)
        names.append(h)
        exprs.append(_value(t, t.column(ours), system) if ours in t.column_names else "NULL")
    via = PERSON_VIA.get(t.name) if system == "mosaic" else None
    for c in t.columns:
        if c.name in anywhere and (t.name, c.name) not in ALSO_WRITTEN or c.name in names:
            continue
        if (t.name, c.name) in D2I_FORM_ELSEWHERE or (via and c.name == t.person_column):
            continue
        names.append(c.name)
        exprs.append(_value(t, c, system))
    return names, exprs


def restyle(folder: Path, style: str) -> None:
    """Rewrite the clean CSVs in `folder` in `style` (see the module docstring)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    if style == "clean":
        return
    system = style.removeprefix("d2i-")
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    try:
        for name in d2i_tables():
            path = folder / f"{name}.csv"
            header = d2i_header(name, system)
            t = BY_NAME.get(name)
            if not header:
                path.unlink(missing_ok=True)
                continue
            if t is None:  # a D2I table we keep as it came: its header, no rows
                path.write_bytes((BOM + ",".join(header) + "\r\n").encode("utf-8"))
            elif path.exists():
                _copy(con, t, system, path)
    finally:
        con.close()


def _copy(con: duckdb.DuckDBPyConnection, t: Table, system: str, path: Path) -> None:
    names, exprs = _select(t, system)
    via = PERSON_VIA.get(t.name) if system == "mosaic" else None
    where = f" WHERE {_q(via[0])} IS NOT NULL" if via and t.person_column not in names else ""
    names[0] = BOM + names[0]  # the mark opens the file: COPY writes the header first
    select = ", ".join(f"{e} AS {_q(n)}" for e, n in zip(exprs, names, strict=True))
    columns = "{" + ", ".join(f"{_lit(c)}: 'VARCHAR'" for c in t.column_names) + "}"
    source = f"read_csv({_lit(str(path))}, header = true, auto_detect = false, columns = {columns})"
    tmp = path.with_suffix(".d2i")
    con.execute(f"COPY (SELECT {select} FROM {source}{where}) TO {_lit(str(tmp))} "
                "(FORMAT csv, HEADER, NULLSTR 'NULL', NEW_LINE '\r\n')")
    tmp.replace(path)
