"""Everything the measure page shows, gathered in one place so the view stays a few lines long.

Definition and source, threshold and target (this council's or the default), the England benchmark,
the SPC chart of in-month figures, the rolling 24-month series, the breakdowns (the team one as a
chart, every one as a table), and the data-quality rules that can distort the measure with their
counts. For readers who see suppressed figures every number passes through present.hide_* first.
"""

from __future__ import annotations

import datetime as dt

from lineofsight.measures.catalogue import BY_ID
from lineofsight.measures.rag import rag
from lineofsight.reports.scrutiny import published_spc
from lineofsight.reports.suppression import SUPPRESSED
from lineofsight.web.dashboard import charts, present, selectors


def _level(targets: dict, info: dict, name: str) -> float | None:
    return targets.get(info["id"], {}).get(name, info[name])


def build(snap: selectors.Snapshot, measure_id: str, end: dt.date, team: str | None, suppress: bool) -> dict:
    targets = selectors.levels()
    info = selectors.describe(snap, measure_id)
    unit, title = info["unit"], info["title"]
    threshold, target = _level(targets, info, "threshold"), _level(targets, info, "target")
    names = selectors.team_names(snap)

    split = selectors.breakdowns(snap, measure_id, end)
    # A reader shown "c" sees the figures suppressed together with every team and month
    # (lineofsight.reports.published), the same set whatever team the page is filtered to.
    pub = selectors.published(snap, measure_id, end) if suppress else None
    if pub is None:
        total, cells = present.as_shown([split["total"]])[0], {d: present.as_shown(cs) for d, cs in split["cells"].items()}
    else:
        total, cells = pub.total, pub.cells
    tables = present.breakdown_tables(cells, unit, names)
    team_chart = None
    if cells.get("team"):
        team_cells = [{**c, "key": names.get(c["key"], c["key"])} for c in cells["team"]]
        team_chart = charts.breakdown_chart(team_cells, title=title, unit=unit, dimension="team",
                                            overall=total["value"], target=target)

    # With a team chosen, the headline is that team's cell (suppressed with the rest of its breakdown).
    figure = total
    if team is not None:
        empty = {"numerator": None, "denominator": None, "value": None, "suppressed": None}
        figure = next((c for c in cells.get("team", []) if c["key"] == team), empty)

    spc = selectors.spc(snap, measure_id, end, team, targets)
    spc_chart = None
    if spc is not None:
        points = [{"period_end": p["period_end"], "value": p["value"]} for p in spc["points"]]
        if pub is not None:
            hidden = pub.hidden_months(team)
            points = [{"period_end": p["period_end"], "value": SUPPRESSED if p["period_end"] in hidden else p["value"]}
                      for p in points]
            if hidden & {p["period_end"] for p in points}:
                # The mean and limits of every month would give a single hidden month away: a reader who
                # must not see small numbers gets limits from the published months only (as in the pack).
                spc = published_spc(BY_ID[measure_id], points, target)
        if spc is not None:
            spc_chart = charts.spc_chart(spc, points, title=title, unit=unit, polarity=info["polarity"],
                                         target=target)

    # Consecutive 12-month totals differ by one month in and one out, so beside the monthly chart they
    # could reveal a hidden month: readers who see suppressed figures get the monthly chart only.
    series_withheld = suppress and info["period_type"] == "in_period"
    if series_withheld:
        series: list[dict] = []
    elif pub is not None:
        series = pub.rolling.get(team, [])
    else:
        series = present.as_shown(selectors.series(snap, measure_id, end, team))

    rules = selectors.quality_rules()
    counts = {r["rule_id"]: r["count"] for r in selectors.quality_by_rule(snap)}
    own = targets.get(measure_id, {})
    england = info.get("england")
    return {
        "m": info, "unit_label": present.UNIT_LABELS.get(unit, unit),
        "polarity": present.POLARITY_LABELS.get(info["polarity"], info["polarity"]),
        "threshold": present.value_text(threshold, unit) if threshold is not None else "–",
        "target": present.value_text(target, unit) if target is not None else "–",
        "level_source": "set for this council" if own else "the measure's default",
        "england": england, "england_text": present.value_text((england or {}).get("value"), unit),
        "neighbours": info.get("neighbours"),
        "total": total, "total_text": split.get("unavailable") or present.value_text(figure["value"], unit),
        "total_numerator": present.count_text(figure.get("numerator")),
        "total_denominator": present.count_text(figure.get("denominator")),
        "rag": present.badge(present.RAG, None if figure.get("suppressed") else rag(
            figure["value"], threshold, target, info["polarity"])),
        "records_with_errors": present.hide_count(split["records_with_errors"], suppress),
        "series": [dict(p, text=present.value_text(p["value"], unit), month=present.month_text(p["period_end"]),
                        numerator_text=present.count_text(p.get("numerator")),
                        denominator_text=present.count_text(p.get("denominator"))) for p in series],
        "spc_chart": spc_chart, "series_withheld": series_withheld,
        "variation": present.badge(present.VARIATION, (spc or {}).get("variation")),
        "assurance": present.badge(present.ASSURANCE, (spc or {}).get("assurance")),
        "team_chart": team_chart, "breakdowns": tables,
        "quality_rules": [dict(rules[r], count=present.hide_count(counts.get(r, 0), suppress))
                          for r in info["quality_rules"] if r in rules],
    }
