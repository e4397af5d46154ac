"""Dashboard pages: scorecard, measure, children behind a figure, team view, data quality, snapshots.

Thin views: each asks the policy module (decorators, then check_team / visible_children for child-level
data), reads through dashboard.selectors, shapes through present, and audits child-level views and
exports through audit.services before it responds.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lineofsight.measures.catalogue import BY_ID
from lineofsight.measures.model import DIMENSIONS
from lineofsight.web import policy
from lineofsight.web.audit.models import AuditEntry
from lineofsight.web.audit.services import record_child_access
from lineofsight.web.core.views import landing
from lineofsight.web.dashboard import charts, measure_page, present, selectors
from lineofsight.web.dashboard.common import csv_response, current_snapshot, is_htmx

CHILDREN_SHOWN = 500  # rows on a page; the CSV has them all
CHILD_COLUMNS = ("person_id", "record_id", "team", "worker", "event_date", "in_numerator", "due_date", "decided_by")


def _no_data(request: HttpRequest, title: str) -> HttpResponse:
    return render(request, "dashboard/no_data.html", {"title": title})


def _team_choice(request: HttpRequest, snap: selectors.Snapshot) -> str | None:
    team = request.GET.get("team") or None
    return team if team in selectors.team_names(snap) else None


# ---------------------------------------------------------------- scorecard

def _scorecard_context(request: HttpRequest, snap: selectors.Snapshot) -> dict:
    end = selectors.period_end(snap, request.GET.get("month"))
    team = _team_choice(request, snap)
    suppress = policy.suppressed(request.user)
    targets = selectors.levels()
    rows = []
    for row in selectors.scorecard(snap, end, team, targets):
        pub = selectors.published(snap, row["id"], end) if suppress else None
        shown = present.scorecard_row(row, pub, team)
        shown["chart"] = charts.sparkline(shown["sparkline"], row["unit"])
        rows.append(shown)
    return {
        "snap": snap, "end": end, "team": team, "team_name": selectors.team_names(snap).get(team or ""),
        "teams": selectors.teams(snap), "months": snap.months, "suppress": suppress,
        "groups": present.group_by_area(rows, selectors.areas()),
    }


@policy.require_login
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The scorecard for everyone who may see aggregates once data is loaded; otherwise the landing page."""
    snap = current_snapshot() if policy.can(request.user, policy.AGGREGATES_VIEW) else None
    if snap is None:
        return landing(request)
    context = _scorecard_context(request, snap)
    template = "dashboard/_scorecard_results.html" if is_htmx(request) else "dashboard/scorecard.html"
    return render(request, template, context)


@policy.require(policy.AGGREGATES_VIEW)
@require_safe
def scorecard_csv(request: HttpRequest) -> HttpResponse:
    snap = current_snapshot()
    if snap is None:
        raise Http404("no snapshot loaded")
    context = _scorecard_context(request, snap)
    header = ["area", "measure_id", "measure", "period_end", "team", "value", "numerator", "denominator", "rag",
              "threshold", "target", "vs_previous_month", "vs_last_year", "spc_variation", "spc_assurance",
              "england", "snapshot"]
    rows = [
        [area, r["id"], r["title"], context["end"].isoformat(), context["team"] or "all teams", r["value"],
         r["numerator"], r["denominator"], r["rag"]["word"], r["threshold"], r["target"],
         (r["vs_previous_month"] or {}).get("text", ""), (r["vs_last_year"] or {}).get("text", ""),
         r["variation"]["word"], r["assurance"]["word"], r["england"], snap.id]
        for area, group in context["groups"] for r in group
    ]
    return csv_response(f"scorecard-{context['end'].isoformat()}.csv", header, rows)


# ---------------------------------------------------------------- measure page

def _measure_or_404(measure_id: str) -> None:
    if not selectors.measure_exists(measure_id):
        raise Http404(f"no measure {measure_id}")


@policy.require(policy.AGGREGATES_VIEW)
@require_safe
def measure(request: HttpRequest, measure_id: str) -> HttpResponse:
    _measure_or_404(measure_id)
    snap = current_snapshot()
    if snap is None:
        return _no_data(request, BY_ID[measure_id].title)
    end = selectors.period_end(snap, request.GET.get("month"))
    team = _team_choice(request, snap)
    teams = policy.child_teams(request.user)
    own = sorted(teams) if teams is not policy.EVERY_TEAM else []
    return render(request, "dashboard/measure.html", {
        "snap": snap, "end": end, "team": team, "team_name": selectors.team_names(snap).get(team or ""),
        "teams": selectors.teams(snap), "months": snap.months, "suppress": policy.suppressed(request.user),
        **measure_page.build(snap, measure_id, end, team, policy.suppressed(request.user)),
        "may_see_children": teams is policy.EVERY_TEAM or bool(teams),
        # A team manager's drill goes to their team (the one filtered to, if it is theirs).
        "children_team": team if team and policy.may_see_team(request.user, team) else (own[0] if own else None),
        "all_teams_allowed": teams is policy.EVERY_TEAM,
    })


# ---------------------------------------------------------------- children behind a figure

def _children(request: HttpRequest, measure_id: str) -> tuple[selectors.Snapshot, dict, list[dict]]:
    """The request's window and cell, checked against the user's teams, and the rows they may see."""
    _measure_or_404(measure_id)
    snap = current_snapshot()
    if snap is None:
        raise Http404("no snapshot loaded")
    end = selectors.period_end(snap, request.GET.get("month"))
    dimension, key = request.GET.get("dimension") or None, request.GET.get("key") or None
    if dimension is not None and (dimension not in DIMENSIONS or dimension not in BY_ID[measure_id].breakdowns
                                  or key is None):
        raise Http404("no such breakdown cell")
    if dimension == "team":
        policy.check_team(request.user, key)
    which = request.GET.get("which", "all")
    cell = f"{dimension}={key}" if dimension else None
    rows = policy.visible_children(request.user, selectors.children(snap, measure_id, end, cell))
    if which == "numerator":
        rows = [r for r in rows if r["in_numerator"]]
    elif which == "not_numerator":
        rows = [r for r in rows if not r["in_numerator"]]
    else:
        which = "all"
    params = {"measure": measure_id, "period_end": end.isoformat(), "dimension": dimension, "key": key,
              "which": which}
    return snap, params, rows


@policy.require_children
@require_safe
def measure_children(request: HttpRequest, measure_id: str) -> HttpResponse:
    snap, params, rows = _children(request, measure_id)
    shown = rows[:CHILDREN_SHOWN]
    record_child_access(request, AuditEntry.VIEW, f"Children behind measure {measure_id}",
                        [r["person_id"] for r in shown], snapshot_id=snap.id, parameters=params)
    info = selectors.describe(snap, measure_id)
    return render(request, "dashboard/children.html", {
        "snap": snap, "m": info, "params": params, "rows": shown, "total": len(rows),
        "in_numerator": sum(1 for r in rows if r["in_numerator"]), "truncated": len(rows) > len(shown),
        "team_names": selectors.team_names(snap), "query": request.GET.urlencode(),
    })


@policy.require_children
@require_safe
def measure_children_csv(request: HttpRequest, measure_id: str) -> HttpResponse:
    snap, params, rows = _children(request, measure_id)
    record_child_access(request, AuditEntry.EXPORT, f"Children behind measure {measure_id} (CSV)",
                        [r["person_id"] for r in rows], snapshot_id=snap.id, parameters=params)
    return csv_response(
        f"children-{measure_id}-{params['period_end']}.csv", [*CHILD_COLUMNS, "snapshot"],
        ([r[c] for c in CHILD_COLUMNS] + [snap.id] for r in rows),
    )


# ---------------------------------------------------------------- team view

def _team_view(request: HttpRequest) -> tuple[selectors.Snapshot, dict, list[dict]]:
    snap = current_snapshot()
    if snap is None:
        raise Http404("no snapshot loaded")
    allowed = policy.child_teams(request.user)
    names = selectors.team_names(snap)
    choices = list(names.items()) if allowed is policy.EVERY_TEAM else [(t, names.get(t, t)) for t in sorted(allowed)]
    team = request.GET.get("team") or None
    if team is None and allowed is not policy.EVERY_TEAM:
        team = choices[0][0] if choices else None  # a team manager starts on their first team
    if team is not None:
        policy.check_team(request.user, team)
    end = selectors.period_end(snap, request.GET.get("month"))
    everyone = allowed is policy.EVERY_TEAM
    lists = selectors.exceptions(snap, end, team) if (team is not None or everyone) else []
    return snap, {"team": team, "team_name": names.get(team or "", team), "choices": choices, "end": end,
                  "all_teams": everyone}, lists


@policy.require_children
@require_safe
def team(request: HttpRequest) -> HttpResponse:
    snap, ctx, lists = _team_view(request)
    record_child_access(request, AuditEntry.VIEW, "Team view: exceptions for supervision",
                        [c["person_id"] for lst in lists for c in lst["children"]], snapshot_id=snap.id,
                        parameters={"team": ctx["team"] or "all teams", "period_end": ctx["end"].isoformat()})
    return render(request, "dashboard/team.html", {
        "snap": snap, **ctx, "lists": lists, "months": snap.months, "team_names": selectors.team_names(snap),
    })


@policy.require_children
@require_safe
def team_csv(request: HttpRequest) -> HttpResponse:
    snap, ctx, lists = _team_view(request)
    record_child_access(request, AuditEntry.EXPORT, "Team view: exceptions for supervision (CSV)",
                        [c["person_id"] for lst in lists for c in lst["children"]], snapshot_id=snap.id,
                        parameters={"team": ctx["team"] or "all teams", "period_end": ctx["end"].isoformat()})
    cols = ("person_id", "record_id", "team", "worker", "due_date", "decided_by")
    return csv_response(
        f"team-exceptions-{ctx['team'] or 'all'}-{ctx['end'].isoformat()}.csv", ["list", *cols, "snapshot"],
        ([lst["title"], *(c[k] for k in cols), snap.id] for lst in lists for c in lst["children"]),
    )


# ---------------------------------------------------------------- data quality

@policy.require(policy.AGGREGATES_VIEW)
@require_safe
def quality(request: HttpRequest) -> HttpResponse:
    snap = current_snapshot()
    if snap is None:
        return _no_data(request, "Data quality")
    suppress = policy.suppressed(request.user)
    rules = selectors.quality_rules()
    by_rule = present.hide_counts(selectors.quality_by_rule(snap), ["count"], suppress)
    return render(request, "dashboard/quality.html", {
        "snap": snap, "as_at": selectors.quality_as_at(snap), "suppress": suppress,
        "teams": present.quality_teams(selectors.quality_teams(snap), suppress),
        "trend": present.quality_trend(selectors.quality_trend(), suppress),
        "by_rule": [dict(r, rule=rules.get(r["rule_id"], {})) for r in by_rule],
    })


def _rule_or_404(rule_id: str) -> dict:
    rule = selectors.quality_rules().get(rule_id)
    if rule is None:
        raise Http404(f"no rule {rule_id}")
    return rule


@policy.require(policy.AGGREGATES_VIEW)
@require_safe
def quality_rule(request: HttpRequest, rule_id: str) -> HttpResponse:
    rule = _rule_or_404(rule_id)
    snap = current_snapshot()
    if snap is None:
        return _no_data(request, rule["title"])
    suppress = policy.suppressed(request.user)
    teams = selectors.quality_teams(snap)
    per_team = [{"team": t["team"], "team_name": t["team_name"], "count": next(
        (r["count"] for r in t["by_rule"] if r["rule_id"] == rule_id), 0)} for t in teams if t["team"] != "*"]
    for t in per_team:
        t["drill"] = bool(t["count"]) and t["team"] is not None and policy.may_see_team(request.user, t["team"])
    allowed = policy.child_teams(request.user)
    return render(request, "dashboard/quality_rule.html", {
        "snap": snap, "rule": rule, "suppress": suppress,
        "per_team": present.hide_counts(per_team, ["count"], suppress),
        "measures": selectors.measures_for_rule(rule_id),
        "may_see_children": allowed is policy.EVERY_TEAM or bool(allowed),
        "all_teams_allowed": allowed is policy.EVERY_TEAM,
    })


def _quality_records(request: HttpRequest, rule_id: str) -> tuple[selectors.Snapshot, dict, list[dict]]:
    _rule_or_404(rule_id)
    snap = current_snapshot()
    if snap is None:
        raise Http404("no snapshot loaded")
    team = request.GET.get("team") or None
    if team is not None:
        policy.check_team(request.user, team)
    rows = policy.visible_children(request.user, selectors.quality_findings(snap, rule_id, team))
    return snap, {"rule": rule_id, "team": team}, rows


@policy.require_children
@require_safe
def quality_records(request: HttpRequest, rule_id: str) -> HttpResponse:
    snap, params, rows = _quality_records(request, rule_id)
    shown = rows[:CHILDREN_SHOWN]
    record_child_access(request, AuditEntry.VIEW, f"Records breaking data-quality rule {rule_id}",
                        [r["person_id"] for r in shown], snapshot_id=snap.id, parameters=params)
    return render(request, "dashboard/quality_records.html", {
        "snap": snap, "rule": selectors.quality_rules()[rule_id], "params": params, "rows": shown,
        "total": len(rows), "truncated": len(rows) > len(shown), "team_names": selectors.team_names(snap),
        "query": request.GET.urlencode(),
    })


@policy.require_children
@require_safe
def quality_records_csv(request: HttpRequest, rule_id: str) -> HttpResponse:
    snap, params, rows = _quality_records(request, rule_id)
    record_child_access(request, AuditEntry.EXPORT, f"Records breaking data-quality rule {rule_id} (CSV)",
                        [r["person_id"] for r in rows], snapshot_id=snap.id, parameters=params)
    cols = ("rule_id", "severity", "table", "record_id", "person_id", "team", "worker", "detail")
    return csv_response(f"quality-{rule_id}-{snap.id}.csv", [*cols, "snapshot"],
                        ([r[c] for c in cols] + [snap.id] for r in rows))


# ---------------------------------------------------------------- snapshots

@policy.require(policy.AGGREGATES_VIEW)
@require_safe
def snapshots(request: HttpRequest) -> HttpResponse:
    snap = current_snapshot()
    return render(request, "dashboard/snapshots.html", {
        "snap": snap, "snapshots": selectors.all_snapshots(),
        "sources": selectors.measure_sources() if snap else [],
        "can_load": policy.can(request.user, policy.SNAPSHOTS_LOAD),
    })
