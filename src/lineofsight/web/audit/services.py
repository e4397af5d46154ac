"""Writing the audit log: one call per view or export of child-level data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from lineofsight.web import policy
from lineofsight.web.audit.models import AuditEntry


def record_child_access(
    request: HttpRequest, action: str, what: str, child_ids: Iterable[str | None], *,
    snapshot_id: str = "", parameters: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append who saw (or exported) which children, from which snapshot, through which page.

    Called by every child-level view and export before it responds, even when the list is empty
    (that someone looked is itself worth knowing). The ids are kept only here, never logged.
    """
    if action not in (AuditEntry.VIEW, AuditEntry.EXPORT):
        raise ValueError(f"unknown audit action {action!r}")
    user = request.user
    ids = sorted({str(c) for c in child_ids if c is not None})
    return AuditEntry.objects.create(
        user_id=user.pk, username=user.get_username(),
        roles=", ".join(sorted(r.value for r in policy.roles_of(user))),
        action=action, what=what[:200], path=request.get_full_path()[:1000], snapshot_id=snapshot_id or "",
        parameters={k: v for k, v in (parameters or {}).items() if v not in (None, "")},
        child_count=len(ids), child_ids=ids,
    )


def record_account_change(by: Any, what: str, *, account: Any, parameters: dict[str, Any] | None = None) -> AuditEntry:
    """Append who changed which account and how (a new account, a temporary password, roles): so a
    password set by someone else is always traceable to them. Never the password itself."""
    return AuditEntry.objects.create(
        user_id=by.pk, username=by.get_username(),
        roles=", ".join(sorted(r.value for r in policy.roles_of(by))) or ("superuser" if by.is_superuser else ""),
        action=AuditEntry.ACCOUNT, what=what[:200], path="",
        parameters={"account": account.get_username(), "account_id": account.pk, **(parameters or {})},
    )
