"""Derived signals of an action, as pure functions of its facts and a date (so they test on fixed dates).

- overdue: past its due date and not complete or closed;
- due soon: something outstanding falls due in the next 30 days;
- stale: no progress update in the last 60 days;
- advisory activity rating: time elapsed against progress. It is ADVICE shown beside the owner's rating,
  never written over it: the owner knows things the dates do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from lineofsight.plan.scale import COMPLETE_STATUSES, FINISHED_STATUSES, Rating, Status

DUE_SOON_DAYS = 30
STALE_DAYS = 60


@dataclass(frozen=True)
class SubItemFacts:
    letter: str
    due: date | None
    complete: bool


@dataclass(frozen=True)
class ActionFacts:
    """What the signals need to know about an action; built by selectors from the tables or from history."""

    status: str
    due: tuple[date, ...] = ()
    sub_items: tuple[SubItemFacts, ...] = ()
    start: date | None = None  # when work was planned to start (default: when the action was recorded)
    recorded: date | None = None  # when the action entered the register
    last_update: date | None = None


@dataclass(frozen=True)
class Advice:
    rating: str
    reason: str


@dataclass(frozen=True)
class Signals:
    overdue: bool
    due_soon: bool
    stale: bool
    advice: Advice | None
    overdue_since: date | None = None
    next_due: date | None = None
    flags: tuple[str, ...] = field(default=())


def is_finished(status: str) -> bool:
    return status in FINISHED_STATUSES


def final_due(facts: ActionFacts) -> date | None:
    """The date by which the whole action is due: its last own due date, else its last sub-item's."""
    if facts.due:
        return max(facts.due)
    dues = [s.due for s in facts.sub_items if s.due is not None]
    return max(dues) if dues else None


def _outstanding_dates(facts: ActionFacts) -> list[date]:
    dates = list(facts.due)
    dates += [s.due for s in facts.sub_items if s.due is not None and not s.complete]
    return sorted(dates)


def overdue_since(facts: ActionFacts, today: date) -> date | None:
    """The earliest missed date (the action's final due date or an unfinished sub-item's), or None."""
    if is_finished(facts.status):
        return None
    missed = [s.due for s in facts.sub_items if s.due is not None and not s.complete and s.due < today]
    end = final_due(facts)
    if end is not None and end < today:
        missed.append(end)
    return min(missed) if missed else None


def is_overdue(facts: ActionFacts, today: date) -> bool:
    return overdue_since(facts, today) is not None


def next_due(facts: ActionFacts, today: date) -> date | None:
    upcoming = [d for d in _outstanding_dates(facts) if d >= today]
    return upcoming[0] if upcoming else None


def is_due_soon(facts: ActionFacts, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Something outstanding falls due from today to `days` days ahead (inclusive)."""
    if is_finished(facts.status):
        return False
    nxt = next_due(facts, today)
    return nxt is not None and nxt <= today + timedelta(days=days)


def is_stale(facts: ActionFacts, today: date, days: int = STALE_DAYS) -> bool:
    """No update for more than `days` days (counting from when it was recorded if it never had one)."""
    if is_finished(facts.status):
        return False
    last = facts.last_update or facts.recorded
    return last is not None and (today - last).days > days


def _share(numerator: int, denominator: int) -> float:
    return 1.0 if denominator <= 0 else min(max(numerator / denominator, 0.0), 1.0)


def advisory_activity(facts: ActionFacts, today: date) -> Advice | None:
    """An activity rating the dates suggest, with the reason; None where the dates say nothing."""
    if facts.status in COMPLETE_STATUSES:
        return Advice(Rating.BLUE, "marked complete")
    if facts.status == Status.CLOSED:
        return Advice(Rating.NA, "closed")
    start = facts.start or facts.recorded
    if facts.status == Status.NOT_STARTED and start is not None and start > today:
        return Advice(Rating.NA, f"not scheduled to start until {start:%d %b %Y}")
    end = final_due(facts)
    if end is None:
        return None
    missed = overdue_since(facts, today)
    if missed is not None:
        return Advice(Rating.RED, f"not complete and past a due date ({missed:%d %b %Y})")
    elapsed = 0.0 if start is None else _share((today - start).days, (end - start).days)
    gone = f"{elapsed:.0%} of the time to {end:%d %b %Y} has gone"
    if facts.status == Status.NOT_STARTED:
        if elapsed < 0.25:
            return Advice(Rating.AMBER, f"not started yet; {gone}")
        return Advice(Rating.RED, f"not started although {gone}")
    if facts.sub_items:
        done = sum(s.complete for s in facts.sub_items)
        progress = done / len(facts.sub_items)
        gap = elapsed - progress
        said = f"{done} of {len(facts.sub_items)} parts complete; {gone}"
        if gap <= 0.15:
            return Advice(Rating.GREEN, said)
        return Advice(Rating.AMBER if gap <= 0.4 else Rating.RED, said)
    if elapsed < 0.8:
        return Advice(Rating.GREEN, f"in progress; {gone}")
    return Advice(Rating.AMBER, f"in progress but {gone}")


def signals(facts: ActionFacts, today: date) -> Signals:
    """All the derived signals of one action on `today`."""
    since = overdue_since(facts, today)
    soon = is_due_soon(facts, today)
    stale = is_stale(facts, today)
    flags = tuple(
        name for name, on in (("Overdue", since is not None), ("Due soon", soon), ("No recent update", stale)) if on
    )
    return Signals(
        overdue=since is not None, due_soon=soon, stale=stale, advice=advisory_activity(facts, today),
        overdue_since=since, next_due=next_due(facts, today), flags=flags,
    )
