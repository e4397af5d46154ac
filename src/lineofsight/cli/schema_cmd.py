"""`lineofsight schema`: the data model as DDL, as a data dictionary, and against D2I's SSD per case system."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from lineofsight.measures.selectors import catalogue
from lineofsight.schema import TABLES, create_all_sql
from lineofsight.schema.compatibility import render_compatibility
from lineofsight.schema.dictionary import render_dictionary
from lineofsight.warehouse.derived import DERIVED

app = typer.Typer(help="The SSD data model: DDL and data dictionary.", no_args_is_help=True)


@app.command()
def dictionary(out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None) -> None:
    """Print (or write) the data dictionary generated from the schema."""
    text = render_dictionary()
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


@app.command()
def ddl() -> None:
    """Print the DuckDB CREATE TABLE statements for every table."""
    typer.echo(create_all_sql())


def measure_feeds() -> dict[tuple[str, str], list[str]]:
    """(table, column) -> ids of the measures whose SQL reads the column or which declare it in `needs`.

    Column names carry their table's prefix (cine_, clae_ ...), so a whole-word match in the SQL is exact.
    A measure reading a table derived at load (derived_last_cin_visit, say) reads the columns that
    table is built from, so the derived tables' SQL is searched with the measure's."""
    found: dict[tuple[str, str], list[str]] = {}
    for m in catalogue():
        sql = _with_derived(m.sql)
        for t in TABLES:
            for c in t.column_names:
                if f"{t.name}.{c}" in m.needs or re.search(rf"\b{c}\b", sql):
                    found.setdefault((t.name, c), []).append(m.id)
    return found


def _with_derived(sql: str) -> str:
    """The SQL with the SQL of every derived table it reads, and of those they read, appended."""
    used: set[str] = set()
    while new := [n for n in DERIVED if n not in used and re.search(rf"\b{n}\b", sql)]:
        used.update(new)
        sql += "\n".join(DERIVED[n] for n in new)
    return sql


@app.command()
def compatibility(out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None) -> None:
    """Print (or write) docs/ssd-compatibility.md: D2I's SSD columns per case system, how each is read, what it feeds."""
    text = render_compatibility(measure_feeds())
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)
