"""Demo accounts exist only in demo mode; named accounts are created with roles and checked passwords."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lineofsight import config
from lineofsight.web import policy
from lineofsight.web.core.accounts import (
    DEMO_ACCOUNTS,
    NotDemoModeError,
    create_account,
    create_demo_accounts,
)
from lineofsight.web.core.middleware import must_change_password

pytestmark = pytest.mark.django_db


def _login(username: str, password: str):
    return authenticate(RequestFactory().post("/login/"), username=username, password=password)


@pytest.fixture(autouse=True)
def _demo_home() -> None:
    """`make demo`'s own home carries the marker; the tests' per-test home stands in for it."""
    (config.home() / config.DEMO_HOME_MARKER).write_text("demo", encoding="utf-8")


def test_demo_accounts_are_refused_outside_demo_mode(settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(NotDemoModeError):
        create_demo_accounts()
    assert not get_user_model().objects.exists()


def test_demo_mode_creates_one_account_per_role(settings) -> None:
    settings.DEMO_MODE = True
    accounts = create_demo_accounts()
    assert {a.role for a in accounts} == set(policy.Role) - {policy.Role.PLAN_EDITOR}
    for account in DEMO_ACCOUNTS:
        user = _login(account.username, account.password)
        assert user is not None, account.username
        assert account.role in policy.roles_of(user)
    analyst = get_user_model().objects.get(username="analyst")
    assert policy.can(analyst, policy.PLAN_EDIT) and analyst.is_staff
    create_demo_accounts()  # running again leaves them as they are rather than fails
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)


# Issue 13, finding 6: `web demo-accounts` silently took over real accounts with the demo usernames,
# setting the published password; `make demo` and a real installation shared the home ./var.

def test_demo_accounts_are_refused_outside_a_demo_home(settings) -> None:
    settings.DEMO_MODE = True
    (config.home() / config.DEMO_HOME_MARKER).unlink()
    with pytest.raises(NotDemoModeError, match="not a demo home"):
        create_demo_accounts()
    assert not get_user_model().objects.exists()


def test_demo_accounts_never_touch_an_existing_account(settings) -> None:
    settings.DEMO_MODE = True
    create_account("manager", "the real managers passphrase", [policy.Role.SENIOR_LEADER], "Real Person")
    with pytest.raises(NotDemoModeError, match="manager already exist"):
        create_demo_accounts()
    real = get_user_model().objects.get(username="manager")
    assert real.check_password("the real managers passphrase") and real.get_full_name() == "Real Person"
    assert policy.roles_of(real) == {policy.Role.SENIOR_LEADER}
    assert get_user_model().objects.count() == 1  # nothing else was made either


def test_the_demo_accounts_command_refuses_in_a_real_home(monkeypatch) -> None:
    from typer.testing import CliRunner

    from lineofsight.cli.main import app

    monkeypatch.setenv("LINEOFSIGHT_DEMO", "1")
    (config.home() / config.DEMO_HOME_MARKER).unlink()
    from django.conf import settings

    monkeypatch.setattr(settings, "DEMO_MODE", True)
    result = CliRunner().invoke(app, ["web", "demo-accounts"])
    assert result.exit_code == 1 and "not a demo home" in " ".join(result.output.split())
    assert not get_user_model().objects.exists()


def test_make_demo_uses_a_home_of_its_own_with_the_marker() -> None:
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "scripts" / "demo.sh").read_text(encoding="utf-8")
    assert 'LINEOFSIGHT_HOME="${LINEOFSIGHT_DEMO_HOME:-$PWD/demo-home}"' in script
    assert "$PWD/var" not in script and '"$LINEOFSIGHT_HOME/demo-home"' in script


def test_demo_accounts_cannot_log_in_once_demo_mode_is_off(settings) -> None:
    settings.DEMO_MODE = True
    create_demo_accounts()
    settings.DEMO_MODE = False
    assert _login("leader", "demo-leader-2025") is None


def test_named_accounts_get_roles_and_need_a_strong_password() -> None:
    create_account("jo", "correct horse battery staple", [policy.Role.TEAM_MANAGER], "Jo Bloggs")
    jo = _login("jo", "correct horse battery staple")
    assert jo.get_full_name() == "Jo Bloggs" and policy.roles_of(jo) == {policy.Role.TEAM_MANAGER}
    assert must_change_password(jo)  # typed at the console by someone else: Jo chooses her own at first sign-in
    create_account("owner", "the owners own passphrase", [policy.Role.ADMINISTRATOR], superuser=True)
    owner = _login("owner", "the owners own passphrase")
    assert owner.is_superuser and not must_change_password(owner)
    with pytest.raises(ValidationError):
        create_account("short", "abc123", [policy.Role.BOARD_MEMBER])
    with pytest.raises(ValueError, match="already exists"):
        create_account("jo", "another long password 1", [policy.Role.BOARD_MEMBER])
