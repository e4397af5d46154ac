"""The first page: the current snapshot and its tables' row counts, and the plans the user may open."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lineofsight.web import policy


def snapshot_summary() -> Any:
    """The warehouse's summary of the current snapshot (id, loaded_at, source, rows), or None."""
    from lineofsight.warehouse import selectors

    return selectors.current_snapshot_summary()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = []
    if policy.can(request.user, policy.PLAN_VIEW):
        from lineofsight.plan import selectors as plan_selectors

        plans = plan_selectors.plans()
    return render(request, "core/home.html", {"snapshot": snapshot_summary(), "plans": plans})
