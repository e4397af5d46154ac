"""Evidence beside an area's impact rating: the latest value, RAG and trend of the measures it links to.

This is the ONE place the plan register touches the KPI catalogue, so it can be wired (or rewired) without
touching anything else. It asks `lineofsight.measures.selectors.latest_evidence(measure_ids)` when the
measures package is installed and a warehouse snapshot is loaded; otherwise every link says "no data yet".

Expected from the measures package: `latest_evidence(ids: list[str]) -> dict[str, Mapping]` whose values
carry any of: title, value (float), unit, rag ("Green", "Amber", "Red"), trend ("up", "down", "same"),
period_end (date or ISO string), snapshot (id). Ids it does not know are left out of the result.
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


def _source() -> Callable[[list[str]], Mapping[str, Mapping[str, Any]]] | None:
    """The measures package's evidence function, if it is installed and a snapshot is loaded."""
    try:
        from lineofsight.measures import selectors
        from lineofsight.warehouse import snapshots
    except ImportError:
        return None
    fn = getattr(selectors, "latest_evidence", None)
    if fn is None or snapshots.current_id() is None:
        return None
    return fn


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
