"""Authentication backend: Django's model backend, but demo accounts log in only in demo mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from lineofsight.web.policy import DEMO_GROUP


class AccountBackend(ModelBackend):
    """Refuses demo accounts (fixed, printed passwords) unless LINEOFSIGHT_DEMO=1."""

    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return settings.DEMO_MODE or not user.groups.filter(name=DEMO_GROUP).exists()
