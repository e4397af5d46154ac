"""How a text value from a file is checked and typed, as SQL expressions derived from the schema.

The same expressions drive validation (which rows are wrong) and the typed snapshot (what is
stored), so a value that passes the check always converts. Rules, chosen for what councils'
case systems and Excel actually write:
- empty (or all-space) text is NULL; surrounding spaces are trimmed;
- dates: ISO YYYY-MM-DD or dd/mm/yyyy (both may appear in one file), years 1900 to 2099 (a year
  outside that is a typing slip, and it would stretch the working-day calendar for centuries);
- whole numbers: digits with an optional sign (no decimals, no thousands separators);
- numbers: decimal notation with an optional exponent (no NaN or infinity);
- flags: Y or N in either case, stored upper case;
- codes: exactly as in the code list (case matters: the DfE lists are case-sensitive).
"""

from __future__ import annotations

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.schema.model import Column

DATE_FORMATS = "['%Y-%m-%d', '%d/%m/%Y']"
DATE_MIN, DATE_MAX = "1900-01-01", "2099-12-31"
INT_PATTERN = r"[+-]?[0-9]+"
FLOAT_PATTERN = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parse_date_sql(v: str) -> str:
    return f"CAST(try_strptime({v}, {DATE_FORMATS}) AS DATE)"


def typed_sql(column: Column, v: str) -> str:
    """The stored value: `v` (trimmed text, NULL when empty) converted to the column's DuckDB type."""
    if column.type == "date":
        return parse_date_sql(v)
    if column.type == "int":
        return f"CAST({v} AS INTEGER)"
    if column.type == "float":
        return f"CAST({v} AS DOUBLE)"
    if column.type == "flag":
        return f"upper({v})"
    return v


def valid_sql(column: Column, v: str) -> str | None:
    """A boolean SQL expression, true when non-NULL `v` is acceptable; None when any text is."""
    if column.type == "date":
        return f"coalesce({parse_date_sql(v)} BETWEEN DATE '{DATE_MIN}' AND DATE '{DATE_MAX}', false)"
    if column.type == "int":
        return f"(regexp_full_match({v}, '{INT_PATTERN}') AND TRY_CAST({v} AS INTEGER) IS NOT NULL)"
    if column.type == "float":
        return f"regexp_full_match({v}, '{FLOAT_PATTERN}')"
    if column.type == "flag":
        return f"upper({v}) IN ('Y', 'N')"
    if column.codes:
        return f"{v} IN ({', '.join(quote_literal(c) for c in CODE_LISTS[column.codes])})"
    return None


def expected_text(column: Column) -> str:
    """What a person should put in the column, for the problem report."""
    if column.type == "date":
        return f"a date as YYYY-MM-DD or dd/mm/yyyy, between {DATE_MIN[:4]} and {DATE_MAX[:4]}"
    if column.type == "int":
        return "a whole number"
    if column.type == "float":
        return "a number (for example 2.5)"
    if column.type == "flag":
        return "Y or N"
    if column.codes:
        listed = list(CODE_LISTS[column.codes])
        shown = ", ".join(listed[:12]) + (", ..." if len(listed) > 12 else "")
        return f"a code from the {column.codes} list ({shown}; see docs/data-dictionary.md)"
    return "text"
