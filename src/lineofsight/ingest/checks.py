"""Every check the schema implies, run set-based in DuckDB over the staging tables.

Errors (the load is refused, nothing changes) only for what makes the data unreadable or ambiguous:
a missing key, a date or number that cannot be read, a key used twice. What a council's extract
normally holds loads and is reported as a warning, and the data-quality rules then point at the
record and its team: a code outside the DfE list, a flag that is not Y or N, a reference to a
record that is not in the extract (D2I turned its own foreign keys off: workers arrive as names or
staff numbers), an empty main date (a conference booked but not yet held, a review planned).

Derived from lineofsight.schema.TABLES only: required (non-nullable) columns, column types, code
lists, primary-key uniqueness and `references`. Each check is one SELECT over a staging table
that returns the offending rows; they all land in one `_problems` table, so a file with a
thousand bad dates costs one query, not a thousand Python steps.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb

from lineofsight.ingest.problems import COLLECT_LIMIT, HIDDEN, Problem, is_hidden
from lineofsight.ingest.reader import StagedTable
from lineofsight.ingest.values import expected_text, quote_ident, quote_literal, refuses, valid_sql

LOADED = " (loaded as written; the data-quality rules report the record)"

PROBLEMS = "_problems"
SHOWN_CHARS = 80  # a value is shown up to this length in the report


def create_problems_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"CREATE OR REPLACE TABLE {PROBLEMS} (file VARCHAR, row BIGINT, column_name VARCHAR, "
        "value VARCHAR, expected VARCHAR, severity VARCHAR)"
    )


def add_problems(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    if problems:  # one statement, in order (executemany runs one INSERT per problem)
        con.execute(
            f"INSERT INTO {PROBLEMS} SELECT unnest(?::VARCHAR[]), unnest(?::BIGINT[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [list(column) for column in zip(*((p.file, p.row, p.column, p.value, p.expected, p.severity)
                                              for p in problems), strict=True)],
        )


@dataclass(frozen=True)
class Check:
    """One check: `select` returns its problem rows; `count` is an aggregate over `<staging> s` counting
    them, so every check of a table is counted in one scan and only a check that found something runs."""

    select: str
    count: str


def _check(st: StagedTable, column: str, shown: str, expected: str, where: str, severity: str = "error",
           source: str | None = None, count: str | None = None) -> Check:
    """`source` (the staging table as `s` joined to what the check needs) needs its own `count`."""
    return Check(
        f"SELECT {quote_literal(st.file)}, s.rowid + {st.row_offset}, {quote_literal(column)}, {shown}, "
        f"{expected}, '{severity}' FROM {source or st.staging + ' s'} WHERE {where}",
        count or f"count_if({where})",
    )


def table_checks(st: StagedTable) -> list[Check]:
    """Checks returning (file, row, column, value, expected, severity) for one table's own rules."""
    checks = []
    for c in st.table.columns:
        if c.name in st.missing_columns:
            continue
        v = f"s.{quote_ident(c.name)}"
        shown = quote_literal(HIDDEN) if is_hidden(st.table, c) else f"left({v}, {SHOWN_CHARS})"
        if not c.nullable and c.name == st.table.main_date:
            checks.append(_check(st, c.name, "NULL", quote_literal(f"a date (empty: a planned or booked record?){LOADED}"),
                                 f"{v} IS NULL", severity="warning"))
        elif not c.nullable:
            checks.append(_check(st, c.name, "NULL", quote_literal(f"a value ({c.name} is required)"), f"{v} IS NULL"))
        ok = valid_sql(c, v)
        if ok:
            hard = refuses(c)
            checks.append(_check(st, c.name, shown, quote_literal(expected_text(c) + ("" if hard else LOADED)),
                                 f"{v} IS NOT NULL AND NOT ({ok})", severity="error" if hard else "warning"))
    pk = st.table.primary_key
    if pk not in st.missing_columns:
        v = f"s.{quote_ident(pk)}"
        shown = quote_literal(HIDDEN) if is_hidden(st.table, st.table.column(pk)) else f"left({v}, {SHOWN_CHARS})"
        dupes = (
            f"(SELECT {quote_ident(pk)} AS k, min(rowid) AS first FROM {st.staging} WHERE {quote_ident(pk)} IS NOT NULL "
            f"GROUP BY 1 HAVING count(*) > 1)"
        )
        checks.append(_check(  # every row of a key after its first: the key's rows less one
            st, pk, shown, f"'a value used once ({pk} is the key): the same value is on row ' || (d.first + {st.row_offset})",
            "s.rowid > d.first", source=f"{st.staging} s JOIN {dupes} d ON {v} = d.k",
            count=f"count({v}) - count(DISTINCT {v})",
        ))
    return checks


def reference_checks(st: StagedTable, staged: dict[str, StagedTable]) -> list[Check]:
    """Checks for values that do not exist in the table they refer to."""
    checks = []
    for c in st.table.columns:
        if not c.references or c.name in st.missing_columns:
            continue
        target_name, target_col = c.references.split(".")
        target = staged[target_name]
        if not target.readable or target_col in target.missing_columns:
            continue  # the target's own problems are reported; checking against half a table would mislead
        v = f"s.{quote_ident(c.name)}"
        shown = quote_literal(HIDDEN) if is_hidden(st.table, c) else f"left({v}, {SHOWN_CHARS})"
        k = quote_ident(target_col)
        keys = f"(SELECT DISTINCT {k} AS k FROM {target.staging})"
        checks.append(_check(
            st, c.name, shown, quote_literal(f"a {target_col} that is in {target.file}{LOADED}"), f"{v} IS NOT NULL",
            severity="warning", source=f"{st.staging} s ANTI JOIN {keys} t ON {v} = t.k",
            count=f"count_if({v} IS NOT NULL AND NOT ({v} IN (SELECT {k} FROM {target.staging} WHERE {k} IS NOT NULL)))",
        ))
    return checks


CHECK_THREADS = 2


def run_checks(con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]) -> None:
    """Insert the row-level problems of every readable staged table into `_problems`: the first
    COLLECT_LIMIT of each check, then one line saying how many more (a 200 MB file with ten million bad
    values once held 6.8 GB collecting them all). Each table's checks are counted in one query first, two
    tables at a time on cursors of their own, so a clean table costs one scan, not one per check (issue 14);
    the problems are then inserted table by table in schema order, as before."""
    def count(st: StagedTable) -> tuple[list[Check], tuple[int, ...]]:
        checks = table_checks(st) + reference_checks(st, staged)
        if not checks:
            return [], ()
        with con.cursor() as cur:
            return checks, cur.execute(f"SELECT {', '.join(c.count for c in checks)} FROM {st.staging} s").fetchone()

    todo = [st for st in staged.values() if st.present and st.readable and st.rows]  # no rows, no problems
    with ThreadPoolExecutor(CHECK_THREADS) as pool:
        counted = list(pool.map(count, todo))
    for checks, counts in counted:
        for check, total in zip(checks, counts, strict=True):
            if total:
                con.execute(f"INSERT INTO {PROBLEMS} SELECT * FROM ({check.select}) LIMIT {COLLECT_LIMIT}")
            if total > COLLECT_LIMIT:
                _count_the_rest(con, check.select, total)


def _count_the_rest(con: duckdb.DuckDBPyConnection, select: str, total: int) -> None:
    """One problem line standing for every problem of a check past the first COLLECT_LIMIT."""
    con.execute(
        f"INSERT INTO {PROBLEMS} SELECT file, NULL, column_name, NULL, expected || ' ({total - COLLECT_LIMIT:,} "
        f"more rows like this not listed)', severity FROM ({select}) t(file, row, column_name, value, expected, "
        "severity) LIMIT 1")


def fetch_problems(
    con: duckdb.DuckDBPyConnection, file_order: list[str], cap: int
) -> tuple[list[Problem], list[tuple[str, str | None, int]]]:
    """Up to `cap` problems per file and column (in row order), and how many more each has."""
    rows = con.execute(
        f"""
        SELECT file, row, column_name, value, expected, severity, n FROM (
            SELECT *, row_number() OVER (PARTITION BY file, column_name ORDER BY row NULLS FIRST) AS rn,
                   count(*) OVER (PARTITION BY file, column_name) AS n
            FROM {PROBLEMS}
        ) WHERE rn <= ?
        """,
        [cap],
    ).fetchall()
    order = {f: i for i, f in enumerate(file_order)}
    rows.sort(key=lambda r: (order.get(r[0], -1), r[0], r[1] if r[1] is not None else -1, r[2] or ""))
    problems = [Problem(f, r, c, v, e, s) for f, r, c, v, e, s, _ in rows]
    omitted = sorted({(f, c, n - cap) for f, _, c, _, _, _, n in rows if n > cap},
                     key=lambda t: (order.get(t[0], -1), t[1] or ""))
    return problems, omitted


def export_problems(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Every problem (no cap) as CSV, values of personal columns already hidden."""
    con.execute(
        f"COPY (SELECT file, row, column_name AS column, value, expected, severity FROM {PROBLEMS} "
        f"ORDER BY file, row NULLS FIRST, column_name) TO {quote_literal(path)} (HEADER, DELIMITER ',')"
    )
