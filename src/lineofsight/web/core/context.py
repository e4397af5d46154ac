"""Template context every page needs: the user's permissions and whether this is a demo."""

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
    }
