"""DuckDB DDL derived from the table declarations."""

from __future__ import annotations

from lineofsight.schema.model import Table
from lineofsight.schema.tables import TABLES


def create_table_sql(table: Table) -> str:
    cols = []
    for c in table.columns:
        null = " NOT NULL" if c.name in table.not_null else ""
        pk = " PRIMARY KEY" if c.name == table.primary_key else ""
        cols.append(f"    {c.name} {c.duckdb_type}{null}{pk}")
    return f"CREATE TABLE {table.name} (\n" + ",\n".join(cols) + "\n);"


def create_all_sql() -> str:
    return "\n\n".join(create_table_sql(t) for t in TABLES) + "\n"
