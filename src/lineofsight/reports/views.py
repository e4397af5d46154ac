"""The "one button": a page to choose the period and format, and the download of the scrutiny pack.

Anyone who may see aggregates may download it (policy.AGGREGATES_VIEW): the pack is always suppressed
as for the scrutiny role and holds no child-level data, so it needs no audit entry. Building a pack
takes a while, so the rendered file is kept under LINEOFSIGHT_HOME/cache/<snapshot>/reports, keyed by
the period, the format, the council's levels and standards, the plan's state and the report's own
template; a second download of the same pack is instant and identical.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_safe

from lineofsight import config
from lineofsight.measures import selectors as measures
from lineofsight.measures.periods import month_ends
from lineofsight.reports import scrutiny
from lineofsight.reports.scrutiny_pdf import STYLESHEET, TEMPLATES
from lineofsight.web import policy

PAGE_TEMPLATE = TEMPLATES / "reports" / "index.html"
MONTHS_OFFERED = 36


@lru_cache(maxsize=1)
def _page_template():  # noqa: ANN202 - a Django template of the web app's engine (it extends base.html)
    return engines["django"].from_string(PAGE_TEMPLATE.read_text(encoding="utf-8"))


def _snapshot() -> dict | None:
    """The current snapshot's id, its months and the latest month end; None before the first load."""
    from lineofsight.warehouse.snapshots import SnapshotError, current_id, open_snapshot

    sid = current_id()
    if sid is None:
        return None
    try:
        with open_snapshot(sid) as con:
            start, end = measures.history(con)
    except (SnapshotError, scrutiny.ReportError, ValueError):
        return None
    return {"id": sid, "start": start, "end": end,
            "months": list(reversed(month_ends(start, end)))[:MONTHS_OFFERED]}


def _page(request: HttpRequest, snap: dict | None, error: str = "", status: int = 200) -> HttpResponse:
    chosen = request.GET.get("to") or (snap["end"].isoformat() if snap else "")
    html = _page_template().render({
        "snap": snap, "error": error, "chosen": chosen, "fmt": request.GET.get("format") or "pdf",
        "months": [(m.isoformat(), f"{m:%B %Y}") for m in (snap["months"] if snap else [])],
    }, request)
    return HttpResponse(html, status=status)


@policy.require(policy.AGGREGATES_VIEW)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Choose the period end and the format, then press the button."""
    return _page(request, _snapshot())


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _plan_fingerprint(plan: object) -> object:
    if plan is None:
        return None
    from lineofsight.plan.exporters import area_summary_dict, to_json_dict

    return [to_json_dict(plan), area_summary_dict(plan)]


def pack_file(snapshot_id: str, to: dt.date, fmt: str) -> tuple[Path, str]:
    """The rendered pack (built now unless already kept) and the name to download it as."""
    from lineofsight.warehouse.snapshots import open_snapshot, snapshot_authority

    targets, standards = scrutiny.council_settings()
    plan, note = scrutiny.plan_summary(None)
    design = [p.read_text(encoding="utf-8") for p in (STYLESHEET, TEMPLATES / "reports" / "scrutiny.html")]
    key = _digest(to, fmt, targets, standards, _plan_fingerprint(plan), note, design)
    folder = config.home() / "cache" / snapshot_id / "reports"
    target = folder / f"scrutiny-{to.isoformat()}-{key}.{fmt}"
    with open_snapshot(snapshot_id) as con:
        authority = scrutiny.with_standards(snapshot_authority(con), standards)
        name = f"scrutiny-pack-{authority.la_code}-{to.isoformat()}.{fmt}"
        if target.exists():
            return target, name
        with scrutiny.gc_paused():
            pack = scrutiny.build_scrutiny_pack(con, authority, to, targets=targets, include_plan=False,
                                                formats=(fmt,))
            pack.plan, pack.plan_note = plan, note
            data = scrutiny.FORMATS[fmt][1](pack)
    del pack
    gc.collect()  # the pack's garbage now, in this slow request, not in a later page's
    config.write_atomic(target, data)  # readers only ever see a complete file
    return target, name


@policy.require(policy.AGGREGATES_VIEW)
@require_safe
def download(request: HttpRequest) -> HttpResponse:
    """GET /reports/scrutiny/?to=YYYY-MM-DD&format=pdf|docx: the pack as a file (suppressed)."""
    snap = _snapshot()
    if snap is None:
        return _page(request, None, "No data has been loaded yet, so there is no pack to download.", status=404)
    fmt = request.GET.get("format") or "pdf"
    if fmt not in scrutiny.FORMATS:
        return _page(request, snap, f"The format must be PDF or Word (.docx), not {fmt!r}.", status=400)
    try:
        to = dt.date.fromisoformat(request.GET.get("to") or snap["end"].isoformat())
    except ValueError:
        return _page(request, snap, "The period end must be a date such as 2026-03-31.", status=400)
    try:
        path, name = pack_file(snap["id"], to, fmt)
    except scrutiny.ReportError as exc:
        return _page(request, snap, f"The pack could not be built: {exc}.", status=400)
    response = HttpResponse(path.read_bytes(), content_type=scrutiny.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
