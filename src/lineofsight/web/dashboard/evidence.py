"""Evidence for the improvement plan: each linked measure's latest figure, RAG and trend, as the reader may see it.

The plan register asks `plan.evidence.evidence_for(ids, source=...)`; this module supplies the source,
reading the scorecard of the current snapshot (memoised) and suppressing small numbers for readers
who must not see them, exactly as the scorecard does for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lineofsight.web import policy
from lineofsight.web.dashboard import present, selectors

Source = Callable[[list[str]], Mapping[str, Mapping[str, Any]]]


def latest_evidence(ids: list[str], suppress: bool) -> dict[str, dict]:
    """{measure_id: {title, value, unit, rag, trend, period_end, snapshot}} for the ids in the catalogue."""
    snap = selectors.current()
    rows = {r["id"]: r for r in selectors.scorecard(snap, snap.as_at, None, selectors.levels())}
    out = {}
    for measure_id in ids:
        row = rows.get(measure_id)
        if row is None:
            continue
        pub = selectors.published(snap, measure_id, snap.as_at) if suppress else None
        shown = present.scorecard_row(row, pub)
        value = present.C if shown["suppressed"] else row["value"]
        trend = shown["vs_previous_month"]
        out[measure_id] = {
            "title": row["title"], "value": value, "unit": row["unit"],
            "rag": shown["rag"]["word"] if shown["rag"]["key"] != "none" else "",
            "trend": f"{trend['arrow']} {trend['text']}" if trend else "",
            "period_end": row["period_end"], "snapshot": snap.id,
        }
    return out


def source_for(user: Any) -> Source | None:
    """The evidence source for this reader, or None before any data is loaded (links then say "no data yet")."""
    try:
        selectors.current()
    except selectors.NoSnapshotError:
        return None
    suppress = policy.suppressed(user)
    return lambda ids: latest_evidence(ids, suppress)
