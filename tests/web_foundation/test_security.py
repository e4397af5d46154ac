"""Secure defaults: CSP without inline script or style, frame denial, lockout, expiring sessions, no CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

import lineofsight

SRC = Path(lineofsight.__file__).resolve().parent


@pytest.mark.django_db
def test_pages_carry_a_strict_csp_and_refuse_framing(client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def _templates() -> list[Path]:
    return [p for p in SRC.rglob("templates/**/*.html")]


def test_no_template_has_inline_script_style_or_event_handlers() -> None:
    offenders = []
    for path in _templates():
        html = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
            offenders.append(f"{path.name}: inline <script>")
        if re.search(r"<style\b", html) and "print/" not in str(path):
            offenders.append(f"{path.name}: <style> element")
        if re.search(r"\sstyle=", html):
            offenders.append(f"{path.name}: style attribute")
        if re.search(r"\son[a-z]+=", html) or "hx-on" in html:
            offenders.append(f"{path.name}: inline event handler")
    assert len(_templates()) > 10
    assert offenders == []


def test_nothing_is_loaded_from_another_site() -> None:
    for path in [*_templates(), *SRC.rglob("static/**/*.css")]:
        assert not re.search(r"(src|href)=\"https?://|url\(['\"]?https?://", path.read_text(encoding="utf-8")), path


def test_htmx_is_served_by_the_app_itself() -> None:
    vendored = SRC / "web" / "static" / "vendor" / "htmx.min.js"
    assert vendored.stat().st_size > 30_000
    assert "htmx" in vendored.read_text(encoding="utf-8")[:200]


def test_sessions_expire_and_cookies_are_not_readable_by_scripts() -> None:
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.PASSWORD_HASHERS  # (scrypt in production; the tests swap in a fast one)


def test_axes_is_wired_in_the_right_places() -> None:
    assert "axes" in settings.INSTALLED_APPS
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(client) -> None:
    get_user_model().objects.create_user("sam", password="the-right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": "sam", "password": "wrong"})
        assert response.status_code == 200 and b"did not match" in response.content
    locked = client.post("/login/", {"username": "sam", "password": "wrong"})
    assert locked.status_code == 429 and b"Account locked" in locked.content
    # Even the right password is refused while locked.
    refused = client.post("/login/", {"username": "sam", "password": "the-right-password-1"})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_good_login_reaches_home_and_logout_needs_a_post(client, monkeypatch) -> None:
    from lineofsight.web.core import views

    monkeypatch.setattr(views, "snapshot_summary", lambda: None)
    get_user_model().objects.create_user("sam", password="the-right-password-1")
    response = client.post("/login/", {"username": "sam", "password": "the-right-password-1"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_forms_are_protected_against_cross_site_requests() -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/login/", {"username": "x", "password": "y"}).status_code == 403
