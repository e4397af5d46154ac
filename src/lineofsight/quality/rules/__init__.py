"""Every data-quality rule, one module per family. Adding a rule: add it to its family's RULES and test it."""

from __future__ import annotations

from lineofsight.quality.model import Rule
from lineofsight.quality.rules import (
    allocation,
    completeness,
    consistency,
    identity,
    referential,
    sequence,
    timeliness,
    validity,
)

FAMILY_MODULES = (timeliness, sequence, validity, consistency, completeness, identity, referential, allocation)


def _collect() -> tuple[Rule, ...]:
    rules = tuple(r for module in FAMILY_MODULES for r in module.RULES)
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise ValueError(f"duplicate rule id {r.id}")
        seen.add(r.id)
    return rules


ALL_RULES: tuple[Rule, ...] = _collect()
BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
