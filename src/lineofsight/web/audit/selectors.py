"""Reading the audit log (administrators only: the page asks policy.AUDIT_READ)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Q

from lineofsight.web.audit.models import AuditEntry

PAGE_SIZE = 50


def entries(page: int | str | None = 1, user: str = "", child: str = "") -> Page:
    """A page of entries, newest first, optionally for one username or one child id."""
    qs = AuditEntry.objects.all()
    if user:
        qs = qs.filter(username=user)
    if child:
        # JSON containment is not available on SQLite; the id is stored as a quoted JSON string.
        qs = qs.filter(Q(child_ids__icontains=f'"{child}"'))
    return Paginator(qs, PAGE_SIZE).get_page(page)
