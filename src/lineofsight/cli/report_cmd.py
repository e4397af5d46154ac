"""`lineofsight report scrutiny`: the quarterly scrutiny performance pack as PDF or .docx.

The pack is always suppressed as for the scrutiny role (counts of 1 to 5 shown as "c", with secondary
suppression) and stamped with the snapshot id; it holds no child-level data. Exit status 2 for a bad
request (a malformed or out-of-range date, an unknown format or plan, no snapshot loaded).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from lineofsight.cli.options import HomeOpt, use_home

if TYPE_CHECKING:
    from lineofsight.reports.chart_worker import Drawer

EXIT_BAD_REQUEST = 2

app = typer.Typer(help="Reports for people outside the app: the scrutiny performance pack.", no_args_is_help=True)
console = Console(stderr=True, highlight=False)


class Format(StrEnum):
    pdf = "pdf"
    docx = "docx"


def _fail(message: str) -> typer.Exit:
    console.print(f"error: {message}", style="red", markup=False)
    return typer.Exit(EXIT_BAD_REQUEST)


@app.command()
def scrutiny(
    to: Annotated[str | None, typer.Option("--to", help="The period end, a month end (YYYY-MM-DD); the pack covers "
                                           "the 12 months to it. Default: the latest month end in the data.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="pdf or docx (editable).")] = Format.pdf,
    out: Annotated[Path | None, typer.Option("--out", help="File to write (default: "
                                             "scrutiny-pack-<la code>-<period end>.<format>).")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="The improvement plan to summarise (default: the "
                                             "council's only plan, or its Ofsted plan).")] = None,
    snapshot: Annotated[str | None, typer.Option("--snapshot", help="Snapshot id (default: the current one).")] = None,
    measure: Annotated[list[str] | None, typer.Option("--measure", help="Only this measure (repeat for more); "
                                                      "default: every measure in the catalogue.")] = None,
    home: HomeOpt = None,
) -> None:
    """Build the scrutiny performance pack: cover, scorecard, a section per service area with SPC charts,
    questions for the committee and benchmarks, the improvement plan summary, and the definitions."""
    use_home(home)
    try:
        day = dt.date.fromisoformat(to) if to is not None else None
    except ValueError:
        raise _fail(f"--to {to!r}: expected a date as YYYY-MM-DD") from None
    from lineofsight.reports import chart_worker

    # vl-convert starts in its own processes while this one imports the pack's code and opens Django
    worker = chart_worker.start((fmt.value,))
    try:
        _scrutiny(day, fmt, out, plan, snapshot, measure, worker)
    finally:
        if worker is not None:
            worker.close()


def _scrutiny(day: dt.date | None, fmt: Format, out: Path | None, plan: str | None, snapshot: str | None,
              measure: list[str] | None, worker: Drawer | None) -> None:
    from lineofsight.measures import selectors
    from lineofsight.measures.engine import MeasureError
    from lineofsight.reports import scrutiny as report
    from lineofsight.warehouse.snapshots import SnapshotError, open_snapshot, snapshot_authority
    from lineofsight.web import bootstrap

    bootstrap.setup()  # the plan register lives in the app database
    try:
        con = open_snapshot(snapshot)
    except SnapshotError as exc:
        raise _fail(str(exc)) from None
    try:
        targets, standards = report.council_settings()
        authority = report.with_standards(snapshot_authority(con), standards)
        period_end = day or selectors.history(con)[1]
        with report.gc_paused():  # until the process ends: its garbage goes with it
            with console.status(f"Building the scrutiny pack to {period_end:%d %B %Y}…"):
                pack = report.build_scrutiny_pack(con, authority, period_end, plan, targets=targets,
                                                  measure_ids=measure or None, formats=(fmt.value,),
                                                  chart_worker=worker)
            target = out or Path(report.filename(pack, fmt.value))
            with console.status(f"Writing {target}…"):
                data = report.FORMATS[fmt.value][1](pack, target)
    except (report.ReportError, MeasureError) as exc:
        raise _fail(str(exc)) from None
    finally:
        con.close()
    Console().print(f"Wrote {target} ({len(data):,} bytes): {pack.authority}, {pack.period_text}, "
                    f"snapshot {pack.snapshot_id}; small numbers suppressed.")
