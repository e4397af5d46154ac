"""What a reader shown "c" may see of one measure in one period, decided once for every surface.

Suppressing each response on its own leaks: a team's scorecard (`?team=X`) hid only that team's own
small figures, so the authority total minus the other teams' figures gave a team the measure page
hides (issue 13). Here every figure a scrutiny reader can reach for a measure and a period end is
laid out together, with every way they add up, and `suppression.protect` decides the hidden set once:

- the 12-month window: the total and the cells of each breakdown (team, worker, sex, ...), which add
  up to the total;
- the rolling series (24 month ends) of the authority and of each team: the teams add up to the
  authority at every month end, and the last point is the window itself;
- the in-month series of the authority and of each team: the teams add up to the authority each
  month; for in-period measures the 12 months ending at a month end add up to that month end's
  rolling figure (counts, and the numerators and denominators of shares); for snapshot measures
  the in-month point is the month-end state itself.

A relation that does not hold exactly (a child counted in two teams) is still protected: treating
it as a sum can only hide more. Every surface (scorecard page, fragment and CSV, measure page, the
scrutiny pack's PDF and .docx, their charts and SPC tables) reads its figures from `Published`, so
whatever filter a request carries the hidden cells are the same set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb

from lineofsight.measures import selectors as measures
from lineofsight.measures.catalogue import measure
from lineofsight.measures.model import DIMENSIONS
from lineofsight.reports.suppression import FIGURE_FIELDS, Relation, apply, protect
from lineofsight.schema.authority import Authority

MONTHS = 24  # points of the rolling and in-month series any surface shows
WINDOW_MONTHS = 12

Owner = str | None  # a team id, or None for the whole authority


@dataclass(frozen=True)
class Published:
    """One measure's figures for one period end as a reader shown "c" sees them (hidden fields "c",
    each figure with "suppressed": None, "primary" or "secondary")."""

    total: dict
    cells: dict[str, list[dict]]
    rolling: dict[Owner, list[dict]]
    months: dict[Owner, list[dict]]

    def headline(self, team: Owner = None) -> dict:
        """The window figure of the authority, or of one team (its cell in the team breakdown)."""
        if team is None:
            return self.total
        empty = {"numerator": None, "denominator": None, "value": None, "suppressed": None}
        return next((c for c in self.cells.get("team", []) if c["key"] == team), empty)

    def hidden_months(self, team: Owner = None) -> set[str]:
        return {p["period_end"] for p in self.months.get(team, []) if p.get("suppressed")}


def figure(d: Mapping | None) -> dict:
    """The numerator, denominator and value of a row (None where absent)."""
    d = d or {}
    return {k: d.get(k) for k in FIGURE_FIELDS}


def _team_cell(point: Mapping, team: str) -> dict | None:
    return next((c for c in point.get("cells", []) if c.get("dimension", "team") == "team" and c["key"] == team),
                None)


def decide(in_period: bool, total: Mapping, cells: Mapping[str, Sequence[Mapping]],
           rolling: Sequence[Mapping], months: Sequence[Mapping]) -> Published:
    """The pure core: `rolling` and `months` are series points {period_end, numerator, denominator,
    value, cells: [{key, ...team figure}]} (authority figure with its team cells), the last rolling
    point ending at the window's end."""
    figures: list[dict] = []
    relations: list[Relation] = []

    def add(fig: Mapping, **extra) -> int:
        figures.append({**figure(fig), **extra})
        return len(figures) - 1

    total_i = add(total)
    cell_idx: dict[str, dict[str, int]] = {}
    for dim, cs in cells.items():
        cell_idx[dim] = {c["key"]: add(c, key=c["key"], dimension=dim) for c in cs}
        if cs:
            relations.append(Relation(tuple(cell_idx[dim].values()), total_i))
    teams = sorted({k for k in cell_idx.get("team", {})} |
                   {c["key"] for p in [*rolling, *months] for c in p.get("cells", [])}, key=str)

    def series(points: Sequence[Mapping]) -> dict[Owner, dict[str, int]]:
        idx: dict[Owner, dict[str, int]] = {None: {}}
        for t in teams:
            idx[t] = {}
        for p in points:
            end = p["period_end"]
            idx[None][end] = add(p, period_end=end)
            parts = []
            for t in teams:
                c = _team_cell(p, t)
                idx[t][end] = add(c, period_end=end)
                parts.append(idx[t][end])
            if parts:
                relations.append(Relation(tuple(parts), idx[None][end]))
        return idx

    roll_idx, month_idx = series(rolling), series(months)
    window_end = rolling[-1]["period_end"] if rolling else None
    for owner, points in roll_idx.items():
        window_i = total_i if owner is None else cell_idx.get("team", {}).get(owner)
        if window_end in points and window_i is not None:
            relations.append(Relation((points[window_end],), window_i))  # the same figure twice
        ends = sorted(month_idx.get(owner, {}))
        for end, i in points.items():
            if in_period:
                span = [e for e in ends if e <= end][-WINDOW_MONTHS:]
                if len(span) == WINDOW_MONTHS:
                    relations.append(Relation(tuple(month_idx[owner][e] for e in span), i))
            elif end in month_idx.get(owner, {}):
                relations.append(Relation((month_idx[owner][end],), i))

    shown = apply(figures, protect(figures, relations))

    def strip(i: int, keep: Mapping) -> dict:
        return {**keep, **{k: shown[i][k] for k in (*FIGURE_FIELDS, "suppressed")}}

    out_cells = {dim: [strip(cell_idx[dim][c["key"]], c) for c in cs] for dim, cs in cells.items()}

    def out_series(points: Sequence[Mapping], idx: dict[Owner, dict[str, int]]) -> dict[Owner, list[dict]]:
        res: dict[Owner, list[dict]] = {}
        for owner, by_end in idx.items():
            res[owner] = [strip(by_end[p["period_end"]], {k: p[k] for k in p if k not in (*FIGURE_FIELDS, "cells")})
                          for p in points]
        return res

    return Published(total=strip(total_i, {}), cells=out_cells,
                     rolling=out_series(rolling, roll_idx), months=out_series(months, month_idx))


def published(con: duckdb.DuckDBPyConnection, authority: Authority, measure_id: str, end: dt.date,
              rolling: Sequence[Mapping] | None = None, months: Sequence[Mapping] | None = None) -> Published:
    """Gather everything a scrutiny reader can see of the measure for the period ending `end`, and decide.
    `rolling` and `months` are the measure's series to `end` (by team where it has that breakdown;
    selectors.recent_series) when the caller has them already (the scrutiny pack reads each series once
    for every figure it shows)."""
    m = measure(measure_id)
    dims = [d for d in DIMENSIONS if d in m.breakdowns]
    row = measures.measure_window(con, authority, measures.window_start(end), end, [measure_id], by=dims or None)[0]
    cells: dict[str, list[dict]] = {d: [] for d in dims}
    for c in row.get("cells", []):
        cells[c["dimension"]].append(c)
    if rolling is None or months is None:
        recent = measures.recent_series(con, authority, measure_id, by="team" if "team" in m.breakdowns else None,
                                        to=end, months=MONTHS)
        rolling, months = recent["rolling"], recent["month"]
    return decide(m.period_type == "in_period", figure(row), cells, list(rolling[-MONTHS:]),
                  [p for p in months[-MONTHS:] if not p["partial"]])
