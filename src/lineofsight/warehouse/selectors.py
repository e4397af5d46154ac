"""Read-only questions about the warehouse for the web app (no child-level data in the answers)."""

from __future__ import annotations

from lineofsight.schema.tables import TABLES
from lineofsight.warehouse.snapshots import current_id, open_snapshot, row_counts, snapshot_meta


def current_snapshot_summary() -> dict | None:
    """{id, loaded_at, source, tables: [(name, rows)]} for the current snapshot; None before the first load."""
    if current_id() is None:
        return None
    with open_snapshot() as con:
        meta = snapshot_meta(con)
    rows = row_counts(meta)
    return {
        "id": meta["id"],
        "loaded_at": meta["loaded_at"],
        "source": meta["source"],
        "tables": [(t.name, rows.get(t.name, 0)) for t in TABLES],
    }
