"""The audit log: every view or export of child-level data, append-only.

Who (user id and username copied, not a foreign key, so removing an account never touches the log),
when, what (the page or export and its parameters), which snapshot, and which children (their ids:
they live here, where only administrators can read them, and never in log files). An entry can be
added and read, never changed or removed: `save` refuses updates, `delete` and the queryset's
update/delete refuse, and the migration adds database triggers that refuse UPDATE and DELETE too.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


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
