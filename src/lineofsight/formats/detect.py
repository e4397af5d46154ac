"""Which format a folder or set of files holds: the SSD, Annex A, the CIN census or the SSDA903 set.

Decided by content (XML root and collection, CSV headers, workbook), never by file names alone,
because councils name their files every which way.
"""

from __future__ import annotations

import csv
from pathlib import Path

from lineofsight.formats.errors import FormatError
from lineofsight.formats.ssda903_columns import identify
from lineofsight.schema import BY_NAME

FORMATS = ("ssd", "annex_a", "cin_census", "ssda903")


def expand(paths: Path | str | list[Path] | list[str]) -> list[Path]:
    """Files given directly, plus the files directly inside any folder given (sorted, hidden files skipped)."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    for item in map(Path, items):
        if item.is_dir():
            files += sorted(p for p in item.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
        elif item.is_file():
            files.append(item)
        else:
            raise FormatError(item, "no such file or folder")
    return files


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "annex_a"
    if suffix == ".xml":
        with path.open("rb") as fh:
            head = fh.read(4096)
        if b"<Message" in head or b"<CIN" in head.upper():
            return "cin_census"
        raise FormatError(path, "XML file is not a CIN census (no <Message> root)")
    if suffix == ".parquet" and path.stem in BY_NAME:
        return "ssd"
    if suffix == ".csv":
        if path.stem in BY_NAME:
            return "ssd"
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            header = next(csv.reader(fh), [])
        if identify(header):
            return "ssda903"
        return None
    if path.name == "authority.toml":
        return None
    return None


def detect_format(paths: Path | str | list[Path] | list[str]) -> str:
    """"ssd", "annex_a", "cin_census" or "ssda903" for what `paths` holds; FormatError if mixed or unknown."""
    files = expand(paths)
    kinds = {f: _kind(f) for f in files}
    found = {k for k in kinds.values() if k}
    if not found:
        names = ", ".join(f.name for f in files[:5]) or "nothing"
        raise FormatError(files[0].parent if files else Path(str(paths)),
                          f"no recognisable data ({names}): expected SSD <table>.csv files, an Annex A "
                          "workbook (.xlsx), CIN census XML or the SSDA903 CSV files")
    if len(found) > 1:
        raise FormatError(files[0].parent, f"a mix of formats ({', '.join(sorted(found))}): load one format at a time")
    return found.pop()
