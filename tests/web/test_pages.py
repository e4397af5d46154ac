"""The pages: what each shows, for whom, and that small numbers never reach a scrutiny reader."""

from __future__ import annotations

import csv
import io
import re

import pytest

from lineofsight.measures.catalogue import AREAS, MEASURES
from lineofsight.reports import suppression
from lineofsight.web.dashboard import selectors

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# ---------------------------------------------------------------- scorecard

def test_the_scorecard_shows_every_measure_by_area_with_words_not_colour_alone(client_for, snap):
    response = client_for("leader").get("/")
    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    for area in AREAS:
        assert f">{area}</h2>" in html
    for m in MEASURES:
        assert m.title in text
    # Every page says which data it shows.
    assert f"Figures as at {snap.as_at:%-d %B %Y}" in text and snap.id in text
    # RAG, variation and assurance are words with a symbol, and every sparkline has a text alternative.
    rows = [r for _, group in response.context["groups"] for r in group]
    rated = [r for r in rows if r["rag"]["key"] != "none"]
    assert rated and all(f'status-badge--rag-{r["rag"]["key"]}' in html for r in rated)
    assert {r["rag"]["word"] for r in rated} <= {"Green", "Amber", "Red"}
    assert "Common cause" in text or "Improving" in text or "Concerning" in text
    sparks = re.findall(r'<svg class="sparkline"[^>]*role="img" aria-label="([^"]+)"', html)
    assert sparks and all(s.startswith("Trend over") for s in sparks)


def test_the_scorecard_filters_by_month_and_team_and_htmx_gets_only_the_results(client_for, snap, manager_team):
    month = snap.months[3]
    client = client_for("board")
    full = client.get(f"/?month={month}&team={manager_team}")
    assert full.context["end"] == month and full.context["team"] == manager_team
    assert f"for team {selectors.team_names(snap)[manager_team]}" in text_of(full)
    fragment = client.get(f"/?month={month}&team={manager_team}", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and "results-summary" in html and "scorecard" in html
    # A month outside the data, or a team that does not exist, falls back to the defaults.
    fallback = client.get("/?month=1990-01-31&team=no-such-team")
    assert fallback.context["end"] == snap.as_at and fallback.context["team"] is None


def test_the_scorecard_csv_has_a_row_per_measure_and_the_snapshot(client_for, snap):
    response = client_for("board").get("/scorecard.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["measure_id"] for r in rows] == [m.id for m in MEASURES]
    assert {r["snapshot"] for r in rows} == {snap.id}


# ---------------------------------------------------------------- small numbers for scrutiny

def _raw_scorecard(snap):
    return {r["id"]: r for r in selectors.scorecard(snap, snap.as_at, None, selectors.levels())}


def test_a_scrutiny_member_sees_c_for_every_figure_resting_on_1_to_5(client_for, snap):
    raw = _raw_scorecard(snap)
    small = [i for i, r in raw.items() if suppression.needs_primary(r)]
    assert small, "the test authority should have some small figures"
    councillor = client_for("councillor").get("/")
    shown = {r["id"]: r for _, group in councillor.context["groups"] for r in group}
    for measure_id in small:
        assert shown[measure_id]["value"] == "c", measure_id
        assert shown[measure_id]["rag"]["key"] == "none", measure_id  # a RAG would hint at the value
    leader = {r["id"]: r for _, g in client_for("leader").get("/").context["groups"] for r in g}
    assert all(leader[i]["value"] != "c" for i in small)
    for measure_id, row in shown.items():
        if measure_id not in small:
            assert row["value"] == leader[measure_id]["value"]
    csv_rows = {r["measure_id"]: r for r in csv.DictReader(io.StringIO(
        client_for("councillor").get("/scorecard.csv").content.decode()))}
    assert all(csv_rows[i]["value"] == "c" for i in small)
    for row in csv_rows.values():
        for field in ("numerator", "denominator"):
            assert row[field] in ("c", "–") or not suppression.is_small(int(row[field].replace(",", ""))), row


def test_a_scrutiny_member_cannot_work_out_a_hidden_breakdown_cell(client_for, snap):
    for m in ("cp_visit_10wd", "unallocated", "contacts", "cla_rate"):
        response = client_for("councillor").get(f"/measures/{m}/")
        raw = selectors.breakdowns(snap, m, snap.as_at)
        for table in response.context["breakdowns"]:
            cells = {c["key"]: c for c in raw["cells"][table["dimension"]]}
            hidden = [r for r in table["rows"] if r["suppressed"]]
            for r in table["rows"]:
                assert (r["suppressed"] is not None) == (r["text"] == "c")
                if not r["suppressed"]:
                    assert not suppression.needs_primary(cells[r["key"]]), (m, r)
            if not table["more"]:
                total_hidden = response.context["total"].get("suppressed") is not None
                assert len(hidden) + total_hidden != 1, (m, table["dimension"])


# ---------------------------------------------------------------- measure page

def test_the_measure_page_has_definition_spc_chart_with_alternatives_breakdowns_and_quality(client_for, snap):
    response = client_for("board").get("/measures/cp_visit_10wd/")
    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    m = response.context["m"]
    assert m["definition"][:40] in text and m["source"] in text
    assert "Threshold" in text and "Target" in text and "England" in text
    chart = response.context["spc_chart"]
    assert chart is not None and chart["src"].startswith("data:image/svg+xml;base64,")
    assert f'alt="{chart["alt"]}"' in html.replace("&#x27;", "'") or chart["alt"][:30] in html
    assert chart["table"]["rows"] and chart["table"]["headers"][0] == "Month"
    dims = [b["dimension"] for b in response.context["breakdowns"]]
    assert dims == [d for d in ("team", "worker", "age", "sex", "ethnicity", "disability", "uasc")
                    if d in m["breakdowns"]]
    assert "Data quality that can distort this figure" in text
    assert "The children behind this figure" not in text  # a board member has no child-level access
    leader = text_of(client_for("leader").get("/measures/cp_visit_10wd/"))
    assert "Children behind the figure for every team" in leader


def test_an_unknown_measure_is_not_found(client_for, snap):
    assert client_for("leader").get("/measures/no_such_measure/").status_code == 404
    assert client_for("leader").get("/measures/no_such_measure/children/").status_code == 404


def test_a_team_manager_is_offered_only_their_own_teams_children(client_for, snap, manager_team, other_team):
    text = text_of(client_for("manager").get(f"/measures/cp_visit_10wd/?team={other_team}"))
    assert f"Children behind the figure for team {manager_team}" in text
    assert "for every team" not in text


# ---------------------------------------------------------------- children behind a figure

def test_the_children_list_and_csv_have_ids_teams_workers_and_deciding_dates(client_for, snap, manager_team,
                                                                            team_measure):
    client = client_for("manager")
    cell = f"dimension=team&key={manager_team}"
    page = client.get(f"/measures/{team_measure}/children/?{cell}")
    rows = page.context["rows"]
    assert rows and {r["team"] for r in rows} == {manager_team}
    assert 0 < page.context["in_numerator"] == sum(1 for r in rows if r["in_numerator"]) < len(rows)
    failing = client.get(f"/measures/{team_measure}/children/?{cell}&which=not_numerator").context["rows"]
    assert failing and all(not r["in_numerator"] for r in failing)
    assert all(r["decided_by"] for r in failing)  # the dates that decided each result
    download = client.get(f"/measures/{team_measure}/children.csv?{cell}")
    assert download["Content-Disposition"].startswith(f'attachment; filename="children-{team_measure}-')
    table = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert list(table[0]) == ["person_id", "record_id", "team", "worker", "event_date", "in_numerator", "due_date",
                              "decided_by", "snapshot"]
    assert len(table) == len(rows) and {r["snapshot"] for r in table} == {snap.id}


def test_without_a_cell_a_team_manager_gets_only_their_teams_rows(client_for, snap, manager_team):
    everyone = selectors.children(snap, "unallocated", snap.as_at)
    mine = client_for("manager").get("/measures/unallocated/children/").context["rows"]
    assert {r["team"] for r in mine} <= {manager_team}
    assert len(mine) == sum(1 for r in everyone if r["team"] == manager_team)
    assert len(client_for("leader").get("/measures/unallocated/children/").context["rows"]) == min(len(everyone), 500)


def test_a_breakdown_the_measure_does_not_have_is_not_found(client_for, snap):
    assert client_for("leader").get("/measures/caseload_mean/children/?dimension=sex&key=Female").status_code == 404
    assert client_for("leader").get("/measures/cp_visit_10wd/children/?dimension=shoe_size&key=9").status_code == 404


# ---------------------------------------------------------------- team view

def test_the_team_view_lists_exceptions_with_child_worker_and_due_date(client_for, snap, manager_team):
    response = client_for("manager").get("/team/")
    assert response.context["team"] == manager_team
    titles = [lst["title"] for lst in response.context["lists"]]
    assert "Children with no allocated social worker" in titles and len(titles) == 11
    children = [c for lst in response.context["lists"] for c in lst["children"]]
    assert children and all(c["team"] == manager_team for c in children)
    text = text_of(response)
    assert children[0]["person_id"] in text
    assert "All teams" not in text  # a team manager chooses among their own teams only
    assert "All teams" in text_of(client_for("leader").get("/team/"))


def test_a_team_manager_with_no_team_is_told_so(client_for, users, snap):
    from lineofsight.web.core.models import TeamMembership

    TeamMembership.objects.filter(user=users["manager"]).delete()
    response = client_for("manager").get("/team/")
    assert response.status_code == 200 and "not a member of any team" in text_of(response)


# ---------------------------------------------------------------- data quality and snapshots

def test_data_quality_shows_teams_trend_and_rules_with_small_counts_hidden_for_scrutiny(client_for, snap):
    board = client_for("board").get("/quality/")
    assert board.status_code == 200
    by_rule = board.context["by_rule"]
    assert by_rule and all(r["rule"].get("title") for r in by_rule)
    councillor = client_for("councillor").get("/quality/")
    for mine, theirs in zip(councillor.context["by_rule"], by_rule, strict=True):
        assert mine["count"] == ("c" if suppression.is_small(theirs["count"]) else theirs["count"])
    for team in councillor.context["teams"]:
        for field in ("open_children", "errors", "warnings", "queries"):
            assert not suppression.is_small(team[field]), team


def test_a_rule_page_explains_the_rule_and_drills_to_records_for_permitted_roles(client_for, users, snap):
    from lineofsight.web.core.models import TeamMembership

    team, rule = next((t["team"], r["rule_id"]) for t in selectors.quality_teams(snap)
                      if t["team"] not in ("*", None) for r in t["by_rule"] if r["count"])
    TeamMembership.objects.get_or_create(user=users["manager"], team_id=team)
    manager_team = team
    text = text_of(client_for("manager").get(f"/quality/rules/{rule}/"))
    assert "What it means" in text and "How to fix it at source" in text and "See the records" in text
    assert "See the records" not in text_of(client_for("board").get(f"/quality/rules/{rule}/"))
    records = client_for("manager").get(f"/quality/rules/{rule}/records/?team={manager_team}")
    assert records.context["rows"] and {r["team"] for r in records.context["rows"]} == {manager_team}
    assert client_for("leader").get("/quality/rules/no-such-rule/").status_code == 404


def test_the_snapshots_page_says_where_each_figure_comes_from(client_for, snap):
    text = text_of(client_for("councillor").get("/snapshots/"))
    assert snap.id in text and "Current" in text
    assert "Which table each measure's records come from" in text and "ssd_cp_plans" in text
    assert "Load a new snapshot" not in text
    assert "Load a new snapshot" in text_of(client_for("administrator").get("/snapshots/"))


def test_with_no_snapshot_pages_say_so_instead_of_failing(client):
    # tests/conftest.py gives this test an empty LINEOFSIGHT_HOME.
    from lineofsight.web.policy import Role
    from web.roles import make_user

    client.force_login(make_user("leader", Role.SENIOR_LEADER))
    assert "No data has been loaded yet" in text_of(client.get("/"))
    for url in ("/measures/cp_visit_10wd/", "/quality/"):
        response = client.get(url)
        assert response.status_code == 200 and "No data has been loaded yet" in text_of(response)
    assert client.get("/team/").status_code == 404


# ---------------------------------------------------------------- the plan's evidence

def test_plan_areas_show_linked_measures_as_evidence_suppressed_for_scrutiny(client_for, snap):
    from lineofsight.plan import services

    plan = services.create_plan("Evidence plan")
    area = services.add_area(plan, "1", "Visits")
    raw = _raw_scorecard(snap)
    small = next(i for i, r in raw.items() if suppression.needs_primary(r))
    large = next(i for i, r in raw.items() if r["value"] is not None and not suppression.needs_primary(r)
                 and r["rag"])
    services.set_area_measures(area, [small, large])
    leader = client_for("leader").get(f"/plans/{plan.slug}/areas/1/").context["evidence"]
    councillor = client_for("councillor").get(f"/plans/{plan.slug}/areas/1/").context["evidence"]
    assert [e.available for e in leader] == [True, True]
    assert councillor[0].value == "c" and councillor[0].rag == "" and leader[0].value != "c"
    assert councillor[1].value == leader[1].value and leader[1].rag in ("Green", "Amber", "Red")
    assert leader[1].snapshot == snap.id


def test_a_scrutiny_readers_spc_limits_come_from_the_months_they_can_see(client_for, snap):
    """With all 24 months in the mean, a single hidden month could be worked out from it."""
    from lineofsight.reports.formatting import format_value

    checked = 0
    for m in MEASURES:
        months = selectors.month_series(snap, m.id, snap.as_at)
        published = [p["value"] for p in months if not suppression.needs_primary(p)]
        if len(published) == len(months) or len(published) < 15:
            continue
        chart = client_for("councillor").get(f"/measures/{m.id}/").context["spc_chart"]
        assert any(row[1] == "c" for row in chart["table"]["rows"]), m.id
        assert f"mean {format_value(sum(published) / len(published), m.unit)}" in chart["alt"], m.id
        checked += 1
        if checked == 3:
            break
    assert checked, "the test authority should have measures with hidden months"
