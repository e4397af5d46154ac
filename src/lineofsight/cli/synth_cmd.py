"""`lineofsight synth`: write a synthetic authority (SSD tables as CSV, authority.toml, defects.csv).

Everything it writes is invented: no real child's data is read or used. Exit status 2 for bad
arguments (an unknown scale, a malformed date, a defect rate outside 0 to 1).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lineofsight.cli.options import HomeOpt, use_home
from lineofsight.synth.calibration import DEFAULT_DEFECT_RATE

EXIT_BAD_REQUEST = 2


class Style(StrEnum):
    clean = "clean"
    d2i_systemc = "d2i-systemc"
    d2i_mosaic = "d2i-mosaic"


class Scale(StrEnum):
    small = "small"
    medium = "medium"
    large = "large"


def _end_date(value: str | None) -> dt.date:
    if value is None:
        from lineofsight.synth import default_end

        return default_end()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"--end must be a date as YYYY-MM-DD, not {value!r}") from None


def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the CSV files, authority.toml and defects.csv into.")],
    scale: Annotated[Scale, typer.Option(help="Children aged 0-17: small ~40,000, medium ~90,000, large ~300,000.")] = Scale.medium,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed and options give byte-identical files.")] = 1,
    end: Annotated[str | None, typer.Option(help="Extract end date YYYY-MM-DD (default: end of the last complete month).",
                                            show_default=False)] = None,
    defects: Annotated[float, typer.Option(help="Share of eligible records given each recording defect; 0 for a clean authority.",
                                           min=0.0, max=1.0)] = DEFAULT_DEFECT_RATE,
    style: Annotated[Style, typer.Option(help="clean: our column names, ISO dates and codes. d2i-systemc / d2i-mosaic: "
                                         "as Data to Insight's SSD v1.4.5 extract for that case system arrives "
                                         "(its headers and order, SQL Server datetimes, descriptions, JSON, NULL, "
                                         "BOM and CRLF).")] = Style.clean,
    home: HomeOpt = None,
) -> None:
    """Generate a synthetic authority: six years of SSD tables for a fictional English city."""
    from lineofsight.synth import STEPS, generate  # NumPy and the generator: only for this command

    use_home(home)
    end_date = _end_date(end)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task("generating", total=len(STEPS))

        def step(name: str) -> None:
            bar.update(task, description=name, completed=STEPS.index(name))

        summary = generate(out, scale=scale.value, seed=seed, end=end_date, defects=defects, progress=step,
                           style=style.value)
        bar.update(task, completed=len(STEPS))
    table = Table(title=f"Synthetic authority ({scale.value}, seed {seed}, {summary['window_start']} to {summary['end']})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary["rows"].items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    injected = ", ".join(f"{k} {v}" for k, v in summary["defects"].items() if v) or "none (clean)"
    console.print(f"Defects injected: {injected}")
    console.print(f"Written to {summary['out']}")
