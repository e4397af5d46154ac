"""Small-number suppression for anything a scrutiny member sees or the council publishes.

The convention is the one DfE's statistical publications use (DfE "Statistics: children in need and
child protection" and "Children looked after" methodology; DfE statistical disclosure control
guidance):

- Primary suppression: a count from 1 to 5 is shown as "c"; so is any rate, percentage or average
  whose numerator or denominator is from 1 to 5. Zero is NOT suppressed: by DfE convention a zero
  is published, because knowing that no child had an outcome does not identify a child.
- Secondary suppression: where published figures add up to a published figure (the cells of a
  breakdown to its total; the months of a year to the year), a hidden figure could be worked out by
  subtraction if it were the only one hidden. So whenever exactly one member of such a relation is
  hidden, the next-smallest member is hidden too (a breakdown cell in preference to its total, and a
  non-zero cell in preference to a zero one), repeated until no relation has exactly one hidden
  member. Subtraction then gives only the sum of two or more hidden figures.

Everything here is a pure function over plain dicts {key, numerator, denominator, value, ...} as the
measures selectors return them; a hidden field becomes the string "c" and the dict gains
"suppressed": None, "primary" or "secondary". Fields other than numerator, denominator and value
are kept as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SUPPRESSED = "c"
SMALLEST, LARGEST = 1, 5  # counts from 1 to 5 are never shown
FIGURE_FIELDS = ("numerator", "denominator", "value")


def is_small(count: object) -> bool:
    """A count from 1 to 5 (zero and missing are not small)."""
    return isinstance(count, int | float) and not isinstance(count, bool) and SMALLEST <= count <= LARGEST


def needs_primary(figure: Mapping) -> bool:
    """Whether a figure must be hidden on its own: its numerator or its denominator is from 1 to 5.

    A plain count is its own numerator (the measures selectors put counts there), so a count of 1 to
    5 is hidden by the same rule.
    """
    return is_small(figure.get("numerator")) or is_small(figure.get("denominator"))


def suppress_count(count: int | None) -> int | str | None:
    """A lone count as it may be shown: "c" for 1 to 5, otherwise unchanged (zero stays zero)."""
    return SUPPRESSED if is_small(count) else count


def is_suppressed(figure: Mapping) -> bool:
    return bool(figure.get("suppressed"))


def _hidden(figure: Mapping, reason: str | None) -> dict:
    out = dict(figure)
    out["suppressed"] = reason
    if reason:
        for name in FIGURE_FIELDS:
            if name in out:
                out[name] = SUPPRESSED
    return out


def suppress_figure(figure: Mapping) -> dict:
    """One figure on its own (primary suppression only: nothing else published adds up to it)."""
    return _hidden(figure, "primary" if needs_primary(figure) else None)


# ---------------------------------------------------------------- the secondary-suppression core

@dataclass(frozen=True)
class Relation:
    """Published figures that add up: `members` sum to `total` (an index among the same figures), or,
    when `total` is None, to a published figure that is not itself a count (a mean over the members)."""

    members: tuple[int, ...]
    total: int | None = None

    @property
    def indices(self) -> tuple[int, ...]:
        return self.members if self.total is None else (*self.members, self.total)


def size(figure: Mapping) -> tuple[float, ...]:
    """How big a figure is, for choosing the next-smallest: its counts, numerator first."""
    return tuple(float(figure[k]) for k in ("numerator", "denominator")
                 if isinstance(figure.get(k), int | float) and not isinstance(figure.get(k), bool))


def _candidate_order(figures: Sequence[Mapping], relation: Relation, hidden: set[int]) -> list[int]:
    """Members that may be hidden to protect a relation, best first: cells before the total,
    non-zero before zero (and all counts non-zero before some), then smallest first (index order
    breaks ties, so the result is stable)."""
    free = [i for i in relation.indices if i not in hidden]

    def key(i: int) -> tuple:
        s = size(figures[i])
        # A cell with a zero count protects nothing in that count (0 of 1 beside a hidden 2 of 3 leaves
        # the 2 to be worked out), so cells whose counts are all non-zero come first.
        return (i == relation.total, not any(s), not all(s), s, i)

    return sorted(free, key=key)


def protect(figures: Sequence[Mapping], relations: Iterable[Relation],
            hidden: Iterable[int] | None = None) -> dict[int, str]:
    """Which figures to hide, and why ("primary" or "secondary"), so that no relation has exactly one
    hidden member. `hidden` defaults to the figures needing primary suppression.

    A relation whose sum is not a count (`total` None) and that cannot be protected because it has a
    single member raises ValueError: its published total would give the hidden figure away.
    """
    relations = list(relations)
    start = {i for i, f in enumerate(figures) if needs_primary(f)} if hidden is None else set(hidden)
    reasons = dict.fromkeys(sorted(start), "primary")
    changed = True
    while changed:
        changed = False
        for rel in relations:
            n_hidden = sum(1 for i in rel.indices if i in reasons)
            if n_hidden != 1:
                continue
            order = _candidate_order(figures, rel, set(reasons))
            if not order:
                raise ValueError(f"relation {rel} has one member: its published sum reveals it")
            reasons[order[0]] = "secondary"
            changed = True
    return reasons


def apply(figures: Sequence[Mapping], reasons: Mapping[int, str]) -> list[dict]:
    """The figures with the hidden ones' numerator, denominator and value replaced by "c"."""
    return [_hidden(f, reasons.get(i)) for i, f in enumerate(figures)]


# ---------------------------------------------------------------- breakdowns and series

def suppress_breakdown(total: Mapping, cells: Sequence[Mapping],
                       group_by: str = "dimension") -> tuple[dict, list[dict]]:
    """A total and its breakdown cells, suppressed so no hidden cell can be worked out from the total.

    Cells are grouped by `group_by` (one group per breakdown, e.g. team and sex): each group's cells
    add up to the total. Returns (total, cells) in the same order, hidden fields as "c".
    """
    figures: list[Mapping] = [total, *cells]
    groups: dict[object, list[int]] = {}
    for i, cell in enumerate(cells, start=1):
        groups.setdefault(cell.get(group_by), []).append(i)
    reasons = protect(figures, [Relation(tuple(members), 0) for members in groups.values()])
    out = apply(figures, reasons)
    return out[0], out[1:]


def suppress_cells(cells: Sequence[Mapping], total: Mapping | None = None) -> tuple[list[dict], dict | None]:
    """One group of cells (all the cells of one breakdown), with its total when one is published."""
    if total is None:
        return apply(cells, protect(cells, [])), None
    figures: list[Mapping] = [total, *cells]
    out = apply(figures, protect(figures, [Relation(tuple(range(1, len(figures))), 0)]))
    return out[1:], out[0]


def suppress_series(points: Sequence[Mapping], total: Mapping | None = None,
                    summed: Sequence[int] = ()) -> tuple[list[dict], dict | None]:
    """Monthly points, and optionally a published `total` that the points at indices `summed` add up
    to (the 12 months of an in-period count and its 12-month figure). Points are otherwise independent."""
    figures: list[Mapping] = [*points] + ([total] if total is not None else [])
    relations = [Relation(tuple(summed), len(points))] if total is not None and summed else []
    out = apply(figures, protect(figures, relations))
    if total is None:
        return out, None
    return out[:-1], out[-1]


def shown(value: object) -> bool:
    """Whether a value is published (not "c", not missing)."""
    return value is not None and value != SUPPRESSED
