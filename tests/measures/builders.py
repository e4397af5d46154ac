"""Tiny hand-made authorities for measure tests: an in-memory DuckDB with the schema and a calendar.

Each helper inserts one row with only the columns a measure reads; ids default to a counter. The
calendar covers 2015-2030 with England and Wales bank holidays (the `holidays` package).
Figures are read back through the public selectors, exactly as the web app and CLI read them.
"""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb

from lineofsight.measures import selectors
from lineofsight.schema import create_all_sql, table
from lineofsight.schema.authority import Authority
from lineofsight.warehouse.calendar import create_calendar

AUTHORITY = Authority(la_code="E09000999", la_name="Testshire", region="London",
                      population={2023: 10_000, 2024: 20_000})


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Db:
    def __init__(self, authority: Authority = AUTHORITY) -> None:
        self.con = duckdb.connect()
        self.con.execute(create_all_sql())
        create_calendar(self.con, dt.date(2015, 1, 1), dt.date(2030, 12, 31))
        self.authority = authority
        self._ids = itertools.count(1)

    def add(self, name: str, **values: object) -> str:
        """Insert a row into `name` (dates as 'YYYY-MM-DD' text) and return its key."""
        t = table(name)
        row = dict(values)
        row.setdefault(t.primary_key, f"{name.split('_', 1)[1][:4].upper()}{next(self._ids)}")
        for col in row:
            t.column(col)  # a typo in a test is an error, not a silently ignored value
        cols = list(row)
        self.con.execute(
            f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [row[c] for c in cols],
        )
        return str(row[t.primary_key])

    # ------------------------------------------------------------------ people
    def person(self, pid: str, dob: str = "2015-06-15", sex: str = "F", ethnicity: str = "WBRI") -> str:
        return self.add("ssd_person", pers_person_id=pid, pers_dob=dob, pers_sex=sex, pers_ethnicity=ethnicity)

    # ------------------------------------------------------------------ figures
    def window(self, measure_id: str, from_: str, to: str, by: str | None = None) -> dict:
        return selectors.measure_window(self.con, self.authority, d(from_), d(to), [measure_id], by)[0]

    def figure(self, measure_id: str, from_: str, to: str) -> tuple:
        """(numerator, denominator, value) for one window."""
        w = self.window(measure_id, from_, to)
        return w["numerator"], w["denominator"], w["value"]

    def flags(self, measure_id: str, to: str, from_: str | None = None) -> dict[str, bool]:
        """record_id -> in the numerator, for the records behind a figure."""
        rows = selectors.measure_children(self.con, self.authority, measure_id, d(to),
                                          period_start=d(from_) if from_ else None)
        return {r["record_id"]: r["in_numerator"] for r in rows}

    def children(self, measure_id: str, to: str, from_: str | None = None, **kw) -> list[dict]:
        return selectors.measure_children(self.con, self.authority, measure_id, d(to),
                                          period_start=d(from_) if from_ else None, **kw)
