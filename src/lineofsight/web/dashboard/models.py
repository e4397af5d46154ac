"""Levels and standards an analyst sets for this council, kept in the app database (not in a snapshot).

A measure ships with a default threshold (the minimum expectation) and target; `MeasureLevel` overrides
them for one measure. `LocalStandard` overrides a local standard of authority.toml (for example how
often children in need are visited). Both keep their history, so a RAG rating can be explained later.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from lineofsight.schema.authority import DEFAULT_STANDARDS

STANDARD_CHOICES = [(k, k) for k in DEFAULT_STANDARDS]


class MeasureLevel(models.Model):
    measure_id = models.CharField(max_length=64, unique=True)
    threshold = models.FloatField(null=True, blank=True, help_text="Minimum expectation (amber at or beyond it)")
    target = models.FloatField(null=True, blank=True, help_text="Target (green at or beyond it)")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure_id"]

    def __str__(self) -> str:
        return f"{self.measure_id}: threshold {self.threshold}, target {self.target}"


class LocalStandard(models.Model):
    key = models.CharField(max_length=64, unique=True, choices=STANDARD_CHOICES)
    value = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
