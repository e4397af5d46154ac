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
from lineofsight.ingest.values import quote_ident


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
        n = con.execute(f"SELECT count(*) FROM {st.staging} WHERE {todo}").fetchone()[0]
        if n == 0:
            continue
        con.execute(f"CREATE OR REPLACE TEMP MACRO _derived(v) AS ({d.sql})")
        con.execute(f"UPDATE {st.staging} SET {target} = _derived({source}) WHERE {todo}")
        unread = con.execute(f"SELECT count(*) FROM {st.staging} WHERE {todo}").fetchone()[0]
        st.missing_columns.discard(d.target)
        note = f"; {unread} could not be read and stay empty" if unread else ""
        problems.append(Problem(st.file, None, d.target, None,
                                f"a value in this column ({n - unread} of {n} read from {d.source}: {d.reads}{note})",
                                "warning"))
    return problems
