"""The audit log page: administrators read who saw which children, when and through which page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lineofsight.web import policy
from lineofsight.web.audit import selectors


@policy.require(policy.AUDIT_READ)
@require_safe
def log(request: HttpRequest) -> HttpResponse:
    user, child = request.GET.get("user", "").strip(), request.GET.get("child", "").strip()
    response = render(request, "audit/log.html", {
        "page": selectors.entries(request.GET.get("page"), user=user, child=child), "user_filter": user,
        "child_filter": child,
    })
    response["Cache-Control"] = "no-store"  # it lists children's ids
    return response
