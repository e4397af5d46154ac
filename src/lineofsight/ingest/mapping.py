"""Descriptions and legacy codes read as the DfE codes we compute with, declared as data.

Case systems feed many SSD fields from a lookup's description (`Neglect`, `Suitable`, `Interim care
order`) rather than its code. The map is built from three sources, later ones winning:
1. every code list's own descriptions (lineofsight.schema.codes), compared case-insensitively;
2. `schema/value_map.csv`: wordings and legacy codes seen in case systems and D2I's SSD scripts;
3. a council's own `value_map.csv` beside its tables (same columns), for its system's wordings.
A value already in its list is never mapped. One UPDATE per coded column, set-based; the load
report lists every mapping applied with its count. A value still outside the list loads as written
and is reported (the data-quality rules then point at the record).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from lineofsight.ingest.problems import Problem
from lineofsight.ingest.reader import StagedTable
from lineofsight.ingest.values import quote_ident, quote_literal
from lineofsight.schema.codes import CODE_LISTS

BUILT_IN = Path(__file__).resolve().parents[1] / "schema" / "value_map.csv"
COUNCIL_FILE = "value_map.csv"
MAP_TABLE = "_value_map"


def _rows(path: Path) -> list[tuple[str, str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [(r["code_list"].strip(), r["value"].strip().lower(), r["code"].strip()) for r in csv.DictReader(fh)
                if r.get("code_list") and r.get("value") and r.get("code")]


def create_map(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Problem]:
    """The `_value_map` table (code_list, value lower case, code); problems with a council's file."""
    entries: dict[tuple[str, str], str] = {}
    for name, codes in CODE_LISTS.items():
        for code, description in codes.items():
            entries[(name, description.lower())] = code
    for lst, value, code in _rows(BUILT_IN):
        entries[(lst, value)] = code
    problems: list[Problem] = []
    council = folder / COUNCIL_FILE
    if council.is_file():
        try:
            for lst, value, code in _rows(council):
                if lst not in CODE_LISTS or code not in CODE_LISTS[lst]:
                    problems.append(Problem(COUNCIL_FILE, None, "code", code,
                                            f"a code of the {lst} list (this mapping is ignored)", "warning"))
                    continue
                entries[(lst, value)] = code
        except (KeyError, UnicodeDecodeError, csv.Error):
            problems.append(Problem(COUNCIL_FILE, 1, None, None, "a CSV with columns code_list, value, code"))
    con.execute(f"CREATE OR REPLACE TABLE {MAP_TABLE} (code_list VARCHAR, value VARCHAR, code VARCHAR)")
    # one statement for every entry (executemany runs one INSERT per row)
    con.execute(f"INSERT INTO {MAP_TABLE} SELECT unnest(?), unnest(?), unnest(?)",
                [[k[0] for k in entries], [k[1] for k in entries], list(entries.values())])
    return problems


def apply_map(con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]) -> list[Problem]:
    """Replace mapped values in the staging tables; one report line per (column, value, code) applied."""
    problems: list[Problem] = []
    for st in staged.values():
        if not st.present or not st.readable or not st.rows:
            continue
        for c in st.table.columns:
            lst = c.codes or ("flag" if c.type == "flag" else None)
            if lst is None or c.name in st.missing_columns:
                continue
            col = quote_ident(c.name)
            valid = ", ".join(quote_literal(code) for code in CODE_LISTS[lst])
            where = (f"m.code_list = {quote_literal(lst)} AND m.value = lower(s.{col}) AND s.{col} NOT IN ({valid})"
                     if c.type != "flag" else
                     f"m.code_list = 'flag' AND m.value = lower(s.{col}) AND upper(s.{col}) NOT IN ('Y', 'N')")
            applied = con.execute(f"SELECT s.{col}, m.code, count(*) FROM {st.staging} s, {MAP_TABLE} m "
                                  f"WHERE {where} GROUP BY ALL ORDER BY 3 DESC, 1").fetchall()
            if not applied:
                continue
            con.execute(f"UPDATE {st.staging} s SET {col} = m.code FROM {MAP_TABLE} m WHERE {where}")
            problems += [Problem(st.file, None, c.name, value, f"a code of the {lst} list (read as {code} in "
                                 f"{n} row(s))", "warning") for value, code, n in applied]
    return problems
