"""Accounts: demo accounts (demo mode only) and named accounts with a role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from lineofsight import config
from lineofsight.web.core.models import PasswordChangeRequired, TeamMembership
from lineofsight.web.policy import DEMO_GROUP, Role, ensure_roles


class NotDemoModeError(RuntimeError):
    """Demo accounts have fixed, published passwords: they must never exist outside demo mode."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    full_name: str


# One account per role. The passwords are printed by `make demo`; they work only when LINEOFSIGHT_DEMO=1.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("analyst", "demo-analyst-2025", Role.ADMINISTRATOR, "Alex Analyst"),
    DemoAccount("leader", "demo-leader-2025", Role.SENIOR_LEADER, "Sam Senior"),
    DemoAccount("manager", "demo-manager-2025", Role.TEAM_MANAGER, "Tara Teammanager"),
    DemoAccount("board", "demo-board-2025", Role.BOARD_MEMBER, "Bo Boardmember"),
    DemoAccount("councillor", "demo-councillor-2025", Role.SCRUTINY_MEMBER, "Cllr Chris Scrutiny"),
)


@transaction.atomic
def create_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet, one per role. Refuses unless the app runs in demo
    mode in a demo home (the marker `make demo` writes in a home of its own), and refuses - changing
    nothing - if an account with a demo username exists that is not a demo account: it never takes
    over a real account with the published password. Existing demo accounts are left as they are."""
    if not settings.DEMO_MODE:
        raise NotDemoModeError("demo accounts are created only in demo mode (set LINEOFSIGHT_DEMO=1)")
    if not config.is_demo_home():
        raise NotDemoModeError(f"{config.home()} is not a demo home (no {config.DEMO_HOME_MARKER} file): demo "
                               "accounts have published passwords, so `make demo` makes them only in a home of its own")
    ensure_roles()
    demo_group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    user_model = get_user_model()
    existing = {u.username: u for u in user_model.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    real = sorted(name for name, u in existing.items() if not u.groups.filter(pk=demo_group.pk).exists())
    if real:
        raise NotDemoModeError(f"account(s) {', '.join(real)} already exist and are not demo accounts: "
                               "nothing was changed")
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        first, _, last = account.full_name.rpartition(" ")
        user = user_model(username=account.username, first_name=first, last_name=last, is_active=True,
                          is_staff=account.role is Role.ADMINISTRATOR)
        user.set_password(account.password)
        user.save()
        user.groups.set([Group.objects.get(name=account.role.value), demo_group])
        if account.role is Role.ADMINISTRATOR:
            user.groups.add(Group.objects.get(name=Role.PLAN_EDITOR.value))
        if account.role is Role.TEAM_MANAGER:
            team = demo_team()
            if team is not None:
                TeamMembership.objects.create(user=user, team_id=team)
    return list(DEMO_ACCOUNTS)


def demo_team() -> str | None:
    """The team the demo team manager manages: the one with the most open children in the current snapshot."""
    from lineofsight.web.dashboard import selectors

    try:
        snap = selectors.current()
    except selectors.NoSnapshotError:
        return None
    teams = [t for t in selectors.quality_teams(snap) if t["team"] not in ("*", None)]
    return max(teams, key=lambda t: (t["open_children"], t["team"]))["team"] if teams else None


@transaction.atomic
def create_account(username: str, password: str, roles: list[Role], full_name: str = "", *,
                   superuser: bool = False) -> None:
    """Create a named account with the given roles at the server's console; the password must pass the
    validators. `superuser` is the installation's owner typing their own password; anyone else's account
    must choose its own password at the first sign-in (nobody keeps knowing another person's)."""
    ensure_roles()
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValueError(f"an account named {username!r} already exists")
    user = user_model(username=username)
    first, _, last = full_name.rpartition(" ") if " " in full_name else ("", "", full_name)
    user.first_name, user.last_name = first, last
    validate_password(password, user)
    user.set_password(password)
    user.is_staff = Role.ADMINISTRATOR in roles or superuser
    user.is_superuser = superuser
    user.save()
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    if not superuser:
        require_password_change(user, "the server console")


def require_password_change(user: Any, set_by: str) -> None:
    """Mark a password someone else set: its owner must choose their own at the next sign-in."""
    PasswordChangeRequired.objects.update_or_create(user=user, defaults={"set_by": set_by})


def password_changed(user: Any) -> None:
    """The owner chose their own password: the mark goes."""
    PasswordChangeRequired.objects.filter(user=user).delete()
