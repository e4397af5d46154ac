"""SQL fragments the rules share, derived from the schema so that no column name is typed twice.

`record(table)` gives the standard leading columns of a finding (table_name, record_id, person_id,
event_date, team, worker) for a row of `table` aliased `t`; a rule adds its own `detail`.
"""

from __future__ import annotations

from lineofsight.schema import table as schema_table
from lineofsight.schema.tables import TEAM, WORKER

# Columns that name someone other than the responsible worker (an auditor, a supervising manager).
NOT_RESPONSIBLE = {"exta_auditor_id", "exts_manager_id"}

# Tables whose person is held in a column not declared as the table's person column.
PERSON_COLUMN_OVERRIDES = {"ssd_cla_reviews": "clar_cla_person_id"}

# Tables whose main date is not declared (no single event date) and what stands for it.
DATE_COLUMN_OVERRIDES = {"ssd_professionals": "prof_start_date", "ssd_permanence": "perm_adm_decision_date"}


def person_column(name: str) -> str | None:
    t = schema_table(name)
    return PERSON_COLUMN_OVERRIDES.get(name, t.person_column)


def date_column(name: str) -> str | None:
    t = schema_table(name)
    return t.main_date or DATE_COLUMN_OVERRIDES.get(name)


def team_column(name: str) -> str | None:
    """The column naming the team responsible for a row, if the table has one."""
    t = schema_table(name)
    if name == "ssd_professionals":
        return "prof_professional_department"
    return next((c.name for c in t.columns if c.references == TEAM), None)


def worker_column(name: str) -> str | None:
    """The column naming the worker responsible for a row, if the table has one."""
    t = schema_table(name)
    if name == "ssd_professionals":
        return "prof_professional_id"
    return next((c.name for c in t.columns if c.references == WORKER and c.name not in NOT_RESPONSIBLE), None)


def _or_null(alias: str, column: str | None, cast: str = "VARCHAR") -> str:
    return f"{alias}.{column}" if column else f"NULL::{cast}"


def record(name: str, alias: str = "t", event_date: str | None = None) -> str:
    """Standard leading columns of a finding about a row of `name` aliased `alias`."""
    t = schema_table(name)
    date_sql = event_date or _or_null(alias, date_column(name), "DATE")
    return (
        f"'{name}' AS table_name, {alias}.{t.primary_key} AS record_id, "
        f"{_or_null(alias, person_column(name))} AS person_id, {date_sql} AS event_date, "
        f"{_or_null(alias, team_column(name))} AS team, {_or_null(alias, worker_column(name))} AS worker"
    )


def quote(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def age(dob: str, on: str) -> str:
    """Whole years from `dob` to `on` (birthdays counted on the day)."""
    return f"date_sub('year', {dob}, {on})"


def wd(alias: str) -> str:
    """The working-day index of a date joined from ref_calendar as `alias`."""
    return f"{alias}.wd_index"


def open_on(start: str, end: str, day: str) -> str:
    """A period [start, end] (end empty = still open) includes `day`."""
    return f"({start} <= {day} AND ({end} IS NULL OR {end} >= {day}))"
