"""What changed between two frozen meetings: ratings up or down, actions completed, new overdue.

Works only from the frozen JSON of each meeting, so the comparison shows what each board actually saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lineofsight.plan.refs import ref_key
from lineofsight.plan.scale import RATING_RANK, Status

DONE_LABELS = frozenset({Status.COMPLETE.label, Status.COMPLETE_BAU.label, Status.CLOSED.label})


@dataclass(frozen=True)
class RatingChange:
    ref: str  # an action ref, or an area ref for an area's own rating
    text: str
    which: str  # "activity" or "impact"
    before: str
    after: str

    @property
    def direction(self) -> str:
        """ "up", "down", or "changed" (to or from NA or not rated, which is not a move on the scale)."""
        if self.before in RATING_RANK and self.after in RATING_RANK:
            return "up" if RATING_RANK[self.after] > RATING_RANK[self.before] else "down"
        return "changed"


@dataclass(frozen=True)
class ActionLine:
    ref: str
    text: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Comparison:
    earlier_as_at: str
    later_as_at: str
    area_rating_changes: tuple[RatingChange, ...]
    rating_changes: tuple[RatingChange, ...]
    completed: tuple[ActionLine, ...]
    new_overdue: tuple[ActionLine, ...]
    no_longer_overdue: tuple[ActionLine, ...]
    added: tuple[ActionLine, ...]
    removed: tuple[ActionLine, ...]

    @property
    def ups(self) -> int:
        return sum(c.direction == "up" for c in self.rating_changes)

    @property
    def downs(self) -> int:
        return sum(c.direction == "down" for c in self.rating_changes)


def _actions(export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["ref"]: a for area in export["areas"] for a in area["actions"]}


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def compare(
    earlier: dict[str, Any], later: dict[str, Any],
    earlier_areas: dict[str, dict[str, str]] | None = None, later_areas: dict[str, dict[str, str]] | None = None,
) -> Comparison:
    """Compare two JSON exports (and optionally their area summaries), earlier first."""
    before, after = _actions(earlier), _actions(later)
    changes, completed, new_overdue, cleared = [], [], [], []
    for ref in sorted(set(before) & set(after), key=ref_key):
        b, a = before[ref], after[ref]
        text = _first_line(a["text"])
        for which in ("activity", "impact"):
            old, new = b[f"{which}_rating"] or "", a[f"{which}_rating"] or ""
            if old != new:
                changes.append(RatingChange(ref, text, which, old or "Not rated", new or "Not rated"))
        if a["status"] in DONE_LABELS and b["status"] not in DONE_LABELS:
            completed.append(ActionLine(ref, text, b["status"], a["status"]))
        if a["overdue"] and not b["overdue"]:
            new_overdue.append(ActionLine(ref, text))
        if b["overdue"] and not a["overdue"]:
            cleared.append(ActionLine(ref, text))
    area_changes = []
    titles = {area["ref"]: area["title"] for area in later["areas"]}
    for ref in sorted(set(earlier_areas or {}) & set(later_areas or {}), key=ref_key):
        for which in ("activity", "impact"):
            old = (earlier_areas or {})[ref].get(f"{which}_rating", "")
            new = (later_areas or {})[ref].get(f"{which}_rating", "")
            if old != new:
                area_changes.append(RatingChange(ref, titles.get(ref, ""), which, old or "Not rated", new or "Not rated"))
    return Comparison(
        earlier_as_at=earlier["as_at"], later_as_at=later["as_at"],
        area_rating_changes=tuple(area_changes), rating_changes=tuple(changes),
        completed=tuple(completed), new_overdue=tuple(new_overdue), no_longer_overdue=tuple(cleared),
        added=tuple(ActionLine(r, _first_line(after[r]["text"])) for r in sorted(set(after) - set(before), key=ref_key)),
        removed=tuple(ActionLine(r, _first_line(before[r]["text"])) for r in sorted(set(before) - set(after), key=ref_key)),
    )
