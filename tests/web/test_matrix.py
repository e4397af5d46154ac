"""The role matrix: every URL of the app x every role (and anonymous) -> allowed or refused.

The URL list is walked from the URLconf itself, so a new URL without an expectation here fails
`test_every_url_has_an_expectation`. Each URL is requested as a page and as an HTMX fragment
(HX-Request), and state-changing URLs are also posted to. Refused means 403 for a signed-in user and
a redirect to the login page for anonymous visitors; nothing else may come back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from web.roles import MATRIX_ROLES

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(MATRIX_ROLES)
AGGREGATES = frozenset({"administrator", "leader", "manager", "board", "councillor"})
CHILDREN = frozenset({"administrator", "leader", "manager"})
ADMINISTRATOR = frozenset({"administrator"})
PLAN = EVERYONE - {"nobody"}
PLAN_EDITORS = frozenset({"administrator", "editor"})


@dataclass(frozen=True)
class Expect:
    allowed: frozenset[str]  # roles that get in (anonymous never does unless public)
    status: int = 200  # what an allowed GET returns
    kwargs: tuple[tuple[str, str], ...] = ()  # names of sample values for the URL's arguments
    query: str = ""  # a query string ({team} is the team manager's team)
    post: bool = False  # also check POST: refused roles must be refused
    public: bool = False  # anonymous may GET it too
    notes: str = field(default="", compare=False)


EXPECTATIONS: dict[str, Expect] = {
    # signing in and out
    "login": Expect(EVERYONE, status=302, public=True, notes="signed-in users are sent on; anonymous see the form"),
    "logout": Expect(EVERYONE, status=405, public=True, notes="POST only"),
    "password_change": Expect(EVERYONE, post=True, notes="everyone signed in changes their own password"),
    "password_change_done": Expect(EVERYONE),
    # the scorecard (home) and aggregates
    "home": Expect(EVERYONE, notes="scorecard for aggregate roles, landing page for the rest"),
    "dashboard:scorecard_csv": Expect(AGGREGATES),
    "dashboard:measure": Expect(AGGREGATES, kwargs=(("measure_id", "measure"),)),
    "dashboard:quality": Expect(AGGREGATES),
    "dashboard:quality_rule": Expect(AGGREGATES, kwargs=(("rule_id", "rule"),)),
    "dashboard:snapshots": Expect(AGGREGATES),
    "reports": Expect(AGGREGATES),
    "report_scrutiny": Expect(AGGREGATES, status=400, query="format=none",
                              notes="an unknown format is refused after the policy check, so no pack is built here"),
    # child-level pages and exports
    "dashboard:children": Expect(CHILDREN, kwargs=(("measure_id", "measure"),), query="dimension=team&key={team}"),
    "dashboard:children_csv": Expect(CHILDREN, kwargs=(("measure_id", "measure"),), query="dimension=team&key={team}"),
    "dashboard:team": Expect(CHILDREN, query="team={team}"),
    "dashboard:team_csv": Expect(CHILDREN, query="team={team}"),
    "dashboard:quality_records": Expect(CHILDREN, kwargs=(("rule_id", "rule"),), query="team={team}"),
    "dashboard:quality_records_csv": Expect(CHILDREN, kwargs=(("rule_id", "rule"),), query="team={team}"),
    # administration
    "manage:load": Expect(ADMINISTRATOR, post=True),
    "manage:levels": Expect(ADMINISTRATOR, post=True),
    "manage:users": Expect(ADMINISTRATOR),
    "manage:user_new": Expect(ADMINISTRATOR, post=True),
    "manage:user_edit": Expect(ADMINISTRATOR, kwargs=(("pk", "user"),), post=True),
    "manage:user_password": Expect(ADMINISTRATOR, status=405, kwargs=(("pk", "user"),), post=True,
                                   notes="POST only: a temporary password the owner must change"),
    "audit:log": Expect(ADMINISTRATOR),
    # the improvement plan
    "plan:list": Expect(PLAN),
    "plan:import": Expect(PLAN_EDITORS, post=True, notes="upload, preview, confirm"),
    "plan:glance": Expect(PLAN, kwargs=(("slug", "plan"),)),
    "plan:area": Expect(PLAN, kwargs=(("slug", "plan"), ("ref", "area"))),
    "plan:action": Expect(PLAN, kwargs=(("slug", "plan"), ("ref", "action"))),
    "plan:add_update": Expect(PLAN_EDITORS, status=302, kwargs=(("slug", "plan"), ("ref", "action")), post=True,
                              notes="GET goes back to the action; only editors and the action's owners may update"),
    "plan:edit_action": Expect(PLAN_EDITORS, kwargs=(("slug", "plan"), ("ref", "action")), post=True),
    "plan:edit_area": Expect(PLAN_EDITORS, kwargs=(("slug", "plan"), ("ref", "area")), post=True),
    "plan:export": Expect(PLAN, kwargs=(("slug", "plan"), ("fmt", "format"))),
    "plan:meetings": Expect(PLAN, kwargs=(("slug", "plan"),)),
    "plan:compare": Expect(PLAN, kwargs=(("slug", "plan"),)),
    "plan:meeting": Expect(PLAN, kwargs=(("slug", "plan"), ("pk", "meeting"))),
}
# The Django admin is for superusers only: every role is refused (sent to the admin's own sign-in page).
ADMIN_NAMESPACE = "admin"
MEETINGS_POST = frozenset({"administrator", "editor"})  # freezing a meeting (POST to plan:meetings)


def url_names() -> dict[str, str]:
    """Every URL of the app: {name (with namespace) or route: route}, walked from the URLconf."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace if p.namespace else namespace
                if namespace and p.namespace:
                    ns = f"{namespace}:{p.namespace}"
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
                found[name] = route

    walk(get_resolver().url_patterns, "", None)
    return found


def test_every_url_has_an_expectation() -> None:
    names = url_names()
    missing = [n for n in names if n not in EXPECTATIONS and not n.startswith(f"{ADMIN_NAMESPACE}:")
               and not names[n].startswith("admin/")]
    assert missing == [], f"URLs with no row in the role matrix: {missing}"
    stale = [n for n in EXPECTATIONS if n not in names]
    assert stale == [], f"matrix rows for URLs that no longer exist: {stale}"


@pytest.fixture
def samples(snap, users, manager_team):
    """Concrete values for URL arguments: a measure, a rule with findings, a plan with an area, an action
    and a frozen meeting, and an account."""
    from lineofsight.plan import services
    from lineofsight.web.dashboard import selectors

    plan = services.create_plan("Matrix plan")
    area = services.add_area(plan, "1", "Leaders' oversight", impact_sought="Leaders know")
    services.set_area_measures(area, ["cp_visit_10wd", "unallocated"])
    services.add_action(area, "1.1", "Agree a core data set", owners=["Head of Performance"],
                        due=[dt.date.today() + dt.timedelta(days=30)])
    meeting = services.freeze_meeting(plan, "Improvement board", dt.date.today())
    rules = selectors.quality_by_rule(snap, manager_team) or selectors.quality_by_rule(snap)
    return {"measure": "cp_visit_10wd", "rule": rules[0]["rule_id"], "plan": plan.slug, "area": "1",
            "action": "1.1", "format": "xlsx", "meeting": str(meeting.pk), "user": str(users["board"].pk),
            "team": manager_team}


def concrete(name: str, expect: Expect, samples: dict) -> str:
    url = reverse(name, kwargs={arg: samples[key] for arg, key in expect.kwargs})
    return url + ("?" + expect.query.format(**samples) if expect.query else "")


def _check(response, role: str, allowed: bool, ok_status: int, url: str) -> str | None:
    code = response.status_code
    if role == "anonymous":
        good = code == 302 and response["Location"].startswith("/login/")
    elif allowed:
        good = code == ok_status
    else:
        good = code == 403
    return None if good else f"{role:>13} {code} {url}"


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_role_matrix(name: str, client_for, samples) -> None:
    expect = EXPECTATIONS[name]
    url = concrete(name, expect, samples)
    wrong = []
    for role in [*MATRIX_ROLES, "anonymous"]:
        client = client_for(role)
        allowed = role in expect.allowed
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            if expect.public and role == "anonymous":
                problem = None if response.status_code == (405 if name == "logout" else 200) else f"anonymous {response.status_code} {url}"
            else:
                problem = _check(response, role, allowed, expect.status, url)
            if problem:
                wrong.append(problem + (" (htmx)" if headers else ""))
        if expect.post and not allowed:
            problem = _check(client.post(url, {}), role, False, 0, url)
            if problem:
                wrong.append(problem + " (post)")
    assert wrong == [], f"{name}: unexpected responses\n" + "\n".join(wrong)


def test_freezing_a_meeting_is_for_plan_editors_only(client_for, samples) -> None:
    url = reverse("plan:meetings", kwargs={"slug": samples["plan"]})
    for role in MATRIX_ROLES:
        code = client_for(role).post(url, {"title": "", "held_on": ""}).status_code
        assert (code == 400) if role in MEETINGS_POST else (code == 403), (role, code)


def test_a_team_manager_is_refused_other_teams_children(client_for, samples, other_team) -> None:
    manager = client_for("manager")
    measure, rule = samples["measure"], samples["rule"]
    for url in (f"/measures/{measure}/children/?dimension=team&key={other_team}",
                f"/measures/{measure}/children.csv?dimension=team&key={other_team}",
                f"/team/?team={other_team}", f"/team/exceptions.csv?team={other_team}",
                f"/quality/rules/{rule}/records/?team={other_team}",
                f"/quality/rules/{rule}/records.csv?team={other_team}"):
        assert manager.get(url).status_code == 403, url
        assert client_for("leader").get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["admin:index", "admin:auth_user_changelist", "admin:plan_plan_changelist"])
def test_the_django_admin_is_for_superusers_only(name: str, client_for, users) -> None:
    from django.contrib.auth import get_user_model

    url = reverse(name)
    for role in [*MATRIX_ROLES, "anonymous"]:
        response = client_for(role).get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (role, response.status_code)
    root = get_user_model().objects.create_superuser("root", password=None)
    client = client_for(None)
    client.force_login(root)
    assert client.get(url).status_code == 200
