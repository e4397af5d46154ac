"""What the pages read: figures from the current snapshot through the measures and quality selectors.

Views never touch DuckDB. This module opens each snapshot once per process (a read-only connection
shared by every request, each request working on its own cursor) and keeps computed answers in a
bounded in-process memo keyed by snapshot, question and the levels and standards in force. A snapshot
never changes, so a memoised answer never goes stale; the measures package's own per-snapshot file
cache sits underneath, so a restarted server is fast too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import duckdb

from lineofsight.measures import selectors as measures
from lineofsight.measures.catalogue import AREAS, BY_ID
from lineofsight.measures.engine import MeasureError
from lineofsight.measures.periods import month_end, month_ends
from lineofsight.quality import selectors as quality
from lineofsight.reports.published import Published
from lineofsight.reports.published import published as published_figures
from lineofsight.schema.authority import Authority
from lineofsight.warehouse import snapshots as warehouse

T = TypeVar("T")
MEMO_SIZE = 2048
CHILD_MEMO_SIZE = 24  # child-level lists can be long: keep only a few
FILTER_MONTHS = 24
BREAKDOWNS = ("team", "worker", "age", "sex", "ethnicity", "disability", "uasc")

_lock = threading.Lock()
_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_memo: OrderedDict[tuple, Any] = OrderedDict()
_child_memo: OrderedDict[tuple, Any] = OrderedDict()


class NoSnapshotError(LookupError):
    """Nothing has been loaded yet: pages say so instead of failing."""


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """The snapshot a page reads, with what every page prints about it."""

    id: str
    path: str
    loaded_at: str
    source: str
    start: dt.date  # first day the data covers
    as_at: dt.date  # last complete month end: the default period of every figure
    authority: Authority  # with this installation's local standards applied
    rows: dict[str, int]

    @property
    def key(self) -> tuple:
        """What memoised answers depend on: the snapshot file and the local standards in force."""
        return (self.path, tuple(sorted(self.authority.standards.items())))

    @property
    def months(self) -> list[dt.date]:
        """Month ends a page may be filtered to, newest first."""
        return list(reversed(month_ends(self.start, self.as_at)))[:FILTER_MONTHS]


def _memoised(key: tuple, compute: Callable[[], T], child_level: bool = False) -> T:
    memo, size = (_child_memo, CHILD_MEMO_SIZE) if child_level else (_memo, MEMO_SIZE)
    with _lock:
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
    value = compute()
    with _lock:
        memo[key] = value
        while len(memo) > size:
            memo.popitem(last=False)
    return value


def _connection(path: str) -> duckdb.DuckDBPyConnection:
    with _lock:
        con = _connections.get(path)
        if con is None:
            con = duckdb.connect(path, read_only=True)
            _connections[path] = con
        return con


@contextmanager
def cursor(snap: Snapshot) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the snapshot's shared connection, for one request's thread."""
    cur = _connection(snap.path).cursor()
    try:
        yield cur
    finally:
        cur.close()


def forget() -> None:
    """Drop every memoised answer and open connection (after a load, and between tests)."""
    with _lock:
        _memo.clear()
        _child_memo.clear()
        for con in _connections.values():
            con.close()
        _connections.clear()


# ---------------------------------------------------------------- levels and standards (app database)

def levels() -> dict[str, dict[str, float]]:
    """Thresholds and targets set for this council: {measure_id: {"threshold": x, "target": y}}."""
    from lineofsight.web.dashboard.models import MeasureLevel

    out: dict[str, dict[str, float]] = {}
    for row in MeasureLevel.objects.all():
        own = {k: getattr(row, k) for k in ("threshold", "target") if getattr(row, k) is not None}
        if own:
            out[row.measure_id] = own
    return out


def standard_overrides() -> dict[str, int]:
    from lineofsight.web.dashboard.models import LocalStandard

    return dict(LocalStandard.objects.values_list("key", "value"))


def _levels_key(targets: dict) -> tuple:
    return tuple(sorted((m, tuple(sorted(v.items()))) for m, v in targets.items()))


# ---------------------------------------------------------------- the snapshot

def current() -> Snapshot:
    """The current snapshot (NoSnapshotError before the first load), with local standards applied."""
    sid = warehouse.current_id()
    if sid is None:
        raise NoSnapshotError("no snapshot has been loaded yet")
    return snapshot(sid)


def snapshot(snapshot_id: str) -> Snapshot:
    path = str(warehouse.snapshot_path(snapshot_id))
    overrides = standard_overrides()

    def build() -> Snapshot:
        con = _connection(path).cursor()
        try:
            meta = warehouse.snapshot_meta(con)
            try:
                warehouse.check_ssd_version(meta)
            except warehouse.SnapshotError as exc:
                raise NoSnapshotError(str(exc)) from exc
            authority = warehouse.snapshot_authority(con)
            start, end = measures.history(con)
        finally:
            con.close()
        return Snapshot(
            id=meta["id"], path=path, loaded_at=meta.get("loaded_at", ""), source=meta.get("source", ""),
            start=start, as_at=end, rows=warehouse.row_counts(meta),
            authority=dataclasses.replace(authority, standards={**authority.standards, **overrides}),
        )

    return _memoised(("snapshot", path, tuple(sorted(overrides.items()))), build)


def period_end(snap: Snapshot, text: str | None) -> dt.date:
    """The month end a page shows: the one asked for if the data covers it, else the latest."""
    if text:
        try:
            day = month_end(dt.date.fromisoformat(text))
        except ValueError:
            return snap.as_at
        if snap.start <= day <= snap.as_at:
            return day
    return snap.as_at


def teams(snap: Snapshot) -> list[tuple[str, str]]:
    """(team id, team name) of every team in the snapshot, by name."""

    def compute() -> list[tuple[str, str]]:
        with cursor(snap) as con:
            rows = con.execute(
                "SELECT dept_team_id, coalesce(dept_team_name, dept_team_id) FROM ssd_department "
                "WHERE dept_team_id IS NOT NULL ORDER BY 2, 1").fetchall()
        return [(str(t), str(n)) for t, n in rows]

    return _memoised(("teams", snap.path), compute)


def team_names(snap: Snapshot) -> dict[str, str]:
    return dict(teams(snap))


# ---------------------------------------------------------------- measures

def areas() -> tuple[str, ...]:
    return AREAS


def measure_exists(measure_id: str) -> bool:
    return measure_id in BY_ID


def scorecard(snap: Snapshot, end: dt.date, team: str | None, targets: dict) -> list[dict]:
    """Every measure's scorecard row (see measures.selectors.scorecard), memoised."""

    def compute() -> list[dict]:
        with cursor(snap) as con:
            return measures.scorecard(con, snap.authority, end, team, targets)

    return _memoised(("scorecard", snap.key, end, team,
                      _levels_key(targets)), compute)


def series(snap: Snapshot, measure_id: str, end: dt.date, team: str | None = None,
           months: int = FILTER_MONTHS) -> list[dict]:
    """The rolling monthly series (the scorecard's figure) up to `end`, for the total or one team."""

    def compute() -> list[dict]:
        with cursor(snap) as con:
            points = measures.measure_series(con, snap.authority, measure_id, by="team" if team else None,
                                             to=end, months=months)
        if team is None:
            return points
        out = []
        for p in points:
            cell = next((c for c in p.get("cells", []) if c["key"] == team), None)
            out.append({k: p[k] for k in ("period_start", "period_end", "partial")}
                       | {k: (cell or {}).get(k) for k in ("numerator", "denominator", "value")})
        return out

    return _memoised(("series", snap.key, measure_id, end, team, months), compute)


def month_series(snap: Snapshot, measure_id: str, end: dt.date, team: str | None = None,
                 months: int = measures.SPC_POINTS) -> list[dict]:
    """In-month figures (what the SPC chart plots) with numerators and denominators, for suppression."""

    def compute() -> list[dict]:
        with cursor(snap) as con:
            points = measures.measure_series(con, snap.authority, measure_id, by="team" if team else None,
                                             kind="month", to=end)
        out = []
        for p in points:
            fig = next((c for c in p.get("cells", []) if c["key"] == team), {}) if team else p
            if p["partial"] or fig.get("value") is None:
                continue
            out.append({"period_end": p["period_end"]} | {k: fig.get(k) for k in ("numerator", "denominator", "value")})
        return out[-months:]

    return _memoised(("month_series", snap.key, measure_id, end, team, months), compute)


def spc(snap: Snapshot, measure_id: str, end: dt.date, team: str | None, targets: dict) -> dict | None:
    def compute() -> dict | None:
        with cursor(snap) as con:
            return measures.measure_spc(con, snap.authority, measure_id, end, team, targets=targets)

    return _memoised(("spc", snap.key, measure_id, end, team,
                      _levels_key(targets)), compute)


def describe(snap: Snapshot, measure_id: str) -> dict:
    def compute() -> dict:
        info = measures.describe(measure_id, snap.authority)
        with cursor(snap) as con:
            from lineofsight.measures import benchmarks

            info["neighbours"] = benchmarks.neighbour_figures(con).get(measure_id)
        return info

    return _memoised(("describe", snap.key, measure_id), compute)


def published(snap: Snapshot, measure_id: str, end: dt.date) -> Published:
    """Everything a reader shown "c" may see of the measure for the period ending `end`, suppressed
    together (lineofsight.reports.published): every surface asks this, whatever its filter."""

    def compute() -> Published:
        with cursor(snap) as con:
            return published_figures(con, snap.authority, measure_id, end)

    return _memoised(("published", snap.key, measure_id, end), compute)


def breakdowns(snap: Snapshot, measure_id: str, end: dt.date) -> dict:
    """The 12-month window ending `end` in total and broken down by every dimension the measure has,
    with how many of its records carry an error-severity data-quality finding."""

    def compute() -> dict:
        m = BY_ID[measure_id]
        dims = [d for d in BREAKDOWNS if d in m.breakdowns]
        with cursor(snap) as con:
            errors = measures.quality_error_records(con)
            row = measures.measure_window(con, snap.authority, measures.window_start(end), end, [measure_id],
                                          by=dims or None, error_records=errors)[0]
        by_dim: dict[str, list[dict]] = {d: [] for d in dims}
        for cell in row.get("cells", []):
            by_dim[cell["dimension"]].append(cell)
        return {"total": {k: row[k] for k in ("numerator", "denominator", "value")}, "cells": by_dim,
                "records_with_errors": row.get("records_with_errors"), "unavailable": row.get("unavailable")}

    return _memoised(("breakdowns", snap.key, measure_id, end), compute)


def children(snap: Snapshot, measure_id: str, end: dt.date, cell: str | None = None) -> list[dict]:
    """The records behind a figure (ids only; callers audit the view and apply policy.visible_children)."""

    def compute() -> list[dict]:
        with cursor(snap) as con:
            return measures.measure_children(con, snap.authority, measure_id, end, cell=cell)

    return _memoised(("children", snap.key, measure_id, end, cell), compute, child_level=True)


def exceptions(snap: Snapshot, end: dt.date, team: str | None) -> list[dict]:
    """The team view's lists (children not seen, overdue reviews, ...), for one team or all."""

    def compute() -> list[dict]:
        with cursor(snap) as con:
            return measures.exceptions(con, snap.authority, end, team)

    return _memoised(("exceptions", snap.key, end, team), compute, child_level=True)


def measures_for_rule(rule_id: str) -> list[dict]:
    """The measures that list a data-quality rule as able to distort them: {id, title}."""
    return [{"id": m.id, "title": m.title} for m in BY_ID.values() if rule_id in m.quality_rules]


def measure_sources() -> list[dict]:
    """Which table each measure's records come from, for the snapshots page: {id, title, area, table, source}."""
    return [{"id": m.id, "title": m.title, "area": m.area, "table": m.table, "source": m.source}
            for m in BY_ID.values()]


# ---------------------------------------------------------------- data quality

def quality_rules() -> dict[str, dict]:
    return {r.id: r.as_dict() for r in quality.rules()}


def quality_teams(snap: Snapshot) -> list[dict]:
    def compute() -> list[dict]:
        with cursor(snap) as con:
            return quality.team_summary(con)

    return _memoised(("quality_teams", snap.path), compute)


def quality_by_rule(snap: Snapshot, team: str | None = None) -> list[dict]:
    def compute() -> list[dict]:
        with cursor(snap) as con:
            return quality.summary_by_rule(con, team)

    return _memoised(("quality_by_rule", snap.path, team), compute)


def quality_as_at(snap: Snapshot) -> dt.date:
    def compute() -> dt.date:
        with cursor(snap) as con:
            return quality.as_at(con)

    return _memoised(("quality_as_at", snap.path), compute)


def quality_trend() -> list[dict]:
    """Per snapshot and team, oldest first; memoised on the set of snapshots present."""
    ids = tuple(s.id for s in warehouse.list_snapshots())
    return _memoised(("quality_trend", str(warehouse.snapshots_dir()), ids), lambda: quality.trend(ids))


def quality_findings(snap: Snapshot, rule_id: str, team: str | None = None) -> list[dict]:
    """The records breaking one rule (child-level: callers audit and apply the team rule)."""

    def compute() -> list[dict]:
        with cursor(snap) as con:
            return quality.findings(con, team=team, rule_id=rule_id)

    return _memoised(("quality_findings", snap.path, rule_id, team), compute, child_level=True)


# ---------------------------------------------------------------- snapshots

def all_snapshots() -> list[warehouse.SnapshotInfo]:
    """Every snapshot, newest first."""
    return list(reversed(warehouse.list_snapshots()))


def warm(snap: Snapshot, targets: dict | None = None) -> None:
    """Compute the default scorecard (and, underneath, every series) so the first visitor waits for nothing."""
    with cursor(snap) as con:
        measures.warm(con, snap.authority)
    scorecard(snap, snap.as_at, None, targets or {})
    for measure_id in BY_ID:  # what a councillor's scorecard reads (3.4 s on medium, then memoised)
        published(snap, measure_id, snap.as_at)
    quality_teams(snap)


__all__ = ["MeasureError", "NoSnapshotError", "Snapshot"]
