"""The roles of the matrix: each a user holding exactly that role, plus a user with no role (and anonymous)."""

from __future__ import annotations

from lineofsight.web.policy import Role

MATRIX_ROLES: dict[str, tuple[Role, ...]] = {
    "administrator": (Role.ADMINISTRATOR,),
    "leader": (Role.SENIOR_LEADER,),
    "manager": (Role.TEAM_MANAGER,),
    "board": (Role.BOARD_MEMBER,),
    "councillor": (Role.SCRUTINY_MEMBER,),
    "editor": (Role.PLAN_EDITOR,),
    "nobody": (),
}
