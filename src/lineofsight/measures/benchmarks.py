"""Benchmarks: the England figure shipped with the product, and statistical neighbours' figures.

reference/england_benchmarks.csv is copied from the project's shared reference folder with each
figure's period, basis and source kept exactly as published; update a row only from a published
source. Statistical neighbours: an authority may add their published figures to authority.toml:

    [neighbour_figures.cla_rate]
    value = 72.0                       # the neighbours' average (or median), as DfE's LAIT shows
    period = "31 March 2025"
    source = "DfE LAIT, statistical neighbour average"
    by_authority = { E08000025 = 70.1, E08000026 = 74.0 }   # optional, one figure per neighbour

The section is read from the snapshot's stored authority.toml when the loader keeps it.
"""

from __future__ import annotations

import csv
import tomllib
from functools import lru_cache
from importlib import resources

import duckdb


@lru_cache(maxsize=1)
def england_table() -> dict[str, dict]:
    """measure id -> {value, period, unit, basis, source} from the shipped reference table."""
    text = resources.files("lineofsight.measures").joinpath("reference/england_benchmarks.csv").read_text("utf-8")
    out = {}
    for row in csv.DictReader(text.splitlines()):
        out[row["measure_id"]] = {
            "value": float(row["value"]), "period": row["period"], "unit": row["unit"],
            "basis": row["basis"], "source": row["source"],
        }
    return out


def england(measure_id: str) -> dict | None:
    """The published England figure for a measure, with its period and source; None if none is published."""
    return england_table().get(measure_id)


def neighbour_figures_from_toml(text: str) -> dict[str, dict]:
    """The [neighbour_figures] section of an authority.toml (empty if absent or malformed)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
    section = data.get("neighbour_figures", {})
    out = {}
    for measure_id, fig in section.items():
        if isinstance(fig, dict) and isinstance(fig.get("value"), int | float):
            out[measure_id] = {
                "value": float(fig["value"]), "period": str(fig.get("period", "")),
                "source": str(fig.get("source", "authority.toml [neighbour_figures]")),
                "by_authority": {str(k): float(v) for k, v in dict(fig.get("by_authority", {})).items()},
            }
    return out


def neighbour_figures(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Statistical neighbours' figures stored with a snapshot (none for a plain connection)."""
    try:
        rows = con.execute("SELECT value FROM _snapshot WHERE key = 'authority_toml'").fetchall()
    except duckdb.CatalogException:
        return {}
    return neighbour_figures_from_toml(rows[0][0]) if rows else {}
