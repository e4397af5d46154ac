"""A working-day calendar table so that timescales are computed in SQL, not in Python loops.

Working days exclude Saturdays, Sundays and England and Wales bank holidays (the `holidays`
package, subdivision ENG). `wd_index` counts working days up to and including each date, so the
working days from A to B are `wd_index(B) - wd_index(A)`: the start date is day 0, and a Monday
referral authorised the next Monday took 5 working days.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import holidays

CALENDAR_TABLE = "ref_calendar"


def bank_holidays(first_year: int, last_year: int) -> list[dt.date]:
    """England and Wales bank holidays (the `holidays` package's GB/ENG calendar)."""
    return sorted(holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1)))


def create_calendar(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> None:
    """(Re)create ref_calendar(cal_date, is_working_day, is_bank_holiday, wd_index) for start..end."""
    con.execute(f"DROP TABLE IF EXISTS {CALENDAR_TABLE}")
    con.execute(
        f"""
        CREATE TABLE {CALENDAR_TABLE} AS
        WITH days AS (
            SELECT d::DATE AS cal_date FROM generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY) t(d)
        ), flagged AS (
            SELECT cal_date,
                   list_contains(?::DATE[], cal_date) AS is_bank_holiday,
                   isodow(cal_date) <= 5 AND NOT list_contains(?::DATE[], cal_date) AS is_working_day
            FROM days
        )
        SELECT cal_date, is_working_day, is_bank_holiday,
               CAST(SUM(CASE WHEN is_working_day THEN 1 ELSE 0 END) OVER (ORDER BY cal_date) AS INTEGER) AS wd_index
        FROM flagged ORDER BY cal_date
        """,
        [start, end, *[bank_holidays(start.year, end.year)] * 2],
    )

