"""A measure is declarative data: what it counts, where the definition comes from, and one SQL query.

The SQL is the measure's *population*: one row per (window, record in the denominator). It reads the
SSD tables and a relation `periods(period_id, period_start, period_end)` holding every window being
computed at once (one window for `--from/--to`, 72 or 144 for a monthly series), so a whole series
is one set-based query. It must return exactly the columns in POPULATION_COLUMNS:

- period_id: the window (from `periods p`)
- record_id, person_id, team, worker: the record, the child, and who was responsible (team/worker may
  be NULL: the engine then uses the child's allocated social worker on the date, from ssd_involvements)
- event_date: for in_period measures the date that places the record in the window; for snapshot
  measures the start of the state (the plan's start, the date the child entered care)
- in_numerator: whether the record counts in the numerator (NULL counts as false)
- value: the number averaged for days/ratio measures (else NULL)
- due_date: when something is or was due, for exception lists (else NULL)
- decided_by: the dates that decided the result, as short text for the children-behind-it list

`{cin_visit_days}`-style placeholders are filled from the authority's local standards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["percent", "rate_per_10000", "count", "days", "working_days", "ratio"]
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
PeriodType = Literal["in_period", "snapshot"]
Aggregate = Literal["share", "rate", "count", "mean", "median", "ratio"]

POPULATION_COLUMNS: tuple[str, ...] = (
    "period_id", "record_id", "person_id", "team", "worker", "event_date",
    "in_numerator", "value", "due_date", "decided_by",
)

DIMENSIONS: tuple[str, ...] = ("team", "worker", "age", "sex", "ethnicity", "disability", "uasc")
CHILD_DIMENSIONS: tuple[str, ...] = DIMENSIONS
WORKFORCE_DIMENSIONS: tuple[str, ...] = ("team", "worker")

# How each unit is aggregated unless a measure says otherwise.
DEFAULT_AGGREGATE: dict[str, Aggregate] = {
    "percent": "share", "rate_per_10000": "rate", "count": "count", "days": "mean",
    "working_days": "median", "ratio": "ratio",
}


@dataclass(frozen=True)
class Measure:
    """One measure of the core data set. Adding a measure is adding one of these and its test."""

    id: str
    title: str
    area: str
    definition: str  # plain English, including any choice made where the source is silent
    source: str  # DfE statistics / Working Together 2023 / the regulations / local standard
    unit: Unit
    polarity: Polarity
    period_type: PeriodType
    sql: str
    table: str  # the table whose ids record_id holds (joins data-quality findings to the records)
    threshold: float | None = None  # minimum expectation (amber at or beyond it)
    target: float | None = None  # green at or beyond it
    breakdowns: tuple[str, ...] = CHILD_DIMENSIONS
    quality_rules: tuple[str, ...] = ()  # data-quality rules that can distort this measure
    aggregate: Aggregate | None = None  # default from the unit
    needs: tuple[str, ...] = ()  # extension columns (table.column) without which the figure means nothing
    # An in_period figure is the sum of its months when each record is placed in the window by its
    # event_date alone; False where a window counts a child once, or looks outside its own months.
    sums_months: bool = True

    @property
    def how(self) -> Aggregate:
        return self.aggregate or DEFAULT_AGGREGATE[self.unit]

    @property
    def by_month(self) -> bool:
        """Whether a series may count each record once in its calendar month and add the months up (issue
        14): counts, shares, rates and means of in_period measures; never medians or distinct counts."""
        return self.period_type == "in_period" and self.sums_months and self.how in ("share", "rate", "count", "mean")

    @property
    def is_percent(self) -> bool:
        return self.how == "share"

    def summary(self) -> dict:
        """The measure's declaration as plain data (for the web app, reports and the CLI)."""
        return {
            "id": self.id, "title": self.title, "area": self.area, "definition": self.definition,
            "source": self.source, "unit": self.unit, "polarity": self.polarity,
            "period_type": self.period_type, "threshold": self.threshold, "target": self.target,
            "breakdowns": list(self.breakdowns), "quality_rules": list(self.quality_rules),
            "table": self.table,
        }
