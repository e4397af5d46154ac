"""`lineofsight schema`: the data model as DDL and as a data dictionary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lineofsight.schema import create_all_sql
from lineofsight.schema.dictionary import render_dictionary

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
