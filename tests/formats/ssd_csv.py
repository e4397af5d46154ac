"""Reading an SSD folder back in tests: one table as a list of dicts (empty cells as None)."""

from __future__ import annotations

import csv
from pathlib import Path


def rows(folder: Path, name: str) -> list[dict[str, str | None]]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return [{k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(fh)]


def header(folder: Path, name: str) -> list[str]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))
