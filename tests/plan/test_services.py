"""Writes through the services: the plan's rules, and the state and glance the selectors build from them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lineofsight.plan import selectors, services
from lineofsight.plan.models import Action, RatingDescriptor
from lineofsight.plan.scale import Rating, Status

pytestmark = pytest.mark.django_db


def test_a_new_plan_gets_the_brag_descriptors_which_it_may_reword() -> None:
    plan = services.create_plan("HMIP youth justice plan", kind="hmip")
    assert plan.slug == "hmip-youth-justice-plan"
    words = dict(RatingDescriptor.objects.filter(plan=plan).values_list("rating", "activity"))
    assert words[Rating.BLUE] == "Action completed"
    assert set(words) == set(Rating.values)
    services.set_descriptor(plan, Rating.GREEN, "On track against milestones", "Some good impact seen")
    assert selectors.plan_state(plan).descriptors[Rating.GREEN] == ("On track against milestones", "Some good impact seen")


def test_plan_names_are_unique_and_slugs_do_not_collide() -> None:
    services.create_plan("Plan")
    with pytest.raises(services.PlanError, match="already exists"):
        services.create_plan("Plan")
    assert services.create_plan("Plan!").slug == "plan-2"


def test_area_refs_are_whole_numbers_and_unique(small_plan) -> None:
    with pytest.raises(services.PlanError, match="whole number"):
        services.add_area(small_plan, "1.1", "Wrong")
    with pytest.raises(services.PlanError, match="already exists"):
        services.add_area(small_plan, "1", "Again")


def test_action_refs_belong_to_their_area_and_are_unique_in_the_plan(small_plan) -> None:
    area = small_plan.areas.get(ref="1")
    with pytest.raises(services.PlanError, match="does not belong to area 1"):
        services.add_action(area, "2.3", "Misfiled")
    with pytest.raises(services.PlanError, match="looks like 1.1"):
        services.add_action(area, "1.a", "Bad ref")
    with pytest.raises(services.PlanError, match="already exists"):
        services.add_action(area, "1.1", "Duplicate")


def test_closed_needs_a_reason_and_ratings_must_be_on_the_scale(small_plan) -> None:
    area = small_plan.areas.get(ref="1")
    with pytest.raises(services.PlanError, match="reason"):
        services.add_action(area, "1.5", "Closing", status=Status.CLOSED)
    with pytest.raises(services.PlanError, match="activity rating must be one of"):
        services.add_action(area, "1.5", "Purple", activity_rating="Purple")
    assert not Action.objects.filter(ref="1.5").exists()


def test_an_update_sets_the_current_status_and_ratings(small_plan, people, today) -> None:
    action = Action.objects.get(ref="1.2")
    update = services.add_update(action, as_at=today, narrative="Clinics running", status=Status.IN_PROGRESS,
                                 activity_rating=Rating.GREEN, impact_rating=Rating.GREEN, author=people["owner"])
    action.refresh_from_db()
    assert (action.activity_rating, action.impact_rating) == (Rating.GREEN, Rating.GREEN)
    assert update.author_name == "Olive Owner"


def test_a_backdated_update_does_not_overwrite_a_newer_one(small_plan, today) -> None:
    action = Action.objects.get(ref="1.2")
    services.add_update(action, as_at=today, narrative="Now", status=Status.IN_PROGRESS,
                        activity_rating=Rating.GREEN, impact_rating=Rating.AMBER)
    services.add_update(action, as_at=today - timedelta(days=30), narrative="Last month", status=Status.NOT_STARTED,
                        activity_rating=Rating.RED, impact_rating=Rating.RED)
    action.refresh_from_db()
    assert (action.status, action.activity_rating) == (Status.IN_PROGRESS, Rating.GREEN)
    assert action.updates.count() == 2


def test_updates_cannot_be_dated_in_the_future_or_be_empty(small_plan, today) -> None:
    action = Action.objects.get(ref="1.2")
    with pytest.raises(services.PlanError, match="future"):
        services.add_update(action, as_at=today + timedelta(days=1), narrative="x", status=Status.IN_PROGRESS,
                            activity_rating="", impact_rating="")
    with pytest.raises(services.PlanError, match="narrative"):
        services.add_update(action, as_at=today, narrative="  ", status=Status.IN_PROGRESS,
                            activity_rating="", impact_rating="")
    with pytest.raises(services.PlanError, match="reason"):
        services.add_update(action, as_at=today, narrative="Closing", status=Status.CLOSED,
                            activity_rating="", impact_rating="")
    assert action.updates.count() == 0


def test_measure_links_keep_their_order_and_can_be_replaced(small_plan) -> None:
    area = small_plan.areas.get(ref="1")
    services.set_area_measures(area, ["cp_visit_10wd", "supervision_on_time"])
    assert list(area.measures.values_list("measure_id", flat=True)) == ["cp_visit_10wd", "supervision_on_time"]
    with pytest.raises(services.PlanError, match="twice"):
        services.set_area_measures(area, ["unallocated", "unallocated"])


def test_sub_items_are_set_and_completed(small_plan, today) -> None:
    action = Action.objects.get(ref="1.1")
    services.set_sub_items(action, [services.SubItemSpec("a", "First", today), services.SubItemSpec("b", "Second")])
    services.set_sub_item_complete(action.sub_items.get(letter="a"), True)
    services.set_sub_items(action, [services.SubItemSpec("a", "First", today, True)])
    assert list(action.sub_items.values_list("letter", "complete")) == [("a", True)]
    with pytest.raises(services.PlanError, match="lettered"):
        services.set_sub_items(action, [services.SubItemSpec("1", "Numbered")])


def test_plan_state_orders_refs_naturally_and_derives_signals(small_plan, today) -> None:
    state = selectors.plan_state(small_plan)
    assert [a.ref for a in state.actions] == ["1.1", "1.2", "2.1", "2.10"]
    by_ref = {a.ref: a for a in state.actions}
    assert by_ref["1.1"].signals.overdue and not by_ref["1.2"].signals.overdue
    assert by_ref["1.2"].signals.due_soon
    assert not by_ref["2.1"].signals.overdue and not by_ref["2.10"].signals.overdue  # complete / closed
    assert by_ref["2.10"].status_text == "Closed – to be captured as part of another programme"
    assert [a.ref for _, a in state.overdue] == ["1.1"]
    # The advisory rating is shown beside the owner's, never instead of it.
    assert by_ref["1.1"].activity_rating == Rating.AMBER
    assert by_ref["1.1"].signals.advice.rating == Rating.RED
    assert by_ref["1.2"].owners == ("Assistant Director", "Olive Owner")


def test_glance_counts_actions_by_status_and_rating(small_plan) -> None:
    glance = selectors.glance(selectors.plan_state(small_plan))
    first, second = glance.rows
    status_index = {s: i for i, s in enumerate(selectors.STATUS_COLUMNS)}
    rating_index = {r: i for i, r in enumerate(selectors.RATING_COLUMNS)}
    assert first.by_status[status_index[Status.IN_PROGRESS]] == 2
    assert second.by_status[status_index[Status.COMPLETE]] == 1
    assert second.by_status[status_index[Status.CLOSED]] == 1
    assert first.by_activity[rating_index[Rating.AMBER]] == 1 and first.by_activity[rating_index[Rating.GREEN]] == 1
    assert second.by_impact[rating_index[Rating.NA]] == 1
    assert (glance.totals.overdue, glance.totals.due_soon) == (1, 1)
    assert sum(glance.totals.by_status) == 4
