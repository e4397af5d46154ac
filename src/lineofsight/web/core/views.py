"""The first page: the current snapshot and its tables' row counts, and the plans the user may open."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lineofsight.web import policy


def snapshot_summary() -> dict[str, Any] | None:
    """The warehouse's summary of the current snapshot ({id, loaded_at, source, tables: [(name, rows)]}),
    with the total row count added; None before the first load."""
    from lineofsight.warehouse import selectors

    summary = selectors.current_snapshot_summary()
    if summary is None:
        return None
    return {**summary, "total_rows": sum(rows for _, rows in summary["tables"])}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = []
    if policy.can(request.user, policy.PLAN_VIEW):
        from lineofsight.plan import selectors as plan_selectors

        plans = plan_selectors.plans()
    return render(request, "core/home.html", {"snapshot": snapshot_summary(), "plans": plans})
