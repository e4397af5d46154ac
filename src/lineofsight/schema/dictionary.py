"""docs/data-dictionary.md, generated from the table declarations (a test keeps it current)."""

from __future__ import annotations

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.schema.d2i import SSD_VERSION
from lineofsight.schema.tables import TABLES


def render_dictionary() -> str:
    out = [
        "# Data dictionary",
        "",
        "Generated from `src/lineofsight/schema/tables.py` by `make docs`; do not edit by hand.",
        f"Tables and columns follow Data to Insight's Standard Safeguarding Dataset (SSD) {SSD_VERSION}: every table "
        "and column its deployment scripts write for SystemC, Mosaic or Eclipse is here or read through a declared "
        "alias, but for D2I's date dimension and one working table, kept as they come (see docs/ssd-compatibility.md).",
        "**Extension** marks what the SSD lacks and the product needs, with the reason.",
        "Required columns are only each table's id, person id and main date.",
        "",
    ]
    for t in TABLES:
        title = f"## `{t.name}`" + (" (extension)" if t.extension else "")
        out += [title, "", t.description]
        if t.why:
            out += ["", f"Why: {t.why}"]
        out += ["", f"Key: `{t.primary_key}`" + (f"; main date: `{t.main_date}`" if t.main_date else ""), ""]
        out += ["| column | type | required | codes | references | description |", "|---|---|---|---|---|---|"]
        for c in t.columns:
            desc = c.description + (f" **Extension:** {c.why}" if c.extension else "")
            out.append(
                f"| `{c.name}` | {c.type} | {'yes' if not c.nullable else ''} | {c.codes or ''} | "
                f"{c.references or ''} | {desc} |"
            )
        out.append("")
    out += ["# Code lists", ""]
    for name, codes in CODE_LISTS.items():
        out += [f"## {name}", "", "| code | meaning |", "|---|---|"]
        out += [f"| `{k}` | {v} |" for k, v in codes.items()]
        out.append("")
    return "\n".join(out)
