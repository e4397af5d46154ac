"""The demo plan: five areas, about thirty actions in a realistic mix, two meetings that differ."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from lineofsight.plan import meetings, selectors, services
from lineofsight.plan.demo import DEMO_PLAN_NAME, load_demo_plan
from lineofsight.plan.models import Action
from lineofsight.plan.scale import Rating, Status

pytestmark = pytest.mark.django_db

MEASURES = {"contact_recording_late", "assessment_45wd", "icpc_15wd", "cp_visit_10wd", "cla_visit_on_time",
            "cla_unregistered_visited_7d", "care_leavers_pathway_plan_current", "care_leavers_in_touch",
            "care_leavers_in_custody", "care_leavers_suitable_accom_19_21", "unallocated", "supervision_on_time",
            "audit_good_or_better"}


def test_demo_plan_has_a_realistic_mix(people) -> None:
    plan = load_demo_plan()
    state = selectors.plan_state(plan)
    assert len(state.areas) == 5 and 28 <= len(state.actions) <= 32
    assert "unregistered homes" in state.areas[3].title and "custody or homeless" in state.areas[4].title
    statuses = Counter(a.status for a in state.actions)
    assert set(statuses) == set(Status.values)
    assert {a.activity_rating for a in state.actions} >= {Rating.BLUE, Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NA}
    glance = selectors.glance(state).totals
    assert glance.overdue >= 3 and glance.due_soon >= 3 and glance.stale >= 2
    assert {m for area in state.areas for m in area.measures} == MEASURES
    assert any(a.sub_items for a in state.actions)
    # Demo accounts that exist are given actions to update (the team manager owns some).
    assert Action.objects.filter(owner_users=people["manager"]).count() >= 3
    with pytest.raises(services.PlanError, match="already exists"):
        load_demo_plan()


def test_demo_meetings_show_change_both_ways() -> None:
    plan = load_demo_plan(today=date(2025, 6, 30))
    earlier, later = plan.meetings.order_by("held_on")
    assert (earlier.held_on, later.held_on) == (date(2025, 5, 19), date(2025, 6, 30))
    assert plan.name == DEMO_PLAN_NAME
    c = meetings.compare(earlier.export, later.export, earlier.area_summary, later.area_summary)
    assert c.ups > 5 and c.downs >= 1 and c.completed and c.new_overdue
    assert all(x.direction == "up" for x in c.area_rating_changes)
