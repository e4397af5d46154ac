"""Reading a folder of SSD files into DuckDB staging tables, every value as trimmed text.

Each schema table becomes `stg_<table>` with exactly the declared columns (absent ones NULL) in
file order, so `rowid` gives the row a person sees in the file. CSV is read by DuckDB with every
column as text and rejected rows recorded (wrong number of fields, bad quoting, bytes that are not
UTF-8) rather than stopping at the first; DuckDB's own messages are not passed on because they
quote whole lines of child data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lineofsight.ingest.problems import COLLECT_LIMIT, Problem
from lineofsight.ingest.values import (
    COUNTED_PLACEHOLDERS,
    PLACEHOLDER_DATE,
    clean_sql,
    is_placeholder_sql,
    quote_ident,
    quote_literal,
)
from lineofsight.schema import aliases
from lineofsight.schema.model import Table

CSV_ROW_OFFSET = 2  # header is row 1
PARQUET_ROW_OFFSET = 1  # no header: the first record is row 1

REJECT_EXPECTED = {
    "TOO MANY COLUMNS": "no more fields than the header has ({n})",
    "MISSING COLUMNS": "as many fields as the header has ({n})",
    "UNQUOTED VALUE": 'a closing double quote for a quoted value (quotes inside a value are written "")',
    "INVALID ENCODING": "UTF-8 text (save the file as 'CSV UTF-8')",
    "LINE SIZE OVER MAXIMUM": "a row shorter than 2 MB",
}


@dataclass
class StagedTable:
    table: Table
    file: str  # the file's name in the folder (or the name it should have had)
    staging: str
    present: bool = False
    row_offset: int = CSV_ROW_OFFSET
    rows: int = 0
    readable: bool = True  # False when rows were rejected: row numbers could not be trusted
    missing_columns: set[str] = field(default_factory=set)
    extra_columns: dict[str, int] = field(default_factory=dict)  # name -> position: kept, never dropped
    extras: str | None = None  # staging table of extra values (row, column_name, value), when any
    person_via: tuple[str, str, str, str] | None = None  # see schema.aliases.PERSON_VIA

    @property
    def extras_staging(self) -> str:
        return f"xtr_{self.table.name}"


def stage_table(con: duckdb.DuckDBPyConnection, folder: Path, table: Table) -> tuple[StagedTable, list[Problem]]:
    """Stage one table from `<table>.csv` or `<table>.parquet` (absent = empty, with a warning)."""
    csv_path, pq_path = folder / f"{table.name}.csv", folder / f"{table.name}.parquet"
    staged = StagedTable(table, csv_path.name, f"stg_{table.name}")
    if csv_path.exists() and pq_path.exists():
        _stage_empty(con, staged)
        staged.readable = False
        return staged, [Problem(csv_path.name, None, None, None,
                                f"one file per table, but {pq_path.name} is there too: remove one")]
    if pq_path.exists():
        staged.file, staged.row_offset = pq_path.name, PARQUET_ROW_OFFSET
        problems = _stage_parquet(con, pq_path, staged)
    elif csv_path.exists():
        problems = _stage_csv(con, csv_path, staged)
    else:
        _stage_empty(con, staged)
        return staged, [Problem(csv_path.name, None, None, None,
                                "a file for this table (none found: loaded as an empty table)", "warning")]
    staged.present = True
    staged.rows = con.execute(f"SELECT count(*) FROM {staged.staging}").fetchone()[0]
    return staged, problems


def _stage_empty(con: duckdb.DuckDBPyConnection, staged: StagedTable) -> None:
    cols = ", ".join(f"{quote_ident(c)} VARCHAR" for c in staged.table.column_names)
    con.execute(f"CREATE OR REPLACE TABLE {staged.staging} ({cols})")


def _match_columns(staged: StagedTable, header: list[str], file: str) -> tuple[dict[str, int], list[Problem]]:
    """Map declared columns to positions in the file's header (through declared aliases); report the
    aliases used, missing columns and extra ones (kept with the snapshot, never dropped)."""
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    seen: set[str] = set()
    names, used = aliases.resolve(staged.table.name, header)
    for found, as_ in used:
        problems.append(Problem(file, 1, found, None, f"a column of this schema (read as {as_}: a declared alias)",
                                "warning"))
    for i, (raw, name) in enumerate(zip(header, names, strict=True)):
        if name in seen:
            problems.append(Problem(file, 1, raw, None, "each column name once in the header"))
            continue
        seen.add(name)
        if name in staged.table.column_names:
            positions[name] = i
        elif name:
            staged.extra_columns[name] = i
            problems.append(Problem(file, 1, raw, None, f"a column of {staged.table.name} (not in this schema: "
                                    "kept with the snapshot in _extra_columns)", "warning"))
        else:
            problems.append(Problem(file, 1, f"(column {i + 1}, no name)", None,
                                    "a column name in the header (column ignored)", "warning"))
    t = staged.table
    for c in t.columns:
        if c.name in positions:
            continue
        if c.name == t.primary_key and t.person_column in positions:
            # D2I's one-row-per-child tables (immunisations, care leavers) have no row id: the child is the key.
            positions[c.name] = positions[t.person_column]
            problems.append(Problem(file, 1, c.name, None, f"this column (missing: each row keyed by its "
                                    f"{t.person_column}, so one row per child)", "warning"))
            continue
        via = aliases.PERSON_VIA.get(t.name)
        if c.name == t.person_column and via and via[0] in positions:
            staged.person_via = via  # filled from the parent record once every table is staged
            problems.append(Problem(file, 1, c.name, None, f"this column (missing: each record's child taken "
                                    f"from {via[1]} through {via[0]})", "warning"))
            continue
        staged.missing_columns.add(c.name)
        if c.nullable or c.name == t.main_date:
            problems.append(Problem(file, 1, c.name, None, "this column (missing: loaded as empty)", "warning"))
        else:
            problems.append(Problem(file, 1, c.name, None, f"a column named {c.name} (it is required)"))
    return positions, problems


def _may_hold_placeholders(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    """Whether the file's text holds a placeholder anywhere: one pass over its bytes, where counting them column by
    column costs a pass over every value (a tenth of a load; most files have none). A placeholder value is
    verbatim in the file (none holds a quote), and upper() maps character by character, so one that upper-cases
    to SSD_PH is found in the whole text upper-cased. A file DuckDB cannot read as text is counted as before."""
    texts = COUNTED_PLACEHOLDERS
    try:
        return con.execute(
            f"SELECT {' OR '.join(f'contains(u, {quote_literal(p)})' for p in texts)} OR contains(content, "
            f"{quote_literal(PLACEHOLDER_DATE)}) FROM (SELECT content, upper(content) AS u FROM read_text(?))",
            [str(path)]).fetchone()[0]
    except duckdb.Error:
        return True


def _placeholders(con: duckdb.DuckDBPyConnection, raw: str, staged: StagedTable,
                  positions: dict[str, int]) -> list[Problem]:
    """One warning per column that held placeholders (SSD_PH, 1900-01-01 ...), with the count."""
    if not positions:
        return []
    counts = con.execute("SELECT " + ", ".join(
        f"count_if({is_placeholder_sql(f'c{i}')})" for i in positions.values()) + f" FROM {raw}").fetchone()
    return [Problem(staged.file, None, name, None, f"a value or an empty cell ({n} placeholder value(s) such as "
                    "SSD_PH or 1900-01-01 read as empty)", "warning")
            for name, n in zip(positions, counts, strict=True) if n]


def _stage_extras(con: duckdb.DuckDBPyConnection, raw: str, staged: StagedTable) -> None:
    """Every non-empty value of the columns this schema does not know, long format, in file order."""
    if not staged.extra_columns:
        return
    parts = [f"SELECT rowid + {staged.row_offset} AS row, {quote_literal(name)} AS column_name, "
             f"{clean_sql(f'c{i}')} AS value FROM {raw}" for name, i in staged.extra_columns.items()]
    con.execute(f"CREATE OR REPLACE TABLE {staged.extras_staging} AS SELECT * FROM ("
                + " UNION ALL ".join(parts) + ") WHERE value IS NOT NULL")
    staged.extras = staged.extras_staging


def _read_header(path: Path) -> tuple[list[str] | None, Problem | None]:
    with open(path, "rb") as fh:
        first = fh.readline()
    if not first.strip():
        return None, None
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, Problem(path.name, 1, None, f"byte 0x{first[exc.start]:02X}", REJECT_EXPECTED["INVALID ENCODING"])
    return next(csv.reader([line.rstrip("\r\n")])), None


def _stage_csv(con: duckdb.DuckDBPyConnection, path: Path, staged: StagedTable) -> list[Problem]:
    header, problem = _read_header(path)
    if problem:
        _stage_empty(con, staged)
        staged.readable = False
        return [problem]
    if header is None:
        _stage_empty(con, staged)
        return [Problem(path.name, None, None, None, "a header row (the file is empty: loaded as an empty table)",
                        "warning")]
    positions, problems = _match_columns(staged, header, path.name)
    raw = {f"c{i}": "VARCHAR" for i in range(len(header))}
    select = ", ".join(
        f"{clean_sql(f'c{positions[c]}')} AS {quote_ident(c)}" if c in positions else f"NULL::VARCHAR AS {quote_ident(c)}"
        for c in staged.table.column_names
    )
    rejects, whole = f"rej_{staged.table.name}", f"raw_{staged.table.name}"
    source = (f"read_csv({quote_literal(str(path))}, columns={raw!r}, header=true, auto_detect=false, delim=',', "
              f"quote='\"', escape='\"', ignore_errors=true, store_rejects=true, rejects_table='{rejects}', "
              f"rejects_scan='{rejects}_scan', rejects_limit={COLLECT_LIMIT + 1})")  # malformed rows kept: never millions
    try:
        if not staged.extra_columns and not _may_hold_placeholders(con, path):
            # nothing to count or keep from the text as it came: read straight into the staging table, in file order
            con.execute(f"CREATE OR REPLACE TABLE {staged.staging} AS SELECT {select} FROM {source}")
        else:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {whole} AS SELECT * FROM {source}")
            con.execute(f"CREATE OR REPLACE TABLE {staged.staging} AS SELECT {select} FROM {whole} ORDER BY rowid")
            if con.execute(f"SELECT count(*) FROM {whole}").fetchone()[0]:  # a header alone: no scans
                problems += _placeholders(con, whole, staged, positions)
                _stage_extras(con, whole, staged)
            con.execute(f"DROP TABLE {whole}")
    except duckdb.Error:  # DuckDB's message may quote a line of child data: give our own
        _stage_empty(con, staged)
        staged.readable = False
        return [*problems, Problem(path.name, None, None, None, "a readable CSV file (comma-separated, UTF-8)")]
    found = con.execute(
        f"SELECT line, column_name, CAST(error_type AS VARCHAR) FROM {rejects} ORDER BY line LIMIT {COLLECT_LIMIT}"
    ).fetchall()
    if con.execute(f"SELECT count(*) FROM {rejects}").fetchone()[0] > COLLECT_LIMIT:
        problems.append(Problem(path.name, None, None, None,
                                f"well-formed rows (more malformed rows after the first {COLLECT_LIMIT:,}, not listed)"))
    for line, column, kind in found:
        staged.readable = False
        name = header[int(column[1:])] if column and column[1:].isdigit() else None
        expected = REJECT_EXPECTED.get(kind, "a well-formed CSV row").format(n=len(header))
        problems.append(Problem(path.name, int(line), name, None, expected))
    con.execute(f"DROP TABLE IF EXISTS {rejects}; DROP TABLE IF EXISTS {rejects}_scan")
    return problems


def _stage_parquet(con: duckdb.DuckDBPyConnection, path: Path, staged: StagedTable) -> list[Problem]:
    source = f"read_parquet({quote_literal(str(path))})"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error:
        _stage_empty(con, staged)
        staged.readable = False
        return [Problem(path.name, None, None, None, "a readable Parquet file")]
    types = {name: dtype for name, dtype, *_ in described}
    positions, problems = _match_columns(staged, list(types), path.name)
    by_position = list(types)
    exprs = []
    for c in staged.table.column_names:
        if c not in positions:
            exprs.append(f"NULL::VARCHAR AS {quote_ident(c)}")
            continue
        src = quote_ident(by_position[positions[c]])
        dtype = types[by_position[positions[c]]]
        if dtype == "BOOLEAN":
            value = f"CASE WHEN {src} THEN 'Y' WHEN NOT {src} THEN 'N' END"
        elif dtype == "DATE" or dtype.startswith("TIMESTAMP"):
            value = f"strftime(CAST({src} AS DATE), '%Y-%m-%d')"
        else:
            value = f"CAST({src} AS VARCHAR)"
        exprs.append(f"{clean_sql(value)} AS {quote_ident(c)}")
    con.execute(f"CREATE OR REPLACE TABLE {staged.staging} AS SELECT {', '.join(exprs)} FROM {source}")
    return problems


def fill_person_via(con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]) -> None:
    """Give each record of a table staged without its person column the child of its parent record."""
    for st in staged.values():
        if st.person_via is None:
            continue
        link, parent, key, person = st.person_via
        col = quote_ident(st.table.person_column or "")
        con.execute(f"UPDATE {st.staging} s SET {col} = p.person FROM (SELECT {quote_ident(key)} AS k, "
                    f"any_value({quote_ident(person)}) AS person FROM {staged[parent].staging} GROUP BY 1) p "
                    f"WHERE s.{quote_ident(link)} = p.k")
