"""Tiny hand-made authorities for rule tests: an in-memory DuckDB with the schema and a calendar.

`Db.add(table, **values)` inserts one row; required columns (the key, the person, the main date)
get defaults so that a test names only the values the rule looks at.
"""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb

from lineofsight.quality import engine
from lineofsight.quality.rules import BY_ID
from lineofsight.schema import create_all_sql, table
from lineofsight.warehouse.calendar import create_calendar

AS_AT = dt.date(2024, 3, 28)
"""Reference date for rule tests: Thursday 28 March 2024 (Good Friday is 29 March)."""

_ids = itertools.count(1)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Db:
    def __init__(self) -> None:
        self.con = duckdb.connect()
        self.con.execute(create_all_sql())
        create_calendar(self.con, dt.date(2000, 1, 1), dt.date(2030, 12, 31))

    def add(self, name: str, **values: object) -> str:
        """Insert a row into `name` and return its key."""
        t = table(name)
        row = dict(values)
        row.setdefault(t.primary_key, f"{name.split('_', 1)[1][:4].upper()}{next(_ids)}")
        if t.person_column:
            row.setdefault(t.person_column, "P1")
        if t.main_date:
            row.setdefault(t.main_date, dt.date(2024, 1, 8))
        for col in row:
            t.column(col)  # a typo in a test is an error, not a silently ignored value
        cols = list(row)
        self.con.execute(
            f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [row[c] for c in cols],
        )
        return str(row[t.primary_key])

    def person(self, pid: str = "P1", dob: str | None = "2015-06-01", **values: object) -> str:
        return self.add("ssd_person", pers_person_id=pid, pers_dob=d(dob) if dob else None, **values)

    def run(self, rule_id: str, as_at: dt.date = AS_AT) -> list[dict]:
        """Findings of one rule, as dicts."""
        return engine.to_dicts(engine.run(self.con, as_at, [BY_ID[rule_id]]))

    def flagged(self, rule_id: str, as_at: dt.date = AS_AT) -> set[tuple[str, str]]:
        """(table, record_id) pairs the rule flags."""
        return {(f["table_name"], f["record_id"]) for f in self.run(rule_id, as_at)}


Case = tuple[set[tuple[str, str]], set[tuple[str, str]]]
"""(records the rule must flag, records it must pass), each as (table, record_id)."""

CASES: dict[str, list] = {}


def case(rule_id: str):
    """Register a function(db) -> Case for a rule; every rule needs at least one."""

    def register(fn):
        CASES.setdefault(rule_id, []).append(fn)
        return fn

    return register
