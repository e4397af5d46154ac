"""A data-quality rule is data: an id, what it means, and the SQL that finds the records breaking it.

Adding a rule is adding one `Rule` to a module in `quality.rules` and one test case. The engine runs
every rule's SQL as one set-based DuckDB query; no rule ever loops over records in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "query"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "query")
"""error: the record cannot be right; warning: probably wrong; query: worth a look."""

FAMILIES: tuple[str, ...] = (
    "timeliness", "sequence", "validity", "consistency", "completeness", "identity", "referential", "allocation",
)

RULE_COLUMNS: tuple[str, ...] = ("table_name", "record_id", "person_id", "event_date", "team", "worker", "detail")
"""The columns every rule's SQL returns, in this order.

event_date is the record's own date: the engine uses it to find the allocated team and worker
when the record does not name them. detail holds the values that broke the rule as short text
(dates, codes, counts, other record ids) and never a name.
"""

AS_AT = "$as_at"
"""Token in rule SQL for the reference date ("today" for the snapshot); the engine substitutes a DATE literal."""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    family: str
    tables: tuple[str, ...]
    sql: str
    explanation: str
    fix: str
    dfe_rules: tuple[str, ...] = ()  # DfE validation rules (CIN census, SSDA903) this rule finds the records of first

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} is not one of {SEVERITIES}")
        if self.family not in FAMILIES:
            raise ValueError(f"rule {self.id}: family {self.family!r} is not one of {FAMILIES}")
        if not self.tables:
            raise ValueError(f"rule {self.id}: no tables")

    def as_dict(self) -> dict:
        """The rule for display and JSON (without its SQL)."""
        return {
            "rule_id": self.id, "title": self.title, "severity": self.severity, "family": self.family,
            "tables": list(self.tables), "explanation": self.explanation, "fix": self.fix,
            "dfe_rules": list(self.dfe_rules),
        }
