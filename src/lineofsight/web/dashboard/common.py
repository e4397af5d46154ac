"""Small helpers the dashboard views share: the snapshot (or none), HTMX detection, CSV responses."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence

from django.http import HttpRequest, HttpResponse

from lineofsight.web.dashboard import selectors

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def current_snapshot() -> selectors.Snapshot | None:
    """The current snapshot, or None before anything has been loaded (pages then say so)."""
    try:
        return selectors.current()
    except selectors.NoSnapshotError:
        return None


def is_htmx(request: HttpRequest) -> bool:
    """An HTMX request for a fragment (a history restore wants the whole page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (a leading =, +, - or @ becomes text)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_filename(name: str) -> str:
    """A download's name built only from letters, digits, '.', '_' and '-': whatever a request carried
    (a team id in ?team=) cannot add a second filename, a quote or a line break to the header."""
    return re.sub(r"[^A-Za-z0-9._-]+|\.{2,}", "-", name).strip("-.") or "download"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response
