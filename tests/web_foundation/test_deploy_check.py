"""`lineofsight web check`: Django's check --deploy plus our own, non-zero on anything unsafe (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = Path(sys.executable).parent / "lineofsight"
SERVER = {"LINEOFSIGHT_HTTPS": "1", "LINEOFSIGHT_ALLOWED_HOSTS": "los.council.example"}


def _check(home: Path, **env: str) -> subprocess.CompletedProcess:
    # a clean service environment: not the test run's (other tests set DJANGO_ALLOW_ASYNC_UNSAFE, which the
    # check rightly counts as unsafe)
    full = {k: v for k, v in os.environ.items()
            if not k.startswith(("LINEOFSIGHT_", "DJANGO_")) and k != "DATABASE_URL"}
    full.update({"LINEOFSIGHT_HOME": str(home), "COLUMNS": "200", **env})
    return subprocess.run([str(CLI), "web", "check"], env=full, capture_output=True, text=True, timeout=300)


def test_a_server_set_up_as_docs_deploying_says_passes(tmp_path):
    home = tmp_path / "home"
    result = _check(home, **SERVER)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing unsafe found" in result.stdout and "audit log intact" in result.stdout


def test_plain_http_demo_mode_and_a_readable_home_are_unsafe(tmp_path):
    home = tmp_path / "home"
    plain = _check(home)
    out = " ".join(plain.stdout.split())
    assert plain.returncode == 1 and "security.W008" in out and "LINEOFSIGHT_HTTPS is not 1" in out
    home.chmod(0o755)
    loose = _check(home, LINEOFSIGHT_DEMO="1", **SERVER)
    out = " ".join(loose.stdout.split())
    assert loose.returncode == 1 and "demo mode" in out and f"{home} is 755" in out
