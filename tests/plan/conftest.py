"""Fixtures for the plan register tests: people in each role and a small plan with known dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lineofsight.plan import services
from lineofsight.plan.scale import Rating, Status
from lineofsight.web.policy import Role, ensure_roles


def make_user(username: str, *roles: Role, full_name: str = "") -> object:
    ensure_roles()
    first, _, last = full_name.partition(" ")
    user = get_user_model().objects.create_user(username, password="a-long-test-password", first_name=first,
                                                last_name=last)
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Scrypt is deliberately slow; tests only need passwords to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db) -> dict[str, object]:
    """One user per role, a plan editor, an action owner (a team manager) and someone with no role."""
    return {
        "analyst": make_user("analyst", Role.ADMINISTRATOR, full_name="Alex Analyst"),
        "leader": make_user("leader", Role.SENIOR_LEADER),
        "manager": make_user("manager", Role.TEAM_MANAGER),
        "board": make_user("board", Role.BOARD_MEMBER),
        "councillor": make_user("councillor", Role.SCRUTINY_MEMBER),
        "editor": make_user("editor", Role.BOARD_MEMBER, Role.PLAN_EDITOR, full_name="Eddie Editor"),
        "owner": make_user("owner", Role.TEAM_MANAGER, full_name="Olive Owner"),
        "nobody": make_user("nobody"),
    }


@pytest.fixture
def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def small_plan(db, people, today):
    """Two areas, four actions: one overdue, one due soon, one complete, one closed; 1.2 owned by 'owner'."""
    plan = services.create_plan("Test improvement plan")
    one = services.add_area(plan, "1", "Leaders' oversight", lead="Director", impact_sought="Leaders know",
                            how_monitored="Monthly scorecard", activity_rating=Rating.AMBER, impact_rating=Rating.RED)
    services.set_area_measures(one, ["supervision_on_time", "unallocated"])
    two = services.add_area(plan, "2", "Front door timeliness", lead="Head of Service, MASH")
    services.add_action(one, "1.1", "Agree a core data set", owners=["Head of Performance"],
                        due=[today - timedelta(days=10)], status=Status.IN_PROGRESS,
                        activity_rating=Rating.AMBER, impact_rating=Rating.RED, start_date=today - timedelta(days=100))
    services.add_action(one, "1.2", "Monthly performance clinics", owners=["Assistant Director"],
                        owner_users=[people["owner"]], due=[today + timedelta(days=20)],
                        status=Status.IN_PROGRESS, activity_rating=Rating.GREEN, impact_rating=Rating.AMBER,
                        start_date=today - timedelta(days=60))
    services.add_action(two, "2.1", "Daily screening huddle", owners=["Head of Service, MASH"],
                        due=[today - timedelta(days=40)], status=Status.COMPLETE,
                        activity_rating=Rating.BLUE, impact_rating=Rating.GREEN)
    services.add_action(two, "2.10", "Replace legacy reports", owners=["Head of Performance"],
                        due=[today - timedelta(days=5)], status=Status.CLOSED,
                        closed_reason="to be captured as part of another programme",
                        activity_rating=Rating.NA, impact_rating=Rating.NA)
    return plan
