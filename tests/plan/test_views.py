"""The plan pages: what they show, the update form (full page and HTMX), and the as-at view."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from lineofsight.plan import evidence, services
from lineofsight.plan.models import Action
from lineofsight.plan.scale import Rating

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_glance_shows_counts_and_the_overdue_list(client, people, small_plan) -> None:
    client.force_login(people["board"])
    text = text_of(client.get(f"/plans/{small_plan.slug}/"))
    assert "4 actions in 2 areas, 1 overdue" in text
    assert "Overdue actions (1)" in text and "Due in the next 30 days (1)" in text
    overdue_section = text.split("Overdue actions (1)")[1].split("Due in the next 30 days")[0]
    assert "1.1" in overdue_section and "Agree a core data set" in overdue_section and "1.2" not in overdue_section


def test_area_page_shows_linked_measures_with_no_data_yet(client, people, small_plan) -> None:
    client.force_login(people["councillor"])
    text = text_of(client.get(f"/plans/{small_plan.slug}/areas/1/"))
    assert "supervision_on_time" in text and "unallocated" in text
    assert text.count(evidence.NO_DATA) == 2
    assert "Impact rating: Red – Impact very limited or none to date" in text
    assert client.get(f"/plans/{small_plan.slug}/areas/9/").status_code == 404


def test_action_page_shows_the_advisory_rating_beside_the_owners(client, people, small_plan) -> None:
    client.force_login(people["leader"])
    text = text_of(client.get(f"/plans/{small_plan.slug}/actions/1.1/"))
    assert "Activity rating (owner) Amber" in text
    assert "Activity rating the dates suggest (advisory) Red" in text
    assert "History of changes" in text and "Action created" in text
    assert "Add a progress update" not in text  # a senior leader does not own it
    assert client.get(f"/plans/{small_plan.slug}/actions/9.9/").status_code == 404


def test_owner_adds_an_update_through_the_htmx_form(client, people, small_plan, today) -> None:
    client.force_login(people["owner"])
    url = f"/plans/{small_plan.slug}/actions/1.2/"
    assert "Add a progress update" in text_of(client.get(url))
    response = client.post(url + "update/", {"as_at": today.isoformat(), "narrative": "All four clinics running",
                                              "status": "in_progress", "activity_rating": "Blue",
                                              "impact_rating": "Green"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="action-live">')  # the fragment only, not a whole page
    text = text_of(response)
    assert "Update added" in text and "Activity rating (owner) Blue" in text and "All four clinics running" in text
    assert "Changed (progress update" in text
    assert Action.objects.get(ref="1.2").activity_rating == Rating.BLUE


def test_a_bad_update_shows_errors_and_saves_nothing(client, people, small_plan, today) -> None:
    client.force_login(people["owner"])
    url = f"/plans/{small_plan.slug}/actions/1.2/update/"
    data = {"as_at": (today + timedelta(days=2)).isoformat(), "narrative": "", "status": "closed",
            "activity_rating": "Purple", "impact_rating": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    text = text_of(response)
    assert "The date of an update cannot be in the future" in text and "Say why the action was closed" in text
    assert "This field is required" in text and "Select a valid choice" in text
    htmx = client.post(url, data, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "The date of an update cannot be in the future" in text_of(htmx)
    assert not Action.objects.get(ref="1.2").updates.exists()
    assert client.get(url).status_code == 302  # GET goes back to the action page


def test_the_plan_as_at_a_past_date_and_a_future_one(client, people, small_plan, today) -> None:
    client.force_login(people["board"])
    future = client.get(f"/plans/{small_plan.slug}/?as_at={(today + timedelta(days=3)).isoformat()}")
    assert "is in the future; showing the plan as it is today" in text_of(future)
    assert client.get(f"/plans/{small_plan.slug}/export.json?as_at={(today + timedelta(days=3)).isoformat()}").status_code == 400


def test_meeting_page_shows_the_frozen_copy(client, people, small_plan, today) -> None:
    meeting = services.freeze_meeting(small_plan, "Improvement board", today)
    client.force_login(people["board"])
    text = text_of(client.get(f"/plans/{small_plan.slug}/meetings/{meeting.pk}/"))
    assert "Improvement board" in text and "Agree a core data set" in text and "Overdue" in text


def test_home_lists_plans_for_those_who_may_see_them(client, people, small_plan, monkeypatch) -> None:
    from lineofsight.web.core import views

    monkeypatch.setattr(views, "snapshot_summary", lambda: None)
    client.force_login(people["councillor"])
    assert "Test improvement plan" in text_of(client.get("/"))
    client.force_login(people["nobody"])
    assert "Test improvement plan" not in text_of(client.get("/"))


def test_an_editor_changes_an_actions_owners_and_dates_with_history(client, people, small_plan) -> None:
    client.force_login(people["editor"])
    url = f"/plans/{small_plan.slug}/actions/1.1/edit/"
    form = text_of(client.get(url))
    assert "Agree a core data set" in form and "Head of Performance" in form
    response = client.post(url, {"text": "Agree a core data set with thresholds", "owners": "Head of Performance\nAD",
                                 "owner_users": [people["manager"].pk], "due_dates": "31/03/2026\nJune 2026",
                                 "start_date": ""})
    assert response.status_code == 302
    action = Action.objects.get(ref="1.1")
    assert action.owner_names == ["Head of Performance", "AD"]
    assert [d.isoformat() for d in action.due] == ["2026-03-31", "2026-06-30"]
    assert list(action.owner_users.all()) == [people["manager"]]
    history = text_of(client.get(f"/plans/{small_plan.slug}/actions/1.1/"))
    assert "Eddie Editor" in history and "31 Mar 2026; 30 Jun 2026" in history and "Edit this action" in history
    bad = client.post(url, {"text": "x", "due_dates": "someday"})
    assert bad.status_code == 400 and "'someday' is not a date" in text_of(bad)


def test_an_editor_changes_an_areas_measures_and_ratings(client, people, small_plan) -> None:
    client.force_login(people["analyst"])
    url = f"/plans/{small_plan.slug}/areas/1/edit/"
    assert "supervision_on_time, unallocated" in client.get(url).content.decode()
    response = client.post(url, {"title": "Leaders' oversight", "measures": "cp_visit_10wd, unallocated",
                                 "activity_rating": "Green", "impact_rating": "Amber", "lead": "DCS"})
    assert response.status_code == 302
    area = small_plan.areas.get(ref="1")
    assert list(area.measures.values_list("measure_id", flat=True)) == ["cp_visit_10wd", "unallocated"]
    assert (area.activity_rating, area.impact_rating, area.lead) == ("Green", "Amber", "DCS")
    assert area.history.first().history_user == people["analyst"]
    bad = client.post(url, {"title": "T", "measures": "Not An Id"})
    assert bad.status_code == 400 and "lower-case words" in text_of(bad)
