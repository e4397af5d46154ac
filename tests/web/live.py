"""The app served for the browser tests as it is in production: waitress in its own process.

It uses the session's snapshot home with its own app database, so the browser tests never share a
database with pytest-django (whose transactional tests would have to empty the append-only audit log).
`prepare()` runs in a child process before the server starts: it creates one account per role with a
password, puts the team manager in a team, sets the level that makes a measure red, and adds a plan.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PASSWORD = "a-long-browser-password"
ACCOUNTS = {
    "analyst": ("ADMINISTRATOR", "PLAN_EDITOR"),
    "leader": ("SENIOR_LEADER",),
    "manager": ("TEAM_MANAGER",),
    "board": ("BOARD_MEMBER",),
    "councillor": ("SCRUTINY_MEMBER",),
    "norole": (),
}
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def prepare(config: dict) -> None:
    """In a child process on the served home: accounts, the manager's team, a red level, a plan."""
    from lineofsight.web import bootstrap

    bootstrap.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from lineofsight.plan import services as plan_services
    from lineofsight.web.core.models import TeamMembership
    from lineofsight.web.manage import services
    from lineofsight.web.policy import Role, ensure_roles

    ensure_roles()
    for username, roles in ACCOUNTS.items():
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"first_name": username.title()})
        user.set_password(PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[Role[r].value for r in roles]))
    TeamMembership.objects.get_or_create(user=get_user_model().objects.get(username="manager"),
                                         team_id=config["team"])
    services.set_levels({config["red_measure"]: (100.0, 100.0)})
    plan, created = plan_services.get_or_create_plan("Browser test plan")
    if created:
        area = plan_services.add_area(plan, "1", "Children are seen", impact_sought="Every child seen on time")
        plan_services.set_area_measures(area, [config["red_measure"], "unallocated"])
        plan_services.add_action(area, "1.1", "Weekly visit clinics", owners=["Team manager"],
                                 due=[dt.date.today() + dt.timedelta(days=30)])
        plan_services.freeze_meeting(plan, "Improvement board", dt.date.today())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app server stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app server did not answer at {url}")


@contextmanager
def serve(home: Path, config: dict) -> Iterator[str]:
    """Prepare the home, serve it with waitress on a free loopback port, and stop the server afterwards."""
    env = {**os.environ, "LINEOFSIGHT_HOME": str(home), "LINEOFSIGHT_SECRET_KEY": "browser-tests-" + "x" * 40,
           "PYTHONPATH": str(ROOT / "tests")}
    env.pop("LINEOFSIGHT_DEMO", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = f"import json; from web.live import prepare; prepare(json.loads({json.dumps(json.dumps(config))}))"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)
    port = _free_port()
    process = subprocess.Popen([str(BIN / "lineofsight"), "web", "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--threads", "4"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/login/", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
