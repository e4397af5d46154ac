"""`lineofsight load` accepts Annex A, the CIN census and SSDA903 as well as the SSD.

National formats are converted into a temporary SSD folder first, and what was mapped is shown,
so that the one loader validates and snapshots everything. SSD folders pass through untouched.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from lineofsight.formats.convert import convert_to_ssd
from lineofsight.formats.detect import detect_format
from lineofsight.formats.errors import FormatError

EXIT_BAD_INPUT = 2


@contextmanager
def national_input(path: Path, console: Console, *, authority: Path | None = None, la_code: str | None = None,
                   population: int | None = None) -> Iterator[Path]:
    """Yield a folder the SSD loader can read: `path` itself, or its conversion from a national format."""
    try:
        fmt = detect_format(path)
    except FormatError:
        fmt = "ssd"  # let the loader describe what is wrong with the folder
    if fmt == "ssd":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="lineofsight-convert-") as tmp:
        try:
            report = convert_to_ssd(path, tmp, format=fmt, authority=authority, la_code=la_code, population=population)
        except FormatError as exc:
            console.print(str(exc), style="red", markup=False)
            console.print("Nothing loaded; the current snapshot is unchanged.", style="bold red", markup=False)
            raise typer.Exit(EXIT_BAD_INPUT) from exc
        for line in report.lines():
            console.print(line, markup=False)
        yield Path(tmp)
