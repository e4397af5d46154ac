"""`lineofsight export`: the national returns and inspection lists from the current snapshot.

Every export holds child-level data, so each one appends a line to LINEOFSIGHT_HOME/audit.log
(time, OS user, command, number of children; never identifiers). Exit status 2 on bad options.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from lineofsight.audit_log import record as record_export
from lineofsight.cli.options import HomeOpt, use_home
from lineofsight.formats.errors import FormatError
from lineofsight.formats.return_years import YearNotDeclared, check_year
from lineofsight.warehouse.snapshots import SnapshotError, open_snapshot, snapshot_authority

app = typer.Typer(help="Write Annex A, the CIN census and SSDA903 from the current snapshot.", no_args_is_help=True)
SnapshotOpt = Annotated[str | None, typer.Option("--snapshot", help="Snapshot id (default: the current one).")]
CheckOpt = Annotated[bool, typer.Option("--check", help="Run DfE's validators (Data to Insight's, in .venv-validators) "
                                        "on the return and print its errors by rule and child; exit 1 on errors.")]
EXIT_BAD_INPUT = 2


def _open(snapshot: str | None):
    try:
        return open_snapshot(snapshot)
    except SnapshotError as exc:
        Console(stderr=True).print(str(exc), style="red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from exc


def _fail(exc: Exception) -> None:
    Console(stderr=True).print(str(exc), style="red", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT) from exc


def _year(year: int) -> None:
    """Each return is written with its collection year's rules: refuse a year none are declared for."""
    try:
        check_year(year)
    except YearNotDeclared as exc:
        _fail(exc)


@app.command("cin-census")
def cin_census(
    year: Annotated[int, typer.Option(help="Collection year: the census for the year ending 31 March YEAR.")],
    out: Annotated[Path, typer.Option(help="XML file to write.")],
    lea: Annotated[str | None, typer.Option(help="Three-digit DfE LA number (default: the authority's la_code).")] = None,
    snapshot: SnapshotOpt = None,
    check: CheckOpt = False,
    home: HomeOpt = None,
) -> None:
    """The children in need census (DfE XML) for a collection year."""
    use_home(home)
    _year(year)
    from lineofsight.formats.cin_xml_write import write_cin_census

    con = _open(snapshot)
    try:
        summary = write_cin_census(con, year, out, la_code=snapshot_authority(con).la_code, lea=lea)
        record_export(f"export cin-census --year {year}", summary.children)
        typer.echo(f"Wrote {out}: {summary.children} children, "
                   + ", ".join(f"{n} {name}" for name, n in summary.rows.items()))
        if check:
            from lineofsight.cli.export_check import check as run_check

            run_check(con, "cin", out, year, snapshot_authority(con).la_code)
    except FormatError as exc:
        _fail(exc)
    finally:
        con.close()


@app.command("ssda903")
def ssda903(
    year: Annotated[int, typer.Option(help="Collection year: the return for the year ending 31 March YEAR.")],
    out: Annotated[Path, typer.Option(help="Folder to write the CSV files into.")],
    snapshot: SnapshotOpt = None,
    check: CheckOpt = False,
    home: HomeOpt = None,
) -> None:
    """The SSDA903 return (children looked after, CSV set) for a collection year."""
    use_home(home)
    _year(year)
    from lineofsight.formats.ssda903_write import write_ssda903

    con = _open(snapshot)
    try:
        summary = write_ssda903(con, year, out)
        record_export(f"export ssda903 --year {year}", summary.children)
        typer.echo(f"Wrote {out}: {summary.children} children, "
                   + ", ".join(f"{n} {name}" for name, n in summary.rows.items()))
        # What that year's rules would not let us write as the snapshot holds it: codes written as DfE's
        # successor are counted; anything left blank is named by child, to be recorded again.
        mapped = Counter((n.rule, n.message) for n in summary.notes if n.mapped)
        for (rule, message), n in sorted(mapped.items()):
            typer.echo(f"  {n} {'child' if n == 1 else 'children'}: {message} (DfE rule {rule})")
        for note in (n for n in summary.notes if not n.mapped):
            typer.echo(f"  child {note.child}: {note.message} (DfE rule {note.rule})")
        if check:
            from lineofsight.cli.export_check import check as run_check

            run_check(con, "903", out, year, snapshot_authority(con).la_code)
    finally:
        con.close()


@app.command("annex-a")
def annex_a(
    to: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day covered (YYYY-MM-DD).")],
    out: Annotated[Path, typer.Option(help="Workbook (.xlsx) to write.")],
    months: Annotated[int, typer.Option(help="Months covered: 6 or 12, as Ofsted asks.")] = 6,
    snapshot: SnapshotOpt = None,
    home: HomeOpt = None,
) -> None:
    """Ofsted's Annex A lists 1 to 11 for the six or twelve months to a date."""
    use_home(home)
    if months not in (6, 12):
        _fail(ValueError(f"--months must be 6 or 12, not {months}"))
    from lineofsight.formats.annex_a_write import write_annex_a

    con = _open(snapshot)
    try:
        summary = write_annex_a(con, to.date(), out, months=months)
    finally:
        con.close()
    record_export(f"export annex-a --to {to.date().isoformat()} --months {months}", summary.children)
    typer.echo(f"Wrote {out}: {summary.children} children, "
               + ", ".join(f"{n} in {name}" for name, n in summary.rows.items()))
