"""How a text value from a file is checked and typed, as SQL expressions derived from the schema.

The same expressions drive validation (which rows are wrong) and the typed snapshot (what is
stored), so a value that passes the check always converts. Rules, chosen for what councils'
case systems and Excel actually write:
- empty (or all-space) text is NULL; surrounding spaces are trimmed; so are the placeholders that
  export tools and Data to Insight's SSD scripts write for "no value" (the text NULL, SSD_PH,
  zz/zz/zzzz, and 1900-01-01 with or without a time): see PLACEHOLDERS;
- dates: ISO YYYY-MM-DD or dd/mm/yyyy (both may appear in one file), also with a time of day as SQL
  Server (`2024-05-01 00:00:00.000`) and PostgreSQL (`2024-05-01 00:00:00`) export them (the time is
  dropped: every measure counts days), years 1900 to 2099 (a year outside that is a typing slip, and
  it would stretch the working-day calendar for centuries);
- whole numbers: digits with an optional sign (no decimals, no thousands separators);
- numbers: decimal notation with an optional exponent (no NaN or infinity);
- flags: Y or N in either case, stored upper case;
- codes: exactly as in the code list (case matters: the DfE lists are case-sensitive).
"""

from __future__ import annotations

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.schema.model import Column

DATE_FORMATS = "['%Y-%m-%d', '%d/%m/%Y']"
TIME_OF_DAY = r"[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,7})?)?"
PLACEHOLDERS = ("NULL", "SSD_PH", "ZZ/ZZ/ZZZZ")
"""Texts that mean "no value" (compared upper case): an export tool's NULL, and Data to Insight's
placeholders for a value the case system does not hold (SSD v1.4.5 deployment scripts)."""
COUNTED_PLACEHOLDERS = tuple(p for p in PLACEHOLDERS if p != "NULL")
"""The placeholders counted in the load report: NULL is how SQL Server's export writes an empty cell."""
PLACEHOLDER_DATE = "1900-01-01"
DATE_MIN, DATE_MAX = "1900-01-01", "2099-12-31"
INT_PATTERN = r"[+-]?[0-9]+"
FLOAT_PATTERN = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def clean_sql(raw: str) -> str:
    """The value as loaded: trimmed, NULL when empty or a placeholder (see PLACEHOLDERS). The date pattern
    is only tried on values starting with the placeholder date (CASE tests a branch only on the rows that
    reach it): a regex over every value of every column was a tenth of a load."""
    t = f"trim({raw})"
    return (f"CASE WHEN upper({t}) IN ({', '.join(quote_literal(p) for p in PLACEHOLDERS)}) THEN NULL "
            f"WHEN starts_with({t}, '{PLACEHOLDER_DATE}') AND {_placeholder_date(t)} THEN NULL ELSE NULLIF({t}, '') END")


def _placeholder_date(t: str) -> str:
    return f"regexp_full_match({t}, '{PLACEHOLDER_DATE}({TIME_OF_DAY})?')"


def is_placeholder_sql(raw: str) -> str:
    """True where a non-empty value was read as empty because it is a placeholder. The text NULL is not
    counted: it is how SQL Server's export writes an empty cell, so it says nothing about the data."""
    t, texts = f"trim({raw})", COUNTED_PLACEHOLDERS
    return (f"CASE WHEN starts_with({t}, '{PLACEHOLDER_DATE}') THEN {_placeholder_date(t)} "
            f"WHEN length({t}) IN ({', '.join(str(len(p)) for p in texts)}) "
            f"THEN upper({t}) IN ({', '.join(quote_literal(p) for p in texts)}) ELSE false END")


def parse_date_sql(v: str) -> str:
    """`v` as a DATE (NULL when it is not one). A time of day is cut off first, only from values longer than a
    date: the pattern cannot match ten characters or fewer, and most values are plain dates."""
    day = (f"CASE WHEN length({v}) > 10 THEN regexp_replace({v}, '^([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|"
           f"[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}){TIME_OF_DAY}$', '\\1') ELSE {v} END")
    return f"CAST(try_strptime({day}, {DATE_FORMATS}) AS DATE)"


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


def refuses(column: Column) -> bool:
    """Whether a value that fails `valid_sql` makes the file unreadable (dates and numbers: nothing can
    be computed from them) rather than a finding to report (codes and flags outside their lists are
    loaded as written, and the data-quality rules point at the record)."""
    return column.type in ("date", "int", "float")


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
