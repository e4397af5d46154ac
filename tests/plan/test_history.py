"""Every change is kept: who changed what, when, and what it was before; and the plan as at a past date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lineofsight.plan import selectors, services
from lineofsight.plan.models import Action, Area, AreaMeasure, Plan, ProgressUpdate, RatingDescriptor, SubItem
from lineofsight.plan.scale import Rating, Status

pytestmark = pytest.mark.django_db


def test_history_records_who_changed_what_and_the_value_before(small_plan, people, today) -> None:
    action = Action.objects.get(ref="1.2")
    services.add_update(action, as_at=today, narrative="Clinics running in all areas", status=Status.COMPLETE,
                        activity_rating=Rating.BLUE, impact_rating=Rating.GREEN, author=people["owner"])
    latest, before = action.history.all()[:2]
    assert latest.history_user == people["owner"]
    assert (before.activity_rating, latest.activity_rating) == (Rating.GREEN, Rating.BLUE)
    assert latest.history_change_reason.startswith("progress update")

    entries = selectors.action_history(action)
    changed = next(e for e in entries if e.what.startswith("Changed (progress update"))
    assert changed.who == "Olive Owner"
    assert {(c.field, c.before, c.after) for c in changed.changes} >= {
        ("Activity rating", "Green", "Blue"), ("Impact rating", "Amber", "Green"), ("Status", "In progress", "Complete"),
    }
    assert any(e.what.startswith("Progress update of") for e in entries)
    assert entries[-1].what == "Action created"


def test_history_shows_owner_account_and_due_date_changes(small_plan, people, today) -> None:
    action = Action.objects.get(ref="1.1")
    services.set_owner_users(action, [people["owner"]], user=people["editor"])
    services.update_action(action, due=[today + timedelta(days=30)], user=people["editor"])
    entries = selectors.action_history(action)
    fields = {(c.field, c.before, c.after) for e in entries for c in e.changes}
    assert ("Owner accounts", "(none)", "Olive Owner") in fields
    new_due = f"{today + timedelta(days=30):%d %b %Y}"
    assert ("Due by", f"{today - timedelta(days=10):%d %b %Y}", new_due) in fields
    assert all(e.who == "Eddie Editor" for e in entries if e.changes and e.changes[0].field != "Sub-item")


def _backdate_everything(days: int) -> None:
    """Pretend every record so far was written `days` ago (history is otherwise all 'today' in a test)."""
    when = timezone.now() - timedelta(days=days)
    for model in (Plan, RatingDescriptor, Area, AreaMeasure, Action, SubItem, ProgressUpdate):
        for record in model.history.all():  # keep their order: one microsecond apart
            model.history.filter(history_id=record.history_id).update(
                history_date=when + timedelta(microseconds=record.history_id))
    Action.objects.update(created_at=when)


def test_the_plan_as_at_a_past_date_is_rebuilt_from_history(small_plan, people, today) -> None:
    _backdate_everything(10)
    action = Action.objects.get(ref="1.2")
    services.add_update(action, as_at=today, narrative="Done", status=Status.COMPLETE,
                        activity_rating=Rating.BLUE, impact_rating=Rating.GREEN, author=people["owner"])
    area = small_plan.areas.get(ref="2")
    services.add_action(area, "2.2", "A new action added today", due=[today + timedelta(days=5)])
    services.update_area(small_plan.areas.get(ref="1"), title="Leaders' information and oversight")

    then = selectors.plan_state(small_plan, as_at=today - timedelta(days=3))
    now = selectors.plan_state(small_plan)
    assert then.historical and not now.historical
    assert then.find_action("1.2").activity_rating == Rating.GREEN
    assert then.find_action("1.2").owners == ("Assistant Director", "Olive Owner")
    assert now.find_action("1.2").activity_rating == Rating.BLUE
    assert then.find_action("2.2") is None and now.find_action("2.2") is not None
    assert then.areas[0].title == "Leaders' oversight"
    assert then.find_action("1.2").latest_update is None  # the update was written after that date
    # Signals are judged on the as-at date: 1.1 was due 10 days before today, so 7 days late then.
    assert then.find_action("1.1").signals.overdue_since == today - timedelta(days=10)


def test_as_at_dates_in_the_future_or_before_the_plan_are_refused(small_plan, today) -> None:
    with pytest.raises(selectors.AsAtError, match="future"):
        selectors.plan_state(small_plan, as_at=today + timedelta(days=1))
    with pytest.raises(selectors.AsAtError, match="did not exist"):
        selectors.plan_state(small_plan, as_at=today - timedelta(days=400))
