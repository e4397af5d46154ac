"""The audit log: every view or export of child-level data, append-only.

Who (user id and username copied, not a foreign key, so removing an account never touches the log),
when, what (the page or export and its parameters), which snapshot, and which children (their ids:
they live here, where only administrators can read them, and never in log files). An entry can be
added and read, never changed or removed: `save` refuses updates, `delete` and the queryset's
update/delete refuse, the migrations add database triggers that refuse UPDATE, DELETE, REPLACE
(SQLite) and TRUNCATE (PostgreSQL), and each entry carries a hash chained to the one before, which
`lineofsight audit verify` checks.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models, transaction
from django.utils import timezone

from lineofsight.web.audit import chain

CHAIN_LOCK = 0x4C6F53_417564  # the advisory lock key appends to the audit log take in turn (PostgreSQL)


class AuditLogImmutableError(RuntimeError):
    """The audit log is append-only: entries are never changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogImmutableError("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutableError("audit entries cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditLogImmutableError("audit entries cannot be changed")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditLogImmutableError("audit entries cannot be changed")

    def bulk_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditLogImmutableError("audit entries are added one at a time, each chained to the one before")

    def create(self, **kwargs: Any) -> AuditEntry:
        """Append one entry, chained to the last: appends take a lock in turn (PostgreSQL) or the write
        transaction is immediate (SQLite), so two writers never chain to the same entry."""
        with transaction.atomic(using=self.db):
            connection = connections[self.db]
            if connection.vendor == "postgresql":  # an advisory lock: needs no privilege beyond INSERT
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
            entry = self.model(**kwargs)
            last = self.order_by("-id").values_list("entry_hash", flat=True).first()
            entry.prev_hash = last or chain.GENESIS
            fields = {name: getattr(entry, name) for name in chain.FIELDS}
            entry.entry_hash = chain.entry_hash(fields, entry.prev_hash)
            entry.save(force_insert=True, using=self.db)
        return entry


class AuditEntry(models.Model):
    VIEW = "view"
    EXPORT = "export"
    ACCOUNT = "account"  # an administrator changed someone's account (roles, a temporary password)
    ACTIONS = [(VIEW, "Viewed"), (EXPORT, "Exported"), (ACCOUNT, "Changed an account")]

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user_id = models.IntegerField(null=True, db_index=True)
    username = models.CharField(max_length=150)
    roles = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=10, choices=ACTIONS)
    what = models.CharField(max_length=200)
    path = models.CharField(max_length=1000, blank=True)
    snapshot_id = models.CharField(max_length=40, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    child_count = models.IntegerField(default=0)
    child_ids = models.JSONField(default=list, blank=True)
    # The hash chain (see chain.py); null only on a database mid-migration.
    prev_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or self.pk is not None:
            raise AuditLogImmutableError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutableError("audit entries cannot be deleted")
