"""Middleware: an account with a password someone else set may do nothing but choose its own."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """Sends a signed-in user who must change their password to the password page, from any URL but
    that page, sign-out and static files (a temporary password opens nothing else)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_change_password(user):
            allowed = (reverse("password_change"), reverse("logout"), "/" + settings.STATIC_URL.lstrip("/"))
            if not request.path.startswith(allowed):
                return redirect("password_change")
        return self.get_response(request)


def must_change_password(user) -> bool:
    from lineofsight.web.core.models import PasswordChangeRequired

    return PasswordChangeRequired.objects.filter(user=user).exists()
