"""`load_folder`: validate a folder of SSD files and, if it is clean, build a new snapshot.

Order of work: authority.toml, then every table staged as text in an in-memory DuckDB, then all
checks (set-based), then - only when there is no error - the typed snapshot is written through
warehouse.writer so that the current snapshot changes atomically or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import duckdb

from lineofsight.ingest import checks, mapping
from lineofsight.ingest.derive import date_current_rows, derive
from lineofsight.ingest.problems import Problem
from lineofsight.ingest.reader import StagedTable, fill_person_via, stage_table
from lineofsight.ingest.resolve import resolve_references
from lineofsight.ingest.values import quote_ident, quote_literal, typed_sql
from lineofsight.schema.authority import Authority, AuthorityError, authority_toml, load_authority
from lineofsight.schema.ddl import create_table_sql
from lineofsight.schema.model import Table
from lineofsight.schema.tables import TABLES
from lineofsight.warehouse.calendar import create_calendar
from lineofsight.warehouse.derived import create_derived
from lineofsight.warehouse.snapshots import (
    META_TABLE,
    SSD_VERSION,
    current_id,
    row_counts,
    snapshot_meta,
    snapshot_path,
)
from lineofsight.warehouse.writer import SnapshotWriter, pause_for_tests

AUTHORITY_FILE = "authority.toml"
KNOWN_OTHER_FILES = {"defects.csv", mapping.COUNCIL_FILE}  # the generator's answer key; the council's value map
DEFAULT_CAP = 50
CALENDAR_YEARS_BEFORE, CALENDAR_YEARS_AFTER = 7, 2

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class LoadResult:
    source: str
    dry_run: bool = False
    snapshot_id: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    omitted: list[tuple[str, str | None, int]] = field(default_factory=list)  # (file, column, more problems)
    smaller: bool = False  # refused (in part) because it would replace the current snapshot with a smaller one

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(n for *_, n in self.omitted)

    def raise_for_errors(self) -> LoadResult:
        """For callers (scripts, test fixtures) that want an exception rather than checking `ok`."""
        if not self.ok:
            raise LoadError(self)
        return self


class LoadError(Exception):
    """The folder had errors; `.result` holds every problem. The message lists the first few."""

    def __init__(self, result: LoadResult) -> None:
        first = "; ".join(str(p) for p in result.errors[:3])
        super().__init__(f"{len(result.errors)} error(s) in {result.source}: {first}")
        self.result = result


def _authority_text(source: str, authority: Authority) -> str:
    """The authority file as written, so optional sections (e.g. neighbour figures) survive the load."""
    path = Path(source) / AUTHORITY_FILE
    return path.read_text(encoding="utf-8-sig") if path.is_file() else authority_toml(authority)


def _read_authority(folder: Path) -> tuple[Authority | None, Problem | None]:
    path = folder / AUTHORITY_FILE
    if not path.is_file():
        return None, Problem(AUTHORITY_FILE, None, None, None,
                             "authority.toml beside the tables (la_code, la_name, region and [population])")
    try:
        return load_authority(path), None
    except UnicodeDecodeError:
        return None, Problem(AUTHORITY_FILE, None, None, None, "UTF-8 text")
    except AuthorityError as exc:
        detail = str(exc).removeprefix(f"{path}: ")
        line = re.search(r"at line (\d+)", detail)
        return None, Problem(AUTHORITY_FILE, int(line.group(1)) if line else None, None, None,
                             f"valid authority metadata ({detail})")


EXTRA_COLUMNS = "_extra_columns"
EXTRA_FILE_PREFIX = "_file_"


def _unknown_files(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[dict[str, str], list[Problem]]:
    """Files that are not a table of this schema (a table D2I added, a misnamed file): each is stored
    with the snapshot as it came, every value as text, and named in the report, never dropped."""
    tables = {t.name for t in TABLES}
    stored: dict[str, str] = {}
    problems = []
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() not in (".csv", ".parquet") or p.stem in tables or p.name in KNOWN_OTHER_FILES:
            continue
        name = EXTRA_FILE_PREFIX + re.sub(r"[^a-z0-9_]", "_", p.stem.lower())
        source = (f"read_parquet({quote_literal(str(p))})" if p.suffix.lower() == ".parquet" else
                  f"read_csv({quote_literal(str(p))}, all_varchar=true, header=true)")
        try:
            con.execute(f"CREATE OR REPLACE TABLE {quote_ident('stg' + name)} AS SELECT * FROM {source}")
        except duckdb.Error:
            problems.append(Problem(p.name, None, None, None, "a readable CSV or Parquet file (this one is not "
                                    "a table of the schema and could not be read: not stored)", "warning"))
            continue
        stored[name] = "stg" + name
        problems.append(Problem(p.name, None, None, None, "a file named after a schema table (not one: stored "
                                f"with the snapshot as it came, as table {name})", "warning"))
    return stored, problems


SHRINK_LIMIT = 0.5  # a table that lost more than half its rows
SHRINK_MIN_ROWS = 20  # ...of at least this many: a handful of test rows may come and go


def shrinkage(rows: dict[str, int], current: dict[str, int] | None) -> list[Problem]:
    """Why a new snapshot would be worse than the current one: no SSD rows at all, or a table that
    lost most of its rows (a folder of the wrong files, a half-finished export). Loading it anyway
    needs `replace_smaller`, so good data is never replaced by worse without someone saying so."""
    if sum(rows.values()) == 0:
        return [Problem("(folder)", None, None, None, "at least one SSD table with rows (none found: nothing "
                        "to load; file names must be the SSD table names, e.g. ssd_person.csv)")]
    if not current:
        return []
    lost = [(t, n, rows.get(t, 0)) for t, n in current.items()
            if n >= SHRINK_MIN_ROWS and rows.get(t, 0) < n * (1 - SHRINK_LIMIT)]
    return [Problem(f"{t}.csv", None, None, None, f"about as many rows as the current snapshot's {n:,} (found "
                    f"{now:,}; load with --replace-smaller if the smaller extract is right)") for t, n, now in lost]


def load_folder(
    path: str | Path,
    dry_run: bool = False,
    *,
    cap: int = DEFAULT_CAP,
    problems_csv: str | Path | None = None,
    progress: Progress | None = None,
    replace_smaller: bool = False,
) -> LoadResult:
    """Validate the SSD files in `path`; unless `dry_run` or anything is wrong, make a new current snapshot."""
    folder = Path(path)
    result = LoadResult(source=str(path), dry_run=dry_run)
    tell = progress or (lambda what, done, total: None)
    if not folder.is_dir():
        result.problems = [Problem(str(path), None, None, None, "a folder of SSD tables (<table>.csv or .parquet)")]
        return result
    con = duckdb.connect()
    try:
        checks.create_problems_table(con)
        authority, problem = _read_authority(folder)
        checks.add_problems(con, [problem] if problem else [])
        staged: dict[str, StagedTable] = {}
        for i, (st, found) in enumerate(_stage_all(con, folder)):
            tell(f"reading {st.table.name}", i, len(TABLES))
            staged[st.table.name] = st
            checks.add_problems(con, found)
        fill_person_via(con, staged)
        checks.add_problems(con, derive(con, staged))
        checks.add_problems(con, date_current_rows(con, staged, dt.date.today().isoformat()))
        checks.add_problems(con, mapping.create_map(con, folder))
        checks.add_problems(con, mapping.apply_map(con, staged))
        checks.add_problems(con, resolve_references(con, staged))
        extra_files, found = _unknown_files(con, folder)
        checks.add_problems(con, found)
        tell("checking", len(TABLES), len(TABLES))
        checks.run_checks(con, staged)
        result.rows = {name: st.rows for name, st in staged.items()}
        if not replace_smaller:
            shrunk = shrinkage(result.rows, _current_rows())
            result.smaller = bool(shrunk)
            checks.add_problems(con, shrunk)
        file_order = ["(folder)", AUTHORITY_FILE] + [st.file for st in staged.values()]
        result.problems, result.omitted = checks.fetch_problems(con, file_order, cap)
        if problems_csv:
            checks.export_problems(con, str(problems_csv))
        result.rows = {name: st.rows for name, st in staged.items()}
        if result.ok and not dry_run:
            assert authority is not None
            result.snapshot_id = _write_snapshot(con, staged, authority, str(path), tell, extra_files)
    finally:
        con.close()
    return result


STAGING_THREADS = 2


def _stage_all(con: duckdb.DuckDBPyConnection, folder: Path) -> Iterator[tuple[StagedTable, list[Problem]]]:
    """Every table staged, in schema order, two at a time on cursors of their own: most files are smaller than
    DuckDB's unit of parallel work (a row group), so reading one table at a time left a core idle."""
    def stage(table: Table) -> tuple[StagedTable, list[Problem]]:
        with con.cursor() as cur:
            return stage_table(cur, folder, table)

    with ThreadPoolExecutor(STAGING_THREADS) as pool:
        yield from pool.map(stage, TABLES)


def _current_rows() -> dict[str, int] | None:
    """The current snapshot's row counts (opening that one snapshot, not every one kept)."""
    sid = current_id()
    if sid is None:
        return None
    with duckdb.connect(str(snapshot_path(sid)), read_only=True) as con:  # whatever SSD version it was loaded with
        return row_counts(snapshot_meta(con))


def _write_snapshot(
    con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable], authority: Authority, source: str,
    tell: Progress, extra_files: dict[str, str] | None = None,
) -> str:
    """Write every typed table, the calendar and _snapshot in ONE transaction (one flush to disk, not dozens)."""
    typed = _convert(con, staged)
    with SnapshotWriter() as writer:
        con.execute(f"ATTACH {quote_literal(str(writer.temp_path))} AS snap")
        try:
            con.execute("USE snap")
            con.execute("BEGIN TRANSACTION")
            for i, st in enumerate(staged.values(), start=1):
                tell(f"writing {st.table.name}", i - 1, len(staged))
                con.execute(create_table_sql(st.table))
                if not st.rows:
                    pause_for_tests(i)
                    continue
                cols = ", ".join(quote_ident(c.name) for c in st.table.columns)
                con.execute(f"INSERT INTO {st.table.name} ({cols}) SELECT * FROM memory.main.{typed[st.table.name]}")
                pause_for_tests(i)
            con.execute(f"CREATE TABLE {EXTRA_COLUMNS} (table_name VARCHAR, row BIGINT, column_name VARCHAR, "
                        "value VARCHAR)")
            for st in staged.values():
                if st.extras:
                    con.execute(f"INSERT INTO {EXTRA_COLUMNS} SELECT {quote_literal(st.table.name)}, row, column_name, "
                                f"value FROM memory.main.{st.extras}")
            for name, staging in (extra_files or {}).items():
                con.execute(f"CREATE TABLE {quote_ident(name)} AS SELECT * FROM memory.main.{quote_ident(staging)}")
            tell("calendar", len(staged), len(staged))
            start, end = _calendar_span(con)
            create_calendar(con, start, end)
            create_derived(con)
            meta = {
                "id": writer.id,
                "loaded_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "source": source,
                "authority_toml": _authority_text(source, authority),
                "lineofsight_version": version("lineofsight"),
                "ssd_version": SSD_VERSION,
                "calendar": f"{start.isoformat()}..{end.isoformat()}",
                **{f"rows:{name}": str(st.rows) for name, st in staged.items()},
                # What the extract did not hold, so a measure needing it says so instead of showing 0.
                "absent": json.dumps({name: sorted(st.table.column_names if not st.present else st.missing_columns)
                                      for name, st in staged.items()
                                      if not st.present or st.missing_columns}, sort_keys=True),
            }
            con.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
            con.executemany(f"INSERT INTO {META_TABLE} VALUES (?, ?)", list(meta.items()))
            con.execute("COMMIT")
            con.execute("CHECKPOINT snap")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        finally:
            con.execute("USE memory")
            con.execute("DETACH snap")
    return writer.id


def _convert(con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]) -> dict[str, str]:
    """Each staged table with rows converted to its column types in memory, two at a time on cursors of their
    own (converting, dates above all, was most of writing a snapshot, and its one transaction takes one writer at
    a time), each staging table dropped once converted; the name of each typed table."""
    def convert(st: StagedTable) -> tuple[str, str]:
        name = f"typ_{st.table.name}"
        typed = ", ".join(typed_sql(c, quote_ident(c.name)) for c in st.table.columns)
        with con.cursor() as cur:
            cur.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {typed} FROM {st.staging}")
            cur.execute(f"DROP TABLE {st.staging}")
        return st.table.name, name

    with ThreadPoolExecutor(STAGING_THREADS) as pool:
        return dict(pool.map(convert, [st for st in staged.values() if st.rows]))


def _calendar_span(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """From the earliest date in the data (or 7 years before the latest, if earlier) to 2 years after the latest."""
    parts = [
        f"SELECT min({quote_ident(c.name)}) AS lo, max({quote_ident(c.name)}) AS hi FROM {t.name}"
        for t in TABLES for c in t.columns if c.type == "date"
    ]
    lo, hi = con.execute(f"SELECT min(lo), max(hi) FROM ({' UNION ALL '.join(parts)})").fetchone()
    hi = hi or dt.date.today()
    back = hi.replace(year=hi.year - CALENDAR_YEARS_BEFORE, day=min(hi.day, 28))
    start = min(lo or back, back)
    end = hi.replace(year=hi.year + CALENDAR_YEARS_AFTER, day=min(hi.day, 28))
    return start, end
