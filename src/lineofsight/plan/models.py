"""Tables of the improvement plan register. Plain data: the rules live in services.py and signals.py.

Every table but Meeting keeps its history with django-simple-history (who changed what, when, and what it
was before). A Meeting is a frozen copy of the plan and is never changed (see guards.py).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lineofsight.plan.scale import PlanKind, Rating, Status


def _rating_field(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=8, choices=Rating.choices, blank=True, default="")


class Plan(models.Model):
    """One improvement plan (a council may run several: Ofsted, HMIP, a transformation programme)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=PlanKind.choices, default=PlanKind.OFSTED)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RatingDescriptor(models.Model):
    """What each BRAG rating means in this plan, for activity and for impact."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="descriptors")
    rating = models.CharField(max_length=8, choices=Rating.choices)
    activity = models.CharField(max_length=300)
    impact = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "rating"], name="plan_descriptor_unique")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.rating}"


class Area(models.Model):
    """An area for improvement: what inspectors found, the impact sought, and how it is measured."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    ref = models.CharField(max_length=20)
    title = models.TextField()
    lead = models.CharField("section lead", max_length=200, blank=True)
    findings = models.TextField("what inspectors found", blank=True)
    key_activities = models.TextField(blank=True)
    impact_sought = models.TextField(blank=True)
    how_monitored = models.TextField("how impact will be monitored and measured", blank=True)
    activity_rating = _rating_field("activity rating")
    impact_rating = _rating_field("impact rating")
    update_narrative = models.TextField("latest update", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="plan_area_ref_unique")]

    def __str__(self) -> str:
        return f"{self.ref}. {self.title}"


class AreaMeasure(models.Model):
    """A link from an area to a measure of the KPI catalogue, by its id (kept even before measures exist)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="measures")
    measure_id = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "measure_id"]
        constraints = [models.UniqueConstraint(fields=["area", "measure_id"], name="area_measure_unique")]

    def __str__(self) -> str:
        return self.measure_id


class Action(models.Model):
    """A numbered action (1.1, 2.10, or plain 4 where the plan's area column groups them) with its owners, due dates, status and two BRAG ratings."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=20)
    text = models.TextField()
    # Owners as the plan names them (usually job titles, e.g. "Head of Service, MASH") ...
    owner_names = models.JSONField(default=list, blank=True)
    # ... and the accounts that may add updates to this action.
    owner_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="owned_actions")
    due_dates = models.JSONField(default=list, blank=True)  # ISO dates, ascending; due by the last
    # The due cell as the plan wrote it ("March 25 / September 25", "Ongoing"); due_dates is what was read from it.
    due_text = models.TextField("due, as written", blank=True)
    start_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    closed_reason = models.CharField(max_length=300, blank=True)
    activity_rating = _rating_field("activity rating")
    impact_rating = _rating_field("impact rating")
    theme = models.TextField(blank=True)  # the theme row it sits under, e.g. "14 Workforce"
    # Cells of the plan's row that have no field of their own ("Header: value" lines), so nothing is lost.
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)  # order in the plan as written (0: by ref)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[owner_users])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "ref"], name="area_action_ref_unique")]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"

    @property
    def due(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.due_dates]


class SubItem(models.Model):
    """A lettered part of an action (a, b, c ...) with its own due date."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sub_items")
    letter = models.CharField(max_length=3)
    text = models.TextField()
    due = models.DateField(null=True, blank=True)
    complete = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["letter"]
        constraints = [models.UniqueConstraint(fields=["action", "letter"], name="action_subitem_unique")]

    def __str__(self) -> str:
        return f"{self.letter}. {self.text[:60]}"


class ProgressUpdate(models.Model):
    """A dated progress update: the narrative and the ratings as they stood on that date."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    as_at = models.DateField()
    narrative = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices)
    activity_rating = _rating_field("activity rating")
    impact_rating = _rating_field("impact rating")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(max_length=200, blank=True)  # for imported updates without an account
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_at", "-created_at"]

    def __str__(self) -> str:
        return f"{self.action.ref} at {self.as_at}"


class Meeting(models.Model):
    """A frozen "as at" copy of a plan for a meeting (board pack); never changed once made."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    as_at = models.DateField()
    export = models.JSONField()  # the plan's JSON export as at `as_at`
    area_summary = models.JSONField()  # per area ref: activity/impact rating and update narrative
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "held_on", "title"], name="plan_meeting_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"
