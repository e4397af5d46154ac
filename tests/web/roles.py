"""The roles of the matrix: each a user holding exactly that role, plus a user with no role (and anonymous)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lineofsight.web.policy import Role, ensure_roles

MATRIX_ROLES: dict[str, tuple[Role, ...]] = {
    "administrator": (Role.ADMINISTRATOR,),
    "leader": (Role.SENIOR_LEADER,),
    "manager": (Role.TEAM_MANAGER,),
    "board": (Role.BOARD_MEMBER,),
    "councillor": (Role.SCRUTINY_MEMBER,),
    "editor": (Role.PLAN_EDITOR,),
    "nobody": (),
}


def make_user(username: str, *roles: Role, teams: tuple[str, ...] = ()) -> object:
    from lineofsight.web.core.models import TeamMembership

    ensure_roles()
    user = get_user_model().objects.create(username=username, first_name=username.title())
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    for team in teams:
        TeamMembership.objects.create(user=user, team_id=team)
    return user
