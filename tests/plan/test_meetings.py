"""Meetings: a frozen as-at copy of the plan that never changes, and what changed between two of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction

from lineofsight.plan import meetings, services
from lineofsight.plan.guards import FrozenMeetingError
from lineofsight.plan.models import Action, Meeting
from lineofsight.plan.scale import Rating, Status


@pytest.mark.django_db
def test_freezing_keeps_the_plan_export_as_it_stood(small_plan, people, today) -> None:
    meeting = services.freeze_meeting(small_plan, "Improvement board", today, user=people["editor"])
    assert meeting.as_at == today and meeting.created_by == people["editor"]
    assert meeting.export["plan"] == "Test improvement plan"
    assert [a["ref"] for a in meeting.export["areas"][0]["actions"]] == ["1.1", "1.2"]
    assert meeting.area_summary["1"]["impact_rating"] == Rating.RED
    # Later changes to the plan do not reach the frozen copy.
    services.add_update(Action.objects.get(ref="1.2"), as_at=today, narrative="Done", status=Status.COMPLETE,
                        activity_rating=Rating.BLUE, impact_rating=Rating.GREEN)
    meeting.refresh_from_db()
    assert meeting.export["areas"][0]["actions"][1]["activity_rating"] == Rating.GREEN


@pytest.mark.django_db
def test_a_frozen_meeting_can_be_neither_changed_nor_deleted(small_plan, today) -> None:
    meeting = services.freeze_meeting(small_plan, "Improvement board", today)
    meeting.title = "Something else"
    with pytest.raises(FrozenMeetingError, match="cannot be changed"):
        meeting.save()
    with pytest.raises(FrozenMeetingError, match="cannot be deleted"), transaction.atomic():
        Meeting.objects.get(pk=meeting.pk).delete()
    with pytest.raises(services.PlanError, match="already frozen"):
        services.freeze_meeting(small_plan, "Improvement board", today)
    assert Meeting.objects.get(pk=meeting.pk).title == "Improvement board"


@pytest.mark.django_db
def test_freezing_with_an_earlier_today_judges_signals_on_that_day(small_plan, today) -> None:
    earlier = today - timedelta(days=30)
    meeting = services.freeze_meeting(small_plan, "Board", earlier, today=earlier)
    action_11 = meeting.export["areas"][0]["actions"][0]
    assert meeting.export["as_at"] == earlier.isoformat()
    assert action_11["ref"] == "1.1" and action_11["overdue"] is False  # it fell due 10 days before today


def _export(actions: list[dict], as_at: str = "2025-01-01") -> dict:
    return {"plan": "P", "as_at": as_at, "areas": [{"ref": "1", "title": "Area one", "lead": "", "impact_sought": "",
                                                    "measures": [], "actions": actions}]}


def _action(ref: str, status: str = "In progress", activity: str | None = "Amber", impact: str | None = "Red",
            overdue: bool = False) -> dict:
    return {"ref": ref, "text": f"Action {ref}\na. part", "owners": [], "due": [], "status": status,
            "activity_rating": activity, "impact_rating": impact, "overdue": overdue}


def test_compare_finds_ratings_up_and_down_completions_and_new_overdue() -> None:
    earlier = _export([
        _action("1.1"), _action("1.2", activity="Green"), _action("1.3", overdue=True),
        _action("1.4"), _action("1.5", activity=None), _action("1.9"),
    ])
    later = _export([
        _action("1.1", activity="Green", impact="Amber"),  # both up
        _action("1.2", activity="Amber"),  # down
        _action("1.3", status="Complete", activity="Blue"),  # completed, no longer overdue, up
        _action("1.4", overdue=True),  # newly overdue
        _action("1.5", activity="NA"),  # not rated -> NA: changed, not up or down
        _action("1.10"),  # added; 1.9 removed
    ], as_at="2025-02-12")
    c = meetings.compare(earlier, later, {"1": {"activity_rating": "Red"}}, {"1": {"activity_rating": "Amber"}})
    moves = {(x.ref, x.which): x.direction for x in c.rating_changes}
    assert moves == {("1.1", "activity"): "up", ("1.1", "impact"): "up", ("1.2", "activity"): "down",
                     ("1.3", "activity"): "up", ("1.5", "activity"): "changed"}
    assert (c.ups, c.downs) == (3, 1)
    assert [x.ref for x in c.completed] == ["1.3"] and c.completed[0].after == "Complete"
    assert [x.ref for x in c.new_overdue] == ["1.4"]
    assert [x.ref for x in c.no_longer_overdue] == ["1.3"]
    assert [x.ref for x in c.added] == ["1.10"] and [x.ref for x in c.removed] == ["1.9"]
    assert c.rating_changes[0].text == "Action 1.1"  # the first line, without the sub-items
    assert [(x.ref, x.before, x.after, x.direction) for x in c.area_rating_changes] == [("1", "Red", "Amber", "up")]
    assert (c.earlier_as_at, c.later_as_at) == ("2025-01-01", "2025-02-12")


@pytest.mark.django_db
def test_comparison_page_between_two_frozen_meetings(client, small_plan, people, today) -> None:
    first = services.freeze_meeting(small_plan, "Board", today - timedelta(days=42), today=today - timedelta(days=42))
    services.add_update(Action.objects.get(ref="1.2"), as_at=today, narrative="Done", status=Status.COMPLETE,
                        activity_rating=Rating.BLUE, impact_rating=Rating.GREEN)
    second = services.freeze_meeting(small_plan, "Board", today)
    client.force_login(people["board"])
    response = client.get(f"/plans/{small_plan.slug}/meetings/compare/?earlier={second.pk}&later={first.pk}")
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 ratings up, 0 down, 1 action completed or closed, 1 newly overdue" in text
