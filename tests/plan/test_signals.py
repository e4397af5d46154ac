"""Derived signals on fixed dates: overdue, due soon, no recent update, and the advisory activity rating."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lineofsight.plan import signals as sig
from lineofsight.plan.scale import Rating, Status
from lineofsight.plan.signals import ActionFacts, SubItemFacts

TODAY = date(2025, 3, 10)  # a Monday


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (Status.IN_PROGRESS, days(-1), True),  # yesterday: overdue
        (Status.IN_PROGRESS, days(0), False),  # due today is not yet overdue
        (Status.NOT_STARTED, days(-30), True),
        (Status.COMPLETE, days(-30), False),
        (Status.COMPLETE_BAU, days(-30), False),
        (Status.CLOSED, days(-30), False),
    ],
)
def test_overdue_is_past_due_and_not_finished(status: str, due: date, expected: bool) -> None:
    assert sig.is_overdue(ActionFacts(status=status, due=(due,)), TODAY) is expected


def test_overdue_uses_the_final_due_date_of_several() -> None:
    facts = ActionFacts(status=Status.IN_PROGRESS, due=(days(-20), days(15)))
    assert not sig.is_overdue(facts, TODAY)
    assert sig.next_due(facts, TODAY) == days(15)


def test_an_unfinished_sub_item_past_its_date_makes_the_action_overdue() -> None:
    late = ActionFacts(status=Status.IN_PROGRESS, due=(days(40),),
                       sub_items=(SubItemFacts("a", days(-3), False), SubItemFacts("b", days(30), False)))
    assert sig.overdue_since(late, TODAY) == days(-3)
    done = ActionFacts(status=Status.IN_PROGRESS, due=(days(40),),
                       sub_items=(SubItemFacts("a", days(-3), True), SubItemFacts("b", days(30), False)))
    assert not sig.is_overdue(done, TODAY)


def test_an_action_with_no_due_date_is_never_overdue() -> None:
    assert not sig.is_overdue(ActionFacts(status=Status.IN_PROGRESS), TODAY)


@pytest.mark.parametrize(("offset", "expected"), [(0, True), (30, True), (31, False), (-1, False)])
def test_due_in_the_next_30_days_inclusive(offset: int, expected: bool) -> None:
    assert sig.is_due_soon(ActionFacts(status=Status.IN_PROGRESS, due=(days(offset),)), TODAY) is expected


def test_due_soon_counts_sub_items_and_ignores_finished_actions() -> None:
    facts = ActionFacts(status=Status.IN_PROGRESS, due=(days(90),), sub_items=(SubItemFacts("a", days(12), False),))
    assert sig.is_due_soon(facts, TODAY)
    assert not sig.is_due_soon(ActionFacts(status=Status.COMPLETE, due=(days(5),)), TODAY)


@pytest.mark.parametrize(("last", "expected"), [(-60, False), (-61, True), (-5, False)])
def test_no_update_in_the_last_60_days(last: int, expected: bool) -> None:
    facts = ActionFacts(status=Status.IN_PROGRESS, recorded=days(-300), last_update=days(last))
    assert sig.is_stale(facts, TODAY) is expected


def test_never_updated_counts_from_when_the_action_was_recorded() -> None:
    assert sig.is_stale(ActionFacts(status=Status.NOT_STARTED, recorded=days(-61)), TODAY)
    assert not sig.is_stale(ActionFacts(status=Status.NOT_STARTED, recorded=days(-59)), TODAY)
    assert not sig.is_stale(ActionFacts(status=Status.CLOSED, recorded=days(-400)), TODAY)


def advice(**kwargs: object) -> sig.Advice | None:
    return sig.advisory_activity(ActionFacts(**kwargs), TODAY)


def test_advice_for_finished_and_unscheduled_actions() -> None:
    assert advice(status=Status.COMPLETE, due=(days(-5),)).rating == Rating.BLUE
    assert advice(status=Status.COMPLETE_BAU).rating == Rating.BLUE
    assert advice(status=Status.CLOSED, due=(days(-5),)).rating == Rating.NA
    future = advice(status=Status.NOT_STARTED, start=days(14), due=(days(100),))
    assert future.rating == Rating.NA and "not scheduled to start" in future.reason


def test_no_advice_without_a_due_date() -> None:
    assert advice(status=Status.IN_PROGRESS, start=days(-10)) is None


def test_overdue_actions_are_advised_red() -> None:
    assert advice(status=Status.IN_PROGRESS, start=days(-100), due=(days(-1),)).rating == Rating.RED


def test_not_started_is_amber_early_in_its_window_and_red_later() -> None:
    # Window of 100 days: 20 days gone = 20% (< 25%) -> Amber; 30 days gone -> Red.
    assert advice(status=Status.NOT_STARTED, start=days(-20), due=(days(80),)).rating == Rating.AMBER
    assert advice(status=Status.NOT_STARTED, start=days(-30), due=(days(70),)).rating == Rating.RED


def test_in_progress_without_parts_is_green_until_80_percent_of_time_has_gone() -> None:
    assert advice(status=Status.IN_PROGRESS, start=days(-79), due=(days(21),)).rating == Rating.GREEN
    late = advice(status=Status.IN_PROGRESS, start=days(-80), due=(days(20),))
    assert late.rating == Rating.AMBER and "80%" in late.reason


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        ((True, True, False, False), Rating.GREEN),  # 50% done, 50% of time gone: gap 0
        ((True, False, False, False), Rating.AMBER),  # 25% done: gap 0.25
        ((False, False, False, False), Rating.RED),  # 0% done: gap 0.5
    ],
)
def test_in_progress_with_parts_compares_parts_done_with_time_gone(done: tuple[bool, ...], expected: str) -> None:
    parts = tuple(SubItemFacts(letter, days(40), d) for letter, d in zip("abcd", done, strict=True))
    result = advice(status=Status.IN_PROGRESS, start=days(-50), due=(days(50),), sub_items=parts)
    assert result.rating == expected
    assert f"{sum(done)} of 4 parts complete" in result.reason


def test_start_defaults_to_when_the_action_was_recorded() -> None:
    assert advice(status=Status.NOT_STARTED, recorded=days(-5), due=(days(95),)).rating == Rating.AMBER


def test_signals_bundle_and_flags() -> None:
    s = sig.signals(ActionFacts(status=Status.IN_PROGRESS, due=(days(-2),), recorded=days(-90)), TODAY)
    assert (s.overdue, s.due_soon, s.stale) == (True, False, True)
    assert s.flags == ("Overdue", "No recent update")
    assert s.overdue_since == days(-2)
    assert s.advice.rating == Rating.RED
