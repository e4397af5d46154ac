"""`lineofsight load DIR` and `lineofsight snapshots`: getting data in, and seeing what is loaded.

Exit status 2 when the files have any error (the current snapshot is then untouched). Values of
personal columns and person ids never appear in the report: they show as "(hidden)".
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from lineofsight.cli.options import HomeOpt, use_home
from lineofsight.formats.load_adapter import national_input
from lineofsight.ingest import ROW_CONVENTION, LoadResult, load_folder
from lineofsight.warehouse.snapshots import list_snapshots
from lineofsight.warehouse.writer import LoadInProgress

EXIT_BAD_INPUT = 2


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _report(result: LoadResult, console: Console) -> None:
    if not result.problems:
        return
    console.print(ROW_CONVENTION, markup=False)
    for p in result.problems:
        style = "red" if p.severity == "error" else "yellow"
        console.print(str(p), style=style, markup=False)
    for file, column, more in result.omitted:
        where = f"{file}, column {column}" if column else file
        console.print(f"... and {more} more problem(s) in {where}", style="red", markup=False)


def load(
    folder: Annotated[Path, typer.Argument(help="Folder holding <table>.csv (or .parquet) files and authority.toml; "
                                           "or Annex A (.xlsx), CIN census (.xml) or SSDA903 (.csv) files.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only: build no snapshot.")] = False,
    problems: Annotated[Path | None, typer.Option(
        "--problems", help="Also write every problem (no cap; personal values hidden) to this CSV file.")] = None,
    cap: Annotated[int, typer.Option(help="Problems printed per file and column.")] = 50,
    authority: Annotated[Path | None, typer.Option(help="authority.toml for national-format input.")] = None,
    la_code: Annotated[str | None, typer.Option(help="LA code for national-format input without one.")] = None,
    population: Annotated[int | None, typer.Option(help="Children aged 0-17, for national-format input.")] = None,
    replace_smaller: Annotated[bool, typer.Option(
        "--replace-smaller", help="Load even if a table has lost most of its rows since the current snapshot.")] = False,
    home: HomeOpt = None,
) -> None:
    """Validate a folder of SSD files and load it as a new snapshot (atomic switch; old ones kept).

    Accepted: UTF-8 CSV with or without a byte-order mark (or Parquet); dates as YYYY-MM-DD or
    dd/mm/yyyy; flags Y/N in either case; codes exactly as in the data dictionary; empty = missing.
    A missing table file, a missing optional column, an unknown column (kept with the snapshot), a
    code outside its list, a broken reference or an empty main date is a warning. Any error (an
    unreadable file or date, a missing key, a key used twice, a table that lost most of its rows
    without --replace-smaller) stops the load with exit status 2 and leaves the current snapshot as it was.
    """
    use_home(home)
    out = _console()
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task("loading", total=1)

        def tell(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        try:
            with national_input(folder, out, authority=authority, la_code=la_code, population=population) as ssd:
                result = load_folder(ssd, dry_run=dry_run, cap=cap, problems_csv=problems, progress=tell,
                                     replace_smaller=replace_smaller)
        except LoadInProgress as exc:
            out.print(str(exc), style="red", markup=False)
            raise typer.Exit(1) from exc
    _report(result, out)
    total = sum(result.rows.values())
    if not result.ok:
        out.print(f"{result.problem_count} problem(s), {len(result.errors)} error(s) listed: "
                  "nothing loaded; the current snapshot is unchanged.", style="bold red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    if dry_run:
        out.print(f"Dry run: {total} rows in {len(result.rows)} tables are valid; nothing loaded.", markup=False)
    else:
        out.print(f"Loaded snapshot {result.snapshot_id}: {total} rows in {len(result.rows)} tables. It is now current.",
                  markup=False)


class Format(StrEnum):
    table = "table"
    json = "json"


def snapshots(
    format: Annotated[Format, typer.Option("--format", help="table (for people) or json (for scripts).")] = Format.table,
    home: HomeOpt = None,
) -> None:
    """List the snapshots loaded so far, oldest first, and which one is current."""
    use_home(home)
    infos = list_snapshots()
    if format is Format.json:
        typer.echo(json.dumps([
            {"id": s.id, "loaded_at": s.loaded_at, "source": s.source, "current": s.current,
             "total_rows": s.total_rows, "rows": s.rows}
            for s in infos
        ], indent=2))
        return
    console = _console()
    if not infos:
        console.print("No snapshots yet: run `lineofsight load DIR`.", markup=False)
        return
    grid = Table(title="Snapshots")
    grid.add_column("id", no_wrap=True)
    grid.add_column("loaded at (UTC)", no_wrap=True)
    grid.add_column("source", overflow="fold")
    grid.add_column("rows", justify="right", no_wrap=True)
    grid.add_column("current", no_wrap=True)
    for s in infos:
        grid.add_row(*(Text(x) for x in (s.id, s.loaded_at, s.source, f"{s.total_rows:,}", "yes" if s.current else "")))
    console.print(grid)
