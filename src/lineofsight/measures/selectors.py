"""The measures API for the web app, reports and the CLI: plain data in, plain data out, no SQL outside.

Every function takes a DuckDB connection to a snapshot and the snapshot's Authority. Dates are
`datetime.date`; results are lists of dicts with ISO date strings, ready for JSON or templates.
`SnapshotMeasures` opens the current (or a named) snapshot so that callers never handle SQL.
Monthly series are computed once per snapshot, measure and breakdown, and cached (see cache.py).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Mapping, Sequence

import duckdb

from lineofsight.measures import availability, benchmarks, cache, engine
from lineofsight.measures.catalogue import MEASURES, measure
from lineofsight.measures.engine import MeasureError
from lineofsight.measures.model import DIMENSIONS, Measure
from lineofsight.measures.periods import (
    Period,
    add_months,
    first_of_month,
    history_end,
    history_periods,
    history_start,
    month_end,
    month_ends,
    previous_month_end,
    rolling_start,
    series_periods,
)
from lineofsight.measures.rag import direction, rag
from lineofsight.measures.spc import xmr
from lineofsight.schema.authority import DEFAULT_STANDARDS, Authority

SPARKLINE_POINTS = 24
SPC_POINTS = 24


# ---------------------------------------------------------------- the catalogue

def catalogue() -> list[Measure]:
    """Every measure, in scorecard order."""
    return list(MEASURES)


def describe(measure_id: str, authority: Authority | None = None) -> dict:
    """A measure's declaration, with the local standards (the authority's, else the defaults) filled into
    its definition, and its England benchmark."""
    m = measure(measure_id)
    info = m.summary()
    info["definition"] = m.definition.format_map(authority.standards if authority else DEFAULT_STANDARDS)
    info["england"] = benchmarks.england(m.id)
    return info


# ---------------------------------------------------------------- helpers

_SNAPSHOT_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection -> its snapshot id


def snapshot_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The id of the snapshot behind `con` (None for a plain database, which is then never cached)."""
    if con in _SNAPSHOT_IDS:
        return _SNAPSHOT_IDS[con]
    try:
        row = con.execute("SELECT value FROM _snapshot WHERE key = 'id'").fetchone()
    except duckdb.CatalogException:
        return None
    sid = row[0] if row else None
    if sid is not None:
        _SNAPSHOT_IDS[con] = sid  # a snapshot's id never changes; a plain database is asked every time
    return sid


_HISTORY: dict[str, tuple[dt.date, dt.date]] = {}  # snapshot id -> history (snapshots never change)


def history(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """First day and last month end the data covers (see periods.history_end)."""
    sid = snapshot_id(con)
    if sid is not None and sid in _HISTORY:
        return _HISTORY[sid]
    start, end = history_start(con), history_end(con)
    if start is None or end is None:
        raise MeasureError("the snapshot has no contacts or referrals, so its history cannot be placed in time")
    if sid is not None:
        _HISTORY[sid] = (start, end)
    return start, end


def _dims(by: str | Sequence[str] | None) -> tuple[str, ...]:
    if by is None:
        return ()
    dims = (by,) if isinstance(by, str) else tuple(by)
    for d in dims:
        if d not in DIMENSIONS:
            raise MeasureError(f"unknown breakdown {d!r}: choose from {', '.join(DIMENSIONS)}")
    return dims


def _num(x):
    return None if x is None else (int(x) if isinstance(x, int) else float(x))


def _figure(numerator, denominator, value) -> dict:
    return {"numerator": _num(numerator), "denominator": _num(denominator), "value": _num(value)}


def window_start(to: dt.date) -> dt.date:
    """Start of the 12 months ending `to` (whole months when `to` is a month end)."""
    if to == month_end(to):
        return rolling_start(to)
    return add_months(to, -12) + dt.timedelta(days=1)


def parse_cell(cell: str | None, by: str | None) -> tuple[str, str] | None:
    """A cell as (dimension, key) from `key` with `by`, or from 'dimension=key'."""
    if cell is None:
        return None
    if by is None:
        dim, sep, key = cell.partition("=")
        if not sep:
            raise MeasureError(f"cell {cell!r}: give the breakdown too (--by team --cell T1, or --cell team=T1)")
        by, cell = dim, key
    _dims(by)
    return by, cell


# ---------------------------------------------------------------- one window

def measure_window(
    con: duckdb.DuckDBPyConnection, authority: Authority, from_: dt.date, to: dt.date,
    measure_ids: Iterable[str] | None = None, by: str | Sequence[str] | None = None,
    error_records: Iterable[tuple[str, str]] | None = None,
) -> list[dict]:
    """Every (or the named) measure for one window: numerator, denominator, value (percent 0-100).

    With `by`, each measure also has "cells" [{dimension, key, numerator, denominator, value}] (empty
    when the measure does not support that breakdown). With `error_records` (the (table, record_id)
    pairs carrying an error-severity data-quality finding), each has "records_with_errors".
    """
    if from_ > to:
        raise MeasureError(f"--from {from_} is after --to {to}")
    dims = _dims(by)
    chosen = [measure(i) for i in measure_ids] if measure_ids else list(MEASURES)
    period = Period(0, "window", from_, to)
    errors = set(error_records) if error_records is not None else None
    gone = availability.absent(con)
    out = []
    for m in chosen:
        usable = tuple(d for d in dims if d in m.breakdowns)
        point = _cached_point(con, authority, m, usable, from_, to)
        if point is not None:
            total, cells = point, point.get("cells", [])
        else:
            rows = engine.aggregate(con, authority, m, [period], usable)
            total = _figure(*next(r for r in rows if r[1] is None)[3:])
            cells = [{"dimension": r[1], "key": r[2], **_figure(*r[3:])} for r in rows if r[1] is not None]
        item = {"id": m.id, "title": m.title, "unit": m.unit, "polarity": m.polarity,
                **{k: total[k] for k in ("numerator", "denominator", "value")},
                "unavailable": availability.unavailable_text(availability.missing_inputs(m, gone))}
        if item["unavailable"]:
            item.update(numerator=None, denominator=None, value=None)
        if dims:
            item["cells"] = [dict(c) for c in cells]
        if errors is not None:
            item["records_with_errors"] = engine.error_counts(con, authority, m, period, sorted(errors))
        out.append(item)
    return out


# ---------------------------------------------------------------- monthly series

def _series_key(m: Measure, authority: Authority, dims: tuple[str, ...], start: dt.date, end: dt.date
                ) -> tuple[str, str]:
    """(name, digest) of a measure's cached series."""
    digest = cache.key(m.id, m.sql, m.how, m.period_type, authority.standards, authority.population, dims,
                       start, end)
    return f"{m.id}-{'-'.join(dims) or 'total'}", digest


def _cached_point(con: duckdb.DuckDBPyConnection, authority: Authority, m: Measure, dims: tuple[str, ...],
                  from_: dt.date, to: dt.date) -> dict | None:
    """The window's figures from the measure's cached series, when the window is one of its rolling 12-month
    points (the scorecard's window, issue 14: computing 51 windows is mostly planning 51 queries) and the
    series is already cached; never computes a series."""
    sid = snapshot_id(con)
    if sid is None or to != month_end(to) or from_ != rolling_start(to):
        return None
    try:
        start, end = history(con)
    except MeasureError:
        return None
    cached = cache.load(sid, *_series_key(m, authority, dims, start, end))
    if cached is None:
        return None
    last = to.isoformat()
    return next((p for p in cached["rolling"] if p["period_end"] == last), None)


def _series_data(con: duckdb.DuckDBPyConnection, authority: Authority, m: Measure, dims: tuple[str, ...]) -> dict:
    """The whole history's monthly series of one measure (both kinds, with cells), cached per snapshot."""
    sid = snapshot_id(con)
    start, end = history(con)
    name, digest = _series_key(m, authority, dims, start, end)
    cached = cache.load(sid, name, digest)
    if cached is not None:
        return cached
    data = _computed_series(con, authority, m, dims, list(history_periods(start, end, m.period_type == "in_period")),
                            start)
    cache.store(sid, name, digest, data)
    return data


def _computed_series(con: duckdb.DuckDBPyConnection, authority: Authority, m: Measure, dims: tuple[str, ...],
                     periods: list[Period], start: dt.date) -> dict:
    """One query's series over `periods` (series_periods), as cached: `partial` marks a window reaching
    back before the data's first day `start`."""
    rows = engine.aggregate(con, authority, m, periods, dims)
    points: dict[int, dict] = {
        p.id: {"period_start": p.start.isoformat(), "period_end": p.end.isoformat(), "partial": p.start < start,
               **({"cells": []} if dims else {})}
        for p in periods
    }
    for period_id, dim, key, num, den, val in rows:
        if dim is None:
            points[period_id].update(_figure(num, den, val))
        else:
            points[period_id]["cells"].append({"dimension": dim, "key": key, **_figure(num, den, val)})
    return {
        "measure": m.id, "dims": list(dims),
        "rolling": [points[p.id] for p in periods if p.kind == "rolling"],
        "month": [points[p.id] for p in periods if p.kind == "month"],
    }


def measure_series(
    con: duckdb.DuckDBPyConnection, authority: Authority, measure_id: str, by: str | Sequence[str] | None = None,
    months: int | None = None, kind: str = "rolling", to: dt.date | None = None,
) -> list[dict]:
    """Monthly points [{period_start, period_end, partial, numerator, denominator, value, cells?}].

    kind "rolling": in_period measures over the 12 months ending each month end, snapshot measures
    at each month end; kind "month": in_period measures over each month alone (snapshot measures are
    the same as "rolling"). `partial` marks a window reaching back before the data starts. `to` ends
    the series at that month end; `months` keeps only the last so many points.
    """
    if kind not in ("rolling", "month"):
        raise MeasureError(f"kind must be rolling or month, not {kind!r}")
    m = measure(measure_id)
    dims = _dims(by)
    engine.check_dimensions(m, dims)
    data = _series_data(con, authority, m, dims)
    points = data["month"] if kind == "month" and data["month"] else data["rolling"]
    return _tail(points, to.isoformat() if to is not None else None, months)


def _tail(points: list[dict], last: str | None, months: int | None) -> list[dict]:
    """The points ending on or before `last` (an ISO month end), the final `months` of them."""
    if last is not None:
        points = [p for p in points if p["period_end"] <= last]
    if months is not None:
        points = points[-months:] if months > 0 else []
    return points


def recent_series(
    con: duckdb.DuckDBPyConnection, authority: Authority, measure_id: str, by: str | Sequence[str] | None = None,
    to: dt.date | None = None, months: int = SPC_POINTS,
) -> dict[str, list[dict]]:
    """The last `months` points to `to` of both series, {"rolling": [...], "month": [...]} ("month" as
    measure_series(kind="month") gives it), point for point the whole series' own: read from the whole
    series when it is cached, else computed for those months alone and cached as such. A cold scrutiny
    pack needs 24 of the history's 72 months (issue 14: half its series time)."""
    m = measure(measure_id)
    dims = _dims(by)
    engine.check_dimensions(m, dims)
    sid = snapshot_id(con)
    start, end = history(con)
    to = min(to or end, end)
    last = to.isoformat()
    name, digest = _series_key(m, authority, dims, start, end)
    data = cache.load(sid, name, digest)
    if data is None:
        name, digest = f"{name}-to-{last}", cache.key(digest, months, last)
        data = cache.load(sid, name, digest)
    if data is None:
        first = max(start, first_of_month(add_months(to, 1 - max(months, 1))))
        periods = series_periods(month_ends(first, to), m.period_type == "in_period")
        data = _computed_series(con, authority, m, dims, periods, start)
        cache.store(sid, name, digest, data)
    return {kind: _tail(data[kind] or data["rolling"], last, months) for kind in ("rolling", "month")}


def _cell_of(point: dict, dimension: str, key: str) -> dict | None:
    for c in point.get("cells", []):
        if c["dimension"] == dimension and c["key"] == key:
            return c
    return None


def _values(points: list[dict], team: str | None) -> list[tuple[str, float | None, bool]]:
    """(period_end, value, partial) of a series, or of one team's cell in it."""
    out = []
    for p in points:
        fig = _cell_of(p, "team", team) if team is not None else p
        out.append((p["period_end"], fig["value"] if fig else None, p["partial"]))
    return out


# ---------------------------------------------------------------- children behind a figure

def measure_children(
    con: duckdb.DuckDBPyConnection, authority: Authority, measure_id: str, period_end: dt.date,
    cell: str | None = None, by: str | None = None, period_start: dt.date | None = None,
) -> list[dict]:
    """The records behind a figure: ids, team, worker, the numerator flag and the dates that decided it.

    The window is the 12 months ending `period_end` unless `period_start` is given (snapshot measures
    are the state at `period_end`). `cell` narrows to one breakdown cell ('T1' with by='team', or
    'team=T1'). Never names: ids only. Callers showing this to people must audit the view.
    """
    m = measure(measure_id)
    start = period_start or window_start(period_end)
    if start > period_end:
        raise MeasureError(f"window start {start} is after its end {period_end}")
    target = parse_cell(cell, by)
    if target is not None:
        engine.check_dimensions(m, (target[0],))
    rows = engine.records(con, authority, m, Period(0, "window", start, period_end), target)
    for r in rows:
        for k in ("event_date", "due_date"):
            r[k] = r[k].isoformat() if r[k] is not None else None
    return rows


# ---------------------------------------------------------------- scorecard

def _levels(m: Measure, targets: dict | None) -> tuple[float | None, float | None]:
    own = (targets or {}).get(m.id, {})
    return own.get("threshold", m.threshold), own.get("target", m.target)


def measure_spc(
    con: duckdb.DuckDBPyConnection, authority: Authority, measure_id: str, period_end: dt.date | None = None,
    team: str | None = None, points: int = SPC_POINTS, targets: dict | None = None,
) -> dict | None:
    """An XmR chart of the latest `points` months up to `period_end` (in-month values for in_period
    measures, since rolling 12-month sums are autocorrelated; month-end values for snapshots)."""
    m = measure(measure_id)
    by = "team" if team is not None else None
    series = measure_series(con, authority, m.id, by=by, kind="month", to=period_end)
    vals = [(e, v) for e, v, partial in _values(series, team) if v is not None and not partial][-points:]
    _, target = _levels(m, targets)
    res = xmr([v for _, v in vals], m.polarity, target)
    if res is None:
        return None
    out = res.as_dict()
    for p, (end, _) in zip(out["points"], vals, strict=True):
        p["period_end"] = end
    return out


def scorecard(
    con: duckdb.DuckDBPyConnection, authority: Authority, period_end: dt.date | None = None,
    team: str | None = None, targets: dict | None = None, measure_ids: Iterable[str] | None = None,
) -> list[dict]:
    """For each measure: latest value, RAG, direction of travel, SPC icons, sparkline and benchmarks.

    `period_end` defaults to the latest month end in the data; `team` shows that team's cells;
    `targets` ({measure_id: {"threshold": x, "target": y}}) overrides the default levels.
    """
    _, last = history(con)
    end = period_end or last
    if end != month_end(end):
        raise MeasureError(f"{end} is not a month end")
    neighbours = benchmarks.neighbour_figures(con)
    chosen = [measure(i) for i in measure_ids] if measure_ids else list(MEASURES)
    gone = availability.absent(con)
    out = []
    for m in chosen:
        by = "team" if team is not None else None
        rolling = _values(measure_series(con, authority, m.id, by=by, to=end), team)
        by_end = {e: v for e, v, _ in rolling}
        point = measure_series(con, authority, m.id, by=by, to=end, months=1)
        fig = (_cell_of(point[0], "team", team) if team is not None else point[0]) if point else None
        value = by_end.get(end.isoformat())
        prev = by_end.get(previous_month_end(end).isoformat())
        last_year = by_end.get(month_end(add_months(end, -12)).isoformat())
        spc = measure_spc(con, authority, m.id, end, team, targets=targets)
        row = {
            "id": m.id, "title": m.title, "area": m.area, "unit": m.unit, "polarity": m.polarity,
            "period_type": m.period_type, "period_end": end.isoformat(), "team": team,
            "vs_previous_month": direction(value, prev, m.polarity),
            "vs_last_year": direction(value, last_year, m.polarity),
            "spc": None if spc is None else {k: spc[k] for k in (
                "variation", "assurance", "mean", "upper_limit", "lower_limit")},
            "sparkline": [{"period_end": e, "value": v} for e, v, partial in rolling[-SPARKLINE_POINTS:]
                          if not partial],
        }
        row.update(headline(m, value, fig, targets, neighbours, gone))
        if row["unavailable"]:
            row.update(vs_previous_month=None, vs_last_year=None, spc=None, sparkline=[])
        out.append(row)
    return out


def headline(m: Measure, value: float | None, fig: Mapping | None, targets: dict | None, neighbours: dict,
             gone: dict) -> dict:
    """A scorecard row's figure, levels, RAG, benchmarks and availability: shared with the scrutiny pack,
    which derives `value` and `fig` from the series it has read already. `neighbours` and `gone` are
    benchmarks.neighbour_figures and availability.absent, read once per scorecard."""
    threshold, target = _levels(m, targets)
    unavailable = availability.unavailable_text(availability.missing_inputs(m, gone))
    if unavailable:  # a figure from data never sent would be a false zero
        value, fig = None, None
    return {"value": value, "numerator": fig["numerator"] if fig else None,
            "denominator": fig["denominator"] if fig else None, "threshold": threshold, "target": target,
            "rag": rag(value, threshold, target, m.polarity) if not unavailable else None,
            "england": benchmarks.england(m.id), "neighbours": neighbours.get(m.id), "unavailable": unavailable}


# ---------------------------------------------------------------- team view exceptions

# (id, title, measure, the records to list: failing = not in the numerator, flagged = in it, window months)
EXCEPTIONS: tuple[tuple[str, str, str, str, int | None], ...] = (
    ("cp_not_seen", "Children on a plan not seen in 10 working days", "cp_visit_10wd", "failing", None),
    ("cin_not_seen", "Children in need not seen within the local standard", "cin_visit_on_time", "failing", None),
    ("cla_visits_overdue", "Children looked after with a statutory visit overdue", "cla_visit_on_time", "failing",
     None),
    ("cla_reviews_overdue", "Children looked after with a review late or overdue", "cla_review_on_time", "failing",
     None),
    ("cp_reviews_overdue", "Children on a plan with a review late or overdue", "cp_review_on_time", "failing", None),
    ("unallocated", "Children with no allocated social worker", "unallocated", "flagged", None),
    ("assessments_late", "Assessments open past 45 working days", "assessment_open_over_45wd", "flagged", None),
    ("conferences_late", "Initial conferences out of timescale (last 3 months)", "icpc_15wd", "failing", 3),
    ("cp_18_months", "Child protection plans past 18 months", "cp_open_18m", "flagged", None),
    ("unregistered_not_seen", "Children in unregistered placements not seen in 7 days",
     "cla_unregistered_visited_7d", "failing", None),
    ("pathway_plans_out_of_date", "Care leavers with an out-of-date pathway plan",
     "care_leavers_pathway_plan_current", "failing", None),
)


def exceptions(
    con: duckdb.DuckDBPyConnection, authority: Authority, period_end: dt.date | None = None,
    team: str | None = None,
) -> list[dict]:
    """The team view's lists for supervision: each with the children (ids), worker and due date.

    Computed once per snapshot and month end for every team together, then cached (child-level
    ids, like the snapshot itself, under LINEOFSIGHT_HOME; files readable by their owner only).
    """
    end = period_end or history(con)[1]
    sid = snapshot_id(con)
    parts = [(ex, measure(ex[2]).sql) for ex in EXCEPTIONS]
    digest = cache.key("exceptions", parts, authority.standards, end)
    data = cache.load(sid, f"exceptions-{end.isoformat()}", digest)
    if data is None:
        lists = []
        for ex_id, title, measure_id, which, months in EXCEPTIONS:
            start = add_months(end, -months) + dt.timedelta(days=1) if months else None
            rows = measure_children(con, authority, measure_id, end, period_start=start)
            wanted = [r for r in rows if r["in_numerator"] == (which == "flagged")]
            lists.append({
                "id": ex_id, "title": title, "measure_id": measure_id,
                "children": [{k: r[k] for k in ("person_id", "record_id", "team", "worker", "due_date", "decided_by")}
                             for r in sorted(wanted, key=lambda r: (r["due_date"] or "", r["record_id"]))],
            })
        data = {"period_end": end.isoformat(), "lists": lists}
        cache.store(sid, f"exceptions-{end.isoformat()}", digest, data)
    if team is None:
        return data["lists"]
    return [{**e, "children": [c for c in e["children"] if c["team"] == team]} for e in data["lists"]]


# ---------------------------------------------------------------- data quality

def quality_error_records(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]] | None:
    """(table, record_id) pairs with an error-severity finding, from lineofsight.quality when installed."""
    try:
        from lineofsight.quality.selectors import error_records
    except ImportError:
        return None
    return error_records(con)


# ---------------------------------------------------------------- a snapshot, opened for the caller

class SnapshotMeasures:
    """The selectors bound to one snapshot (None = current), for callers that never write SQL.

        with SnapshotMeasures() as sm:
            rows = sm.scorecard(team="T01")
    """

    def __init__(self, snapshot_id: str | None = None) -> None:
        from lineofsight.warehouse.snapshots import open_snapshot, snapshot_authority

        self.con = open_snapshot(snapshot_id)
        self.authority = snapshot_authority(self.con)
        self.id = snapshot_id_of_or_raise(self.con)

    def __enter__(self) -> SnapshotMeasures:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def history(self) -> tuple[dt.date, dt.date]:
        return history(self.con)

    def measure_window(self, from_: dt.date, to: dt.date, measure_ids=None, by=None, error_records=None) -> list[dict]:
        return measure_window(self.con, self.authority, from_, to, measure_ids, by, error_records)

    def measure_series(self, measure_id: str, by=None, months=None, kind="rolling", to=None) -> list[dict]:
        return measure_series(self.con, self.authority, measure_id, by, months, kind, to)

    def measure_children(self, measure_id: str, period_end: dt.date, cell=None, by=None,
                         period_start=None) -> list[dict]:
        return measure_children(self.con, self.authority, measure_id, period_end, cell, by, period_start)

    def measure_spc(self, measure_id: str, period_end=None, team=None, points=SPC_POINTS, targets=None) -> dict | None:
        return measure_spc(self.con, self.authority, measure_id, period_end, team, points, targets)

    def scorecard(self, period_end=None, team=None, targets=None, measure_ids=None) -> list[dict]:
        return scorecard(self.con, self.authority, period_end, team, targets, measure_ids)

    def exceptions(self, period_end=None, team=None) -> list[dict]:
        return exceptions(self.con, self.authority, period_end, team)

    def describe(self, measure_id: str) -> dict:
        info = describe(measure_id, self.authority)
        info["neighbours"] = benchmarks.neighbour_figures(self.con).get(measure_id)
        return info


def snapshot_id_of_or_raise(con: duckdb.DuckDBPyConnection) -> str:
    sid = snapshot_id(con)
    if sid is None:
        raise MeasureError("not a snapshot: it has no _snapshot id")
    return sid


def warm(con: duckdb.DuckDBPyConnection, authority: Authority, by: Sequence[str | None] = (None, "team")) -> int:
    """Compute and cache every measure's series (total and per team) and the latest month's team-view
    exceptions, so that the first page view after a load is as fast as the rest. Returns the series count."""
    n = 0
    for m in MEASURES:
        for b in by:
            if b is None or b in m.breakdowns:
                measure_series(con, authority, m.id, by=b)
                n += 1
    exceptions(con, authority)
    return n
