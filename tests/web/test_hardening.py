"""Issue 13, finding 8 (web): download names from a safe slug, child-level pages never cached, HTTPS with
HSTS and a redirect when LINEOFSIGHT_HTTPS=1, and no debug mode with HTTPS."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("team", ['T1"; filename="evil.exe', "T1\r\nSet-Cookie: x=1", "../../etc/passwd"])
def test_a_team_in_the_query_cannot_shape_the_download_header(client_for, snap, team):
    response = client_for("leader").get("/team/exceptions.csv", {"team": team})
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.count("filename=") == 1 and header.count('"') == 2
    assert "\n" not in header and "\r" not in header and "/" not in header and "evil.exe\"" not in header
    assert header.startswith('attachment; filename="team-exceptions-') and ".." not in header


def test_child_level_pages_are_never_stored(client_for, snap, manager_team, team_measure):
    from lineofsight.web.audit.models import AuditEntry

    leader = client_for("leader")
    rule = __import__("web.test_audit", fromlist=["_a_rule"])._a_rule(snap)
    for url in (f"/measures/{team_measure}/children/?dimension=team&key={manager_team}", f"/team/?team={manager_team}",
                f"/quality/rules/{rule}/records/?team={manager_team}", "/measures/unallocated/children.csv"):
        response = leader.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "no-store", url
    assert AuditEntry.objects.count() == 4
    assert client_for("administrator").get("/audit/")["Cache-Control"] == "no-store"


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = ("from lineofsight.web import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)")
    full = {**os.environ, "LINEOFSIGHT_DEBUG": "0", **env}
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120)


def test_https_turns_on_the_redirect_hsts_and_secure_cookies(tmp_path):
    result = _settings_with({"LINEOFSIGHT_HTTPS": "1", "LINEOFSIGHT_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True"]


def test_debug_with_https_is_refused(tmp_path):
    result = _settings_with({"LINEOFSIGHT_HTTPS": "1", "LINEOFSIGHT_DEBUG": "1", "LINEOFSIGHT_HOME": str(tmp_path)})
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and "debug" in result.stderr


def test_https_requests_are_redirected_and_carry_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200 and secure["Strict-Transport-Security"] == "max-age=31536000"
