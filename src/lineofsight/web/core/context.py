"""Template context every page needs: the user's permissions (for the navigation) and whether this is a demo."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from lineofsight.web import policy


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    perms = policy.permissions_of(user)
    return {
        "demo_mode": settings.DEMO_MODE,
        "user_roles": sorted(r.value for r in policy.roles_of(user)),
        "can_view_plan": policy.PLAN_VIEW in perms,
        "can_edit_plan": policy.PLAN_EDIT in perms,
        "can_view_aggregates": policy.AGGREGATES_VIEW in perms,
        "can_view_children": bool(perms & set(policy.CHILDREN_PERMISSIONS)),
        "can_load": policy.SNAPSHOTS_LOAD in perms,
        "can_manage_users": policy.USERS_MANAGE in perms,
        "can_read_audit": policy.AUDIT_READ in perms,
        "small_numbers_hidden": policy.AGGREGATES_VIEW in perms and policy.suppressed(user),
    }
