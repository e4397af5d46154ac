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


def verify_chain() -> tuple[int, str | None]:
    """Check the hash chain over every entry, oldest first: (entries that hold, None) when the whole
    log is intact, else (entries that hold before the break, what is wrong at the break)."""
    from lineofsight.web.audit import chain

    rows = AuditEntry.objects.order_by("id").values("id", "prev_hash", "entry_hash", *chain.FIELDS)
    return chain.first_break(rows.iterator(chunk_size=2000))
