"""Every page says which data its figures come from: the snapshot and the date the figures run to."""

from __future__ import annotations

from django.http import HttpRequest

from lineofsight.web.dashboard import selectors


def snapshot(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        return {"current_snapshot": selectors.current()}
    except selectors.NoSnapshotError:
        return {"current_snapshot": None}
