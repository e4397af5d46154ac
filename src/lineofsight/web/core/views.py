"""The landing page for people the scorecard is not for: no data loaded yet, or an account without a role.

The home URL is lineofsight.web.dashboard.views.home: it shows the scorecard to everyone who may see
aggregates once a snapshot is loaded, and this page otherwise (with the plans the user may open).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from lineofsight.web import policy


def snapshot_summary() -> dict[str, Any] | None:
    """The warehouse's summary of the current snapshot ({id, loaded_at, source, tables: [(name, rows)]}),
    with the total row count added; None before the first load."""
    from lineofsight.warehouse import selectors

    summary = selectors.current_snapshot_summary()
    if summary is None:
        return None
    return {**summary, "total_rows": sum(rows for _, rows in summary["tables"])}


def landing(request: HttpRequest) -> HttpResponse:
    """Rendered by the home view (which has checked the login); never routed on its own."""
    plans = []
    if policy.can(request.user, policy.PLAN_VIEW):
        from lineofsight.plan import selectors as plan_selectors

        plans = plan_selectors.plans()
    perms = policy.permissions_of(request.user)
    return render(request, "core/home.html", {
        "loaded": snapshot_summary() is not None, "plans": plans, "no_role": not perms,
    })


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own password change, which also clears a "must change at next sign-in" mark."""

    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs):
        from lineofsight.web.core.middleware import must_change_password

        return {**super().get_context_data(**kwargs), "must_change": must_change_password(self.request.user)}

    def form_valid(self, form):
        response = super().form_valid(form)
        from lineofsight.web.core.accounts import password_changed

        password_changed(self.request.user)
        return response
