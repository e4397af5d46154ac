"""Who may do what: the one place every view and export asks.

Roles are Django groups. Each role grants a set of permissions (ROLE_PERMISSIONS, the role matrix of the
web app); a few permissions also depend on the object (an action owner may update their own actions).
Views use `@require(PERMISSION)` or call `check(user, PERMISSION, obj)`; templates get `can_*` flags from
the view. Keeping the matrix here means the matrix test (every URL x every role) has one thing to check.

Child-level data has a second dimension, the team: `child_teams(user)` says whose children a user may see
(every team, their own teams, or none), `@require_children` guards child-level views and exports, and
`check_team` / `visible_children` apply the team rule to a request and to the rows it returns.
`suppressed(user)` says whether small numbers must be shown as "c" for them.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class Role(StrEnum):
    """The roles of the web app; each is a Django group of the same name."""

    ADMINISTRATOR = "Analyst/administrator"
    SENIOR_LEADER = "Senior leader"
    TEAM_MANAGER = "Team manager"
    BOARD_MEMBER = "Improvement board member"
    SCRUTINY_MEMBER = "Scrutiny member"
    PLAN_EDITOR = "Plan editor"  # an extra capability given alongside a role, e.g. to a plan's lead officer


# Permissions. Plan permissions are used now; the others are the role matrix the rest of the app grows into.
PLAN_VIEW = "plan.view"  # see plans, areas, actions, history, meetings; export them
PLAN_EDIT = "plan.edit"  # create and change plans, areas and actions; import; freeze meetings
PLAN_UPDATE_ACTION = "plan.update_action"  # add a progress update to an action (object-level)
AGGREGATES_VIEW = "aggregates.view"  # scorecard, measure pages, data-quality summaries
AGGREGATES_UNSUPPRESSED = "aggregates.unsuppressed"  # see counts of 1 to 5 rather than "c"
CHILDREN_VIEW_ALL = "children.view_all"  # child-level lists for every team
CHILDREN_VIEW_OWN_TEAM = "children.view_own_team"  # child-level lists for the user's own team(s)
SNAPSHOTS_LOAD = "snapshots.load"  # load data, set thresholds, targets and local standards
USERS_MANAGE = "users.manage"  # manage users and roles
AUDIT_READ = "audit.read"  # read the audit log of child-level views and exports

_EVERYONE = {PLAN_VIEW, AGGREGATES_VIEW}
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        _EVERYONE | {PLAN_EDIT, AGGREGATES_UNSUPPRESSED, CHILDREN_VIEW_ALL, SNAPSHOTS_LOAD, USERS_MANAGE, AUDIT_READ}
    ),
    Role.SENIOR_LEADER: frozenset(_EVERYONE | {AGGREGATES_UNSUPPRESSED, CHILDREN_VIEW_ALL}),
    Role.TEAM_MANAGER: frozenset(_EVERYONE | {AGGREGATES_UNSUPPRESSED, CHILDREN_VIEW_OWN_TEAM}),
    Role.BOARD_MEMBER: frozenset(_EVERYONE | {AGGREGATES_UNSUPPRESSED}),
    Role.SCRUTINY_MEMBER: frozenset(_EVERYONE),
    Role.PLAN_EDITOR: frozenset({PLAN_VIEW, PLAN_EDIT}),
}
# Object-level permissions are decided in `can` from the object, not granted by a role.
OBJECT_PERMISSIONS = frozenset({PLAN_UPDATE_ACTION})
ALL_PERMISSIONS: frozenset[str] = frozenset().union(*ROLE_PERMISSIONS.values()) | OBJECT_PERMISSIONS

CHILDREN_PERMISSIONS = (CHILDREN_VIEW_ALL, CHILDREN_VIEW_OWN_TEAM)
EVERY_TEAM = None
"""`child_teams` returns this (None) for users who may see the children of every team."""

# A group marking accounts made by `create_demo_accounts`; they may log in only in demo mode.
DEMO_GROUP = "Demo accounts"


def ensure_roles() -> list[Group]:
    """Create the role groups if absent (idempotent); returns them in Role order."""
    return [Group.objects.get_or_create(name=role.value)[0] for role in Role]


def roles_of(user: Any) -> frozenset[Role]:
    """The roles a user holds, read once per request and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_los_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._los_roles = cached
    return cached


def permissions_of(user: Any) -> frozenset[str]:
    """Every role-granted permission the user holds (superusers hold all)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ALL_PERMISSIONS - OBJECT_PERMISSIONS
    granted: set[str] = set()
    for role in roles_of(user):
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def _owns(user: Any, action: Any) -> bool:
    return action is not None and action.owner_users.filter(pk=user.pk).exists()


def can(user: Any, permission: str, obj: Any = None) -> bool:
    """May `user` do `permission` (to `obj`, where the rule depends on the object)?"""
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    held = permissions_of(user)
    if permission == PLAN_UPDATE_ACTION:
        # Editors may update any action; a viewer may update the actions they own.
        return PLAN_EDIT in held or (PLAN_VIEW in held and _owns(user, obj))
    return permission in held


def check(user: Any, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied (HTTP 403) unless `can(user, permission, obj)`."""
    if not can(user, permission, obj):
        raise PermissionDenied(permission)


def require(permission: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous users go to the login page; users without the permission get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = getattr(request, "user", AnonymousUser())
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(user, permission)
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_login(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the few views open to anyone signed in (the home page decides what to show from the permissions)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", AnonymousUser())
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.required_permission = None  # type: ignore[attr-defined]
    return wrapped


def require_any(*permissions: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Like `require`, for views open to holders of any one of several permissions."""
    for permission in permissions:
        if permission not in ALL_PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = getattr(request, "user", AnonymousUser())
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(can(user, p) for p in permissions):
                raise PermissionDenied(" or ".join(permissions))
            return view(request, *args, **kwargs)

        wrapped.required_permission = permissions  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_children(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guard for every view and export of child-level data (then narrow it with check_team/visible_children).
    Its responses are never stored by the browser or a proxy (Cache-Control: no-store): a shared
    computer's cache or back button must not show a child's details to the next person."""
    guarded = require_any(*CHILDREN_PERMISSIONS)(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = guarded(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    wrapped.required_permission = CHILDREN_PERMISSIONS  # type: ignore[attr-defined]
    return wrapped


def suppressed(user: Any) -> bool:
    """Must small numbers (1 to 5, and figures built on them) be shown to this user as "c"?"""
    return AGGREGATES_UNSUPPRESSED not in permissions_of(user)


def child_teams(user: Any) -> frozenset[str] | None:
    """Teams whose children the user may see: None (EVERY_TEAM) for all, else a set (empty: none)."""
    held = permissions_of(user)
    if CHILDREN_VIEW_ALL in held:
        return EVERY_TEAM
    if CHILDREN_VIEW_OWN_TEAM not in held:
        return frozenset()
    cached = getattr(user, "_los_teams", None)
    if cached is None:
        from lineofsight.web.core.models import TeamMembership

        cached = frozenset(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
        user._los_teams = cached
    return cached


def may_see_team(user: Any, team: str | None) -> bool:
    """May the user see the children of `team` (None: of every team at once)?"""
    teams = child_teams(user)
    if teams is EVERY_TEAM:
        return True
    return team is not None and team in teams


def check_team(user: Any, team: str | None) -> None:
    """Raise PermissionDenied unless the user may see the children of `team` (None: every team)."""
    if not may_see_team(user, team):
        raise PermissionDenied("children of another team")


def visible_children(user: Any, rows: list[dict], team_key: str = "team") -> list[dict]:
    """The rows of a child-level list the user may see: all of them, or their own teams' only."""
    teams = child_teams(user)
    if teams is EVERY_TEAM:
        return rows
    return [r for r in rows if r.get(team_key) in teams]
