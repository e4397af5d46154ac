"""Who belongs to which team: a team manager sees child-level lists only for the teams listed here.

Team ids are the SSD's `ssd_department.dept_team_id`, so a membership survives a new snapshot; a team
that no longer appears in the data simply shows no children.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TeamMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    team_id = models.CharField(max_length=64, help_text="ssd_department.dept_team_id")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "team_id"], name="one_membership_per_team")]
        ordering = ["user_id", "team_id"]

    def __str__(self) -> str:
        return f"{self.user} in team {self.team_id}"


class PasswordChangeRequired(models.Model):
    """An account whose password someone else set (a new account, or a temporary password after a reset):
    its owner must choose their own at the next sign-in, so nobody goes on knowing another person's
    password. The row is removed when the owner changes it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="password_change_required")
    set_by = models.CharField(max_length=150, help_text="username of whoever set the password")
    set_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} must change the password {self.set_by} set"
