"""Whether the extract holds what a measure needs, so a measure never shows 0 for data never sent.

A council's extract may lack our extension columns (contacts recorded late needs
`cont_contact_recorded_date`, which Data to Insight's SSD does not define) or whole tables. The loader
records in the snapshot what was absent (`absent`: {table: [columns]}, a whole table listing every
column). A measure needs the table its records come from and the columns it declares in `needs` (team
and worker columns are not among them: the allocation stands in for them); if any is absent, every
surface shows "not available in this extract: needs ..." instead of a figure.
"""

from __future__ import annotations

import json

import duckdb

from lineofsight.measures.model import Measure
from lineofsight.schema.tables import TABLES
from lineofsight.warehouse.snapshots import snapshot_meta


def absent(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """{table: absent columns} of the snapshot (empty for snapshots loaded before this was recorded)."""
    try:
        raw = snapshot_meta(con).get("absent")
    except duckdb.CatalogException:  # a bare connection (tests, scripts) with tables but no snapshot record
        return {}
    return {t: set(cols) for t, cols in json.loads(raw).items()} if raw else {}


def missing_inputs(m: Measure, gone: dict[str, set[str]]) -> list[str]:
    """What the measure needs that the extract did not hold: its records' table, or a column it declares."""
    table = next(t for t in TABLES if t.name == m.table)
    out = [m.table] if gone.get(m.table, set()) >= set(table.column_names) else []
    out += [need for need in m.needs if need.split(".")[1] in gone.get(need.split(".")[0], set())]
    return out


def unavailable_text(missing: list[str]) -> str | None:
    return f"not available in this extract: needs {', '.join(missing)}" if missing else None
