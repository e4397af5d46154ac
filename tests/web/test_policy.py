"""The policy module: what each role may do, whose children it may see, and who sees small numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lineofsight.web import policy
from lineofsight.web.policy import Role
from web.roles import make_user

pytestmark = pytest.mark.django_db

ROWS = [{"person_id": "P1", "team": "T1"}, {"person_id": "P2", "team": "T2"}, {"person_id": "P3", "team": None}]


def test_whose_children_each_role_may_see():
    admin, leader = make_user("a", Role.ADMINISTRATOR), make_user("l", Role.SENIOR_LEADER)
    manager = make_user("m", Role.TEAM_MANAGER, teams=("T1", "T3"))
    board, councillor = make_user("b", Role.BOARD_MEMBER), make_user("c", Role.SCRUTINY_MEMBER)
    assert policy.child_teams(admin) is policy.EVERY_TEAM and policy.child_teams(leader) is policy.EVERY_TEAM
    assert policy.child_teams(manager) == {"T1", "T3"}
    assert policy.child_teams(board) == frozenset() and policy.child_teams(councillor) == frozenset()
    assert policy.visible_children(leader, ROWS) == ROWS
    assert policy.visible_children(manager, ROWS) == [ROWS[0]]
    assert policy.visible_children(board, ROWS) == []
    assert policy.may_see_team(manager, "T1") and not policy.may_see_team(manager, "T2")
    assert not policy.may_see_team(manager, None)  # "every team at once" is not a team manager's
    assert policy.may_see_team(leader, None)
    with pytest.raises(PermissionDenied):
        policy.check_team(manager, "T2")
    policy.check_team(manager, "T3")


def test_only_scrutiny_members_and_people_without_a_role_get_suppressed_figures():
    assert policy.suppressed(make_user("c", Role.SCRUTINY_MEMBER))
    for name, role in (("a", Role.ADMINISTRATOR), ("l", Role.SENIOR_LEADER), ("m", Role.TEAM_MANAGER),
                       ("b", Role.BOARD_MEMBER)):
        assert not policy.suppressed(make_user(name, role))
    assert policy.suppressed(make_user("n"))


def test_a_user_with_two_roles_gets_the_wider_one():
    both = make_user("both", Role.SCRUTINY_MEMBER, Role.SENIOR_LEADER)
    assert not policy.suppressed(both) and policy.child_teams(both) is policy.EVERY_TEAM


def test_the_matrix_gives_no_child_level_data_to_board_or_scrutiny_members():
    for role in (Role.BOARD_MEMBER, Role.SCRUTINY_MEMBER, Role.PLAN_EDITOR):
        assert not set(policy.CHILDREN_PERMISSIONS) & policy.ROLE_PERMISSIONS[role]
    assert policy.AGGREGATES_UNSUPPRESSED not in policy.ROLE_PERMISSIONS[Role.SCRUTINY_MEMBER]
    only_admin = {policy.SNAPSHOTS_LOAD, policy.USERS_MANAGE, policy.AUDIT_READ}
    for role, perms in policy.ROLE_PERMISSIONS.items():
        assert bool(only_admin & perms) == (role is Role.ADMINISTRATOR)


def test_unknown_permissions_are_a_programming_error():
    with pytest.raises(ValueError, match="unknown permission"):
        policy.require_any("children.view_everything")


def test_demo_mode_puts_the_demo_team_manager_in_a_team(settings, snap):
    from lineofsight import config
    from lineofsight.web.core.accounts import create_demo_accounts
    from lineofsight.web.core.models import TeamMembership
    from lineofsight.web.dashboard import selectors

    settings.DEMO_MODE = True
    marker = config.home() / config.DEMO_HOME_MARKER  # the shared snapshot home stands in for a demo home
    marker.write_text("demo", encoding="utf-8")
    try:
        create_demo_accounts()
    finally:
        marker.unlink()
    team = TeamMembership.objects.get(user__username="manager").team_id
    assert team in selectors.team_names(snap)
