"""The data model, declared once: SSD tables, extensions, code lists and authority metadata."""

from lineofsight.schema.authority import Authority, load_authority, parse_authority
from lineofsight.schema.codes import CODE_LISTS, codes
from lineofsight.schema.ddl import create_all_sql, create_table_sql
from lineofsight.schema.model import Column, Table
from lineofsight.schema.tables import BY_NAME, TABLES, table

__all__ = [
    "Authority", "BY_NAME", "CODE_LISTS", "Column", "TABLES", "Table", "codes", "create_all_sql",
    "create_table_sql", "load_authority", "parse_authority", "table",
]
