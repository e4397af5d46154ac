"""Permissions: the policy module's matrix, and every plan URL x every role -> allowed or refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from lineofsight.plan import services
from lineofsight.plan.models import Action
from lineofsight.web import policy
from lineofsight.web.policy import Role

pytestmark = pytest.mark.django_db

ROLE_NAMES = ["analyst", "leader", "manager", "board", "councillor", "editor", "owner"]


def test_every_role_may_view_the_plan_and_only_editors_may_edit(people) -> None:
    for name in ROLE_NAMES:
        assert policy.can(people[name], policy.PLAN_VIEW), name
    editors = {n for n in ROLE_NAMES if policy.can(people[n], policy.PLAN_EDIT)}
    assert editors == {"analyst", "editor"}
    assert not policy.can(people["nobody"], policy.PLAN_VIEW)
    assert not policy.can(AnonymousUser(), policy.PLAN_VIEW)


def test_action_owners_may_update_their_own_actions_only(small_plan, people) -> None:
    owned, other = Action.objects.get(ref="1.2"), Action.objects.get(ref="1.1")
    assert policy.can(people["owner"], policy.PLAN_UPDATE_ACTION, owned)
    assert not policy.can(people["owner"], policy.PLAN_UPDATE_ACTION, other)
    assert not policy.can(people["manager"], policy.PLAN_UPDATE_ACTION, owned)
    assert policy.can(people["editor"], policy.PLAN_UPDATE_ACTION, other)
    # An owner who loses every role loses the right too.
    people["owner"].groups.clear()
    del people["owner"]._los_roles
    assert not policy.can(people["owner"], policy.PLAN_UPDATE_ACTION, owned)


def test_the_role_matrix_for_the_rest_of_the_app(people) -> None:
    def holders(permission: str) -> set[str]:
        return {n for n in ROLE_NAMES if policy.can(people[n], permission)}

    assert holders(policy.CHILDREN_VIEW_ALL) == {"analyst", "leader"}
    assert holders(policy.CHILDREN_VIEW_OWN_TEAM) == {"manager", "owner"}
    assert holders(policy.AGGREGATES_VIEW) == set(ROLE_NAMES)
    assert holders(policy.AGGREGATES_UNSUPPRESSED) == set(ROLE_NAMES) - {"councillor"}
    assert holders(policy.SNAPSHOTS_LOAD) == holders(policy.USERS_MANAGE) == holders(policy.AUDIT_READ) == {"analyst"}


def test_superusers_hold_everything_and_inactive_users_nothing(people) -> None:
    boss = people["nobody"]
    boss.is_superuser = True
    assert policy.can(boss, policy.PLAN_EDIT) and policy.can(boss, policy.CHILDREN_VIEW_ALL)
    leader = people["leader"]
    leader.is_active = False
    assert not policy.can(leader, policy.PLAN_VIEW)


def test_unknown_permissions_are_a_programming_error(people) -> None:
    with pytest.raises(ValueError, match="unknown permission"):
        policy.can(people["leader"], "plan.delete_everything")


def test_ensure_roles_is_idempotent_and_the_migration_made_the_groups(db) -> None:
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
    before = Group.objects.count()
    policy.ensure_roles()
    assert Group.objects.count() == before


@pytest.fixture
def urls(small_plan, today) -> dict[str, str]:
    meeting = services.freeze_meeting(small_plan, "Board", today)
    base = f"/plans/{small_plan.slug}"
    return {
        "list": "/plans/", "glance": f"{base}/", "area": f"{base}/areas/1/", "action": f"{base}/actions/1.2/",
        "export_json": f"{base}/export.json", "export_pdf": f"{base}/export.pdf?content=summary",
        "meetings": f"{base}/meetings/", "meeting": f"{base}/meetings/{meeting.pk}/", "compare": f"{base}/meetings/compare/",
    }


@pytest.mark.parametrize("page", ["list", "glance", "area", "action", "export_json", "export_pdf", "meetings",
                                  "meeting", "compare"])
def test_every_plan_page_for_every_role(client, people, urls, page: str) -> None:
    for name in [*ROLE_NAMES, "nobody"]:
        client.force_login(people[name])
        expected = 403 if name == "nobody" else 200
        assert client.get(urls[page]).status_code == expected, (page, name)
    client.logout()
    response = client.get(urls[page])
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


UPDATE = {"as_at": "", "narrative": "Progress made", "status": "in_progress", "activity_rating": "Green",
          "impact_rating": "Amber"}


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("analyst", True), ("editor", True), ("owner", True), ("leader", False), ("manager", False), ("board", False),
     ("councillor", False), ("nobody", False)],
)
def test_who_may_add_an_update(client, people, small_plan, today, name: str, allowed: bool) -> None:
    client.force_login(people[name])
    data = {**UPDATE, "as_at": today.isoformat()}
    url = f"/plans/{small_plan.slug}/actions/1.2/update/"
    for headers in ({}, {"HX-Request": "true"}):  # the full-page form and the HTMX fragment
        response = client.post(url, data, headers=headers)
        assert response.status_code == (200 if headers and allowed else 302 if allowed else 403), (name, headers)
    assert Action.objects.get(ref="1.2").updates.count() == (2 if allowed else 0)


@pytest.mark.parametrize(("name", "allowed"), [("analyst", True), ("editor", True), ("owner", False),
                                               ("leader", False), ("board", False), ("councillor", False)])
def test_who_may_freeze_a_meeting(client, people, small_plan, today, name: str, allowed: bool) -> None:
    client.force_login(people[name])
    response = client.post(f"/plans/{small_plan.slug}/meetings/", {"title": "Board", "held_on": today.isoformat()})
    assert response.status_code == (302 if allowed else 403)
    assert small_plan.meetings.count() == (1 if allowed else 0)
    form_shown = b"Freeze the plan as it is today" in client.get(f"/plans/{small_plan.slug}/meetings/").content
    assert form_shown is allowed


@pytest.mark.parametrize("page", ["edit_action", "edit_area"])
def test_only_editors_may_open_the_edit_pages(client, people, small_plan, page: str) -> None:
    url = f"/plans/{small_plan.slug}/" + ("actions/1.2/edit/" if page == "edit_action" else "areas/1/edit/")
    for name in [*ROLE_NAMES, "nobody"]:
        client.force_login(people[name])
        expected = 200 if name in ("analyst", "editor") else 403
        assert client.get(url).status_code == expected, (page, name)
        assert client.post(url, {}).status_code == (400 if expected == 200 else 403), (page, name)
