"""Meetings are frozen: once saved, a meeting's record can be neither changed nor deleted.

A board pack must show forever what the board saw, so this is enforced for every code path (services,
admin, shell), not only in the services.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete, pre_save


class FrozenMeetingError(RuntimeError):
    """Raised on any attempt to change or delete a frozen meeting."""


def _refuse_change(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if instance.pk is not None and sender.objects.filter(pk=instance.pk).exists():
        raise FrozenMeetingError(f"meeting {instance.pk} is frozen: it cannot be changed")


def _refuse_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    raise FrozenMeetingError(f"meeting {instance.pk} is frozen: it cannot be deleted")


def connect() -> None:
    from lineofsight.plan.models import Meeting

    pre_save.connect(_refuse_change, sender=Meeting, dispatch_uid="plan.meeting.frozen.save")
    pre_delete.connect(_refuse_delete, sender=Meeting, dispatch_uid="plan.meeting.frozen.delete")
