"""Demo accounts exist only in demo mode; named accounts are created with roles and checked passwords."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lineofsight.web import policy
from lineofsight.web.core.accounts import (
    DEMO_ACCOUNTS,
    NotDemoModeError,
    create_account,
    create_demo_accounts,
)

pytestmark = pytest.mark.django_db


def _login(username: str, password: str):
    return authenticate(RequestFactory().post("/login/"), username=username, password=password)


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
    create_demo_accounts()  # running again resets rather than fails
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)


def test_demo_accounts_cannot_log_in_once_demo_mode_is_off(settings) -> None:
    settings.DEMO_MODE = True
    create_demo_accounts()
    settings.DEMO_MODE = False
    assert _login("leader", "demo-leader-2025") is None


def test_named_accounts_get_roles_and_need_a_strong_password() -> None:
    create_account("jo", "correct horse battery staple", [policy.Role.TEAM_MANAGER], "Jo Bloggs")
    jo = _login("jo", "correct horse battery staple")
    assert jo.get_full_name() == "Jo Bloggs" and policy.roles_of(jo) == {policy.Role.TEAM_MANAGER}
    with pytest.raises(ValidationError):
        create_account("short", "abc123", [policy.Role.BOARD_MEMBER])
    with pytest.raises(ValueError, match="already exists"):
        create_account("jo", "another long password 1", [policy.Role.BOARD_MEMBER])
