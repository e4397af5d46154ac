"""What `lineofsight web check` asks of an installation before it serves real children's data.

Django's own `check --deploy` (HTTPS, HSTS, secure cookies, DEBUG, SECRET_KEY, ALLOWED_HOSTS) plus ours:
the home readable by its owner only, no demo mode or demo accounts, the audit log's hash chain intact,
and the database and superuser situation reported. docs/deploying.md explains each.
"""

from __future__ import annotations

import io
import os

UNSAFE, NOTE = "unsafe", "note"


def django_deploy_check() -> list[tuple[str, str]]:
    """Django's deployment checklist: every warning or error is unsafe."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    out = io.StringIO()
    try:
        call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=out)
    except SystemCheckError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip().startswith("?:")]
        return [(UNSAFE, line.removeprefix("?: ")) for line in lines] or [(UNSAFE, str(exc))]
    return []


def our_checks() -> list[tuple[str, str]]:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from lineofsight import config
    from lineofsight.web.audit.selectors import verify_chain
    from lineofsight.web.policy import DEMO_GROUP

    found: list[tuple[str, str]] = [(UNSAFE, line) for line in config.check_permissions()]
    if not getattr(settings, "HTTPS", False):
        found.append((UNSAFE, "LINEOFSIGHT_HTTPS is not 1: serve only behind a TLS proxy, with HTTPS switched on"))
    if settings.DEMO_MODE or config.is_demo_home():
        found.append((UNSAFE, "demo mode (LINEOFSIGHT_DEMO=1) or a demo home: demo accounts have published passwords"))
    users = get_user_model().objects
    if users.filter(groups__name=DEMO_GROUP).exists():
        found.append((UNSAFE, "demo accounts exist in this database: remove them (Django admin, as the superuser)"))
    if "*" in settings.ALLOWED_HOSTS:
        found.append((UNSAFE, "LINEOFSIGHT_ALLOWED_HOSTS contains *: name the server's own host names"))
    checked, problem = verify_chain()
    if problem:
        found.append((UNSAFE, f"the audit log has been tampered with: {problem}"))
    else:
        found.append((NOTE, f"audit log intact ({checked} entries)"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        found.append((NOTE, "SQLite in the home folder: for a council server use PostgreSQL (DATABASE_URL)"))
    supers = users.filter(is_superuser=True, is_active=True).count()
    found.append((NOTE, f"{supers} active superuser(s): only they change administrators' accounts"))
    if not os.environ.get("LINEOFSIGHT_SECRET_KEY"):
        found.append((NOTE, "SECRET_KEY read from the home folder's secret_key file (0600)"))
    return found


def run() -> list[tuple[str, str]]:
    return django_deploy_check() + our_checks()
