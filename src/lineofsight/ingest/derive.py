"""Codes the SSD holds only inside a JSON or free-text field, read out at load as the single codes we
compute with. Declared as data: one entry per derived column.

Data to Insight's SSD keeps a contact's outcome in `cont_contact_outcome_json` (CONT005A). The
SystemC (Liquidlogic) deployment writes the case system's outcome flags there, for example
`{"OUTCOME_NEW_REFERRAL_FLAG": "Y", "OUTCOME_NFA_FLAG": "N", ...}` (older SQL Server versions
without the `OUTCOME_` prefix); Mosaic's writes the text `CIN Referral` or `EH Referral`; our own
generator writes `{"outcome": "REF"}`. Conversion of contacts to referrals (Ofsted ILACS, front
door) needs one code per contact, so where the extract has no `cont_contact_outcome` the code is
read from the JSON here, and the value map (schema/value_map.csv) then turns texts such as
`CIN Referral` into codes. Only an empty target is filled: a code the extract gives is kept. The
load report says how many values were read and how many could not be (they stay empty, and the
data-quality rule on contacts without an outcome points at each record).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lineofsight.ingest.problems import Problem
from lineofsight.ingest.reader import StagedTable
from lineofsight.ingest.values import parse_date_sql, quote_ident, quote_literal


@dataclass(frozen=True)
class Derivation:
    table: str
    target: str
    source: str
    sql: str  # an expression over `v`, the source value; NULL when no code can be read
    reads: str  # what the report says it read


def _flag(name: str) -> str:
    """True when the SystemC outcome flag `name` is set, under either of D2I's key spellings."""
    return (f"upper(coalesce(json_extract_string(v, '$.OUTCOME_{name}_FLAG'), "
            f"json_extract_string(v, '$.{name}_FLAG'))) IN ('Y', 'YES', '1', 'TRUE')")


CONTACT_OUTCOME = f"""CASE
    WHEN NOT json_valid(v) THEN v
    WHEN json_type(v) <> 'OBJECT' THEN NULL
    WHEN json_extract_string(v, '$.outcome') IS NOT NULL THEN json_extract_string(v, '$.outcome')
    WHEN {_flag('NEW_REFERRAL')} OR {_flag('EXISTING_REFERRAL')} OR {_flag('CP_ENQUIRY')} OR {_flag('OLA_CP')}
        THEN 'REF'
    WHEN {_flag('ADVICE')} THEN 'INFO'
    WHEN {_flag('NFA')} THEN 'NFA'
END"""

DERIVED: tuple[Derivation, ...] = (
    Derivation("ssd_contacts", "cont_contact_outcome", "cont_contact_outcome_json", CONTACT_OUTCOME,
               "the outcome code from the outcome JSON (referral flags as REF, advice as INFO, NFA)"),
)


def derive(con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]) -> list[Problem]:
    """Fill each derived column where it is empty and its source is not; one report line per column."""
    problems: list[Problem] = []
    for d in DERIVED:
        st = staged[d.table]
        if not st.present or not st.readable or d.source in st.missing_columns:
            continue
        target, source = quote_ident(d.target), quote_ident(d.source)
        todo = f"{target} IS NULL AND {source} IS NOT NULL"
        con.execute(f"CREATE OR REPLACE TEMP MACRO _derived(v) AS ({d.sql})")
        (n,) = con.execute(f"UPDATE {st.staging} SET {target} = _derived({source}) WHERE {todo}").fetchone()
        if n == 0:
            continue
        unread = con.execute(f"SELECT count(*) FROM {st.staging} WHERE {todo}").fetchone()[0]
        st.missing_columns.discard(d.target)
        note = f"; {unread} could not be read and stay empty" if unread else ""
        problems.append(Problem(st.file, None, d.target, None,
                                f"a value in this column ({n - unread} of {n} read from {d.source}: {d.reads}{note})",
                                "warning"))
    return problems


CURRENT_ROWS: dict[str, str] = {
    # table: its record-date column, absent where the extract holds one current row per young person
    "ssd_care_leavers": "clea_record_date",
}
"""D2I's ssd_care_leavers holds each young person's current status with no date of record; the measures
read the latest record on or before a window's end, so such a row is dated the extract's date: the
latest date in the extract that is not in the future."""


def date_current_rows(con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable], today: str) -> list[Problem]:
    """Date each current-status row without a record date by the extract's date; report it."""
    problems: list[Problem] = []
    for name, column in CURRENT_ROWS.items():
        st = staged[name]
        if not st.present or column not in st.missing_columns or st.rows == 0:
            continue
        dates = [f"SELECT max(d) AS d FROM (SELECT {parse_date_sql(quote_ident(c.name))} AS d FROM {o.staging}) "
                 f"WHERE d <= DATE {quote_literal(today)}"
                 for o in staged.values() if o.present for c in o.table.columns
                 if c.type == "date" and c.name not in o.missing_columns]
        (as_of,) = con.execute(f"SELECT max(d) FROM ({' UNION ALL '.join(dates)})").fetchone()
        if as_of is None:
            continue
        con.execute(f"UPDATE {st.staging} SET {quote_ident(column)} = {quote_literal(as_of.isoformat())}")
        st.missing_columns.discard(column)
        problems.append(Problem(st.file, None, column, None,
                                f"this column (missing: each row read as the young person's current record, "
                                f"dated {as_of:%Y-%m-%d}, the latest date in the extract)", "warning"))
    return problems
