"""Evidence beside an area's impact rating: the latest value, RAG and trend of the measures it links to.

This is the ONE place the plan register touches the KPI catalogue, so it can be rewired without touching
anything else. When the measures package is installed and a warehouse snapshot is loaded, it reads the
scorecard rows of the linked measures from the current snapshot (`measures.selectors.SnapshotMeasures`);
otherwise every link says "no data yet". A source is a function `ids -> {id: {title, value, unit, rag,
trend, period_end, snapshot}}` leaving out ids it does not know.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

NO_DATA = "no data yet"
NOT_IN_CATALOGUE = "not in the measure catalogue"


@dataclass(frozen=True)
class Evidence:
    measure_id: str
    available: bool
    title: str = ""
    value: str = ""
    rag: str = ""
    trend: str = ""
    period_end: str = ""
    snapshot: str = ""
    note: str = NO_DATA


def _format_value(value: Any, unit: str) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        text = f"{value:,.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{value:,.0f}"
        return f"{text}%" if unit in ("percent", "%") else text
    return str(value)


def _trend(row: Mapping[str, Any]) -> str:
    """ "up (better)" from the scorecard's direction of travel against the previous month."""
    moved = row.get("vs_previous_month") or {}
    if not moved:
        return ""
    judgement = moved.get("judgement")
    return f"{moved.get('direction')} ({judgement})" if judgement and judgement != "same" else str(moved.get("direction"))


def from_current_snapshot(ids: list[str]) -> dict[str, dict[str, Any]]:
    """Latest value, RAG and trend of the linked measures that are in the catalogue, from the current snapshot."""
    from lineofsight.measures import selectors

    known = {m.id for m in selectors.catalogue()}
    wanted = [i for i in ids if i in known]
    if not wanted:
        return {}
    with selectors.SnapshotMeasures() as measures:
        rows = measures.scorecard(measure_ids=wanted)
        snapshot = measures.id
    return {
        r["id"]: {"title": r["title"], "value": r["value"], "unit": r["unit"], "rag": (r["rag"] or "").capitalize(),
                  "trend": _trend(r), "period_end": r["period_end"], "snapshot": snapshot}
        for r in rows
    }


CACHE_SECONDS = 300


def _cached(snapshot_id: str) -> Callable[[list[str]], Mapping[str, Mapping[str, Any]]]:
    """A snapshot never changes, so its figures are computed once and kept for a few minutes (levels such as
    thresholds may be changed by an analyst, so not for ever)."""
    from django.core.cache import cache

    def lookup(ids: list[str]) -> Mapping[str, Mapping[str, Any]]:
        key = f"plan-evidence:{snapshot_id}:{','.join(ids)}"
        found = cache.get(key)
        if found is None:
            found = from_current_snapshot(ids)
            cache.set(key, found, CACHE_SECONDS)
        return found

    return lookup


def _source() -> Callable[[list[str]], Mapping[str, Mapping[str, Any]]] | None:
    """The measures source, if the measures package is installed and a snapshot is loaded."""
    try:
        from lineofsight.measures import selectors  # noqa: F401
        from lineofsight.warehouse import snapshots
    except ImportError:
        return None
    snapshot_id = snapshots.current_id()
    return _cached(snapshot_id) if snapshot_id is not None else None


def evidence_for(
    measure_ids: Sequence[str],
    source: Callable[[list[str]], Mapping[str, Mapping[str, Any]]] | None = None,
) -> list[Evidence]:
    """One Evidence per linked measure, in the order given; never raises (evidence must not break a page)."""
    ids = list(measure_ids)
    fn = source or _source()
    if fn is None or not ids:
        return [Evidence(m, available=False) for m in ids]
    try:
        found = fn(ids)
    except Exception:  # a broken measure must not take the plan page down with it
        log.exception("evidence lookup failed")
        return [Evidence(m, available=False, note="could not be computed") for m in ids]
    out = []
    for m in ids:
        row = found.get(m)
        if row is None:
            out.append(Evidence(m, available=False, note=NOT_IN_CATALOGUE))
            continue
        out.append(Evidence(
            measure_id=m, available=row.get("value") is not None,
            title=str(row.get("title", "")), value=_format_value(row.get("value"), str(row.get("unit", ""))),
            rag=str(row.get("rag") or ""), trend=str(row.get("trend") or ""),
            period_end=str(row.get("period_end") or ""), snapshot=str(row.get("snapshot") or ""),
            note="" if row.get("value") is not None else NO_DATA,
        ))
    return out
