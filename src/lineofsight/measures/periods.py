"""Windows and month ends: the `periods` relation every measure query joins to.

A monthly series is one query over many windows: for in_period measures the rolling 12 months ending
at each month end (the headline figure, comparable with DfE's year-ending figures) and each month on
its own (for SPC, since rolling sums are autocorrelated); for snapshot measures the state at each
month end, with the 12 months before it as the window where a definition looks back ("during the
year"). Windows are whole months: the rolling window ending 31 March 2025 starts 1 April 2024.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import duckdb

from lineofsight.schema.authority import Authority

Kind = Literal["window", "rolling", "month"]


@dataclass(frozen=True)
class Period:
    id: int
    kind: Kind
    start: dt.date
    end: dt.date


def month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` later (clipped to the month's end: 31 Jan + 1 month = 28/29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def first_of_month(d: dt.date) -> dt.date:
    return d.replace(day=1)


def rolling_start(end: dt.date, months: int = 12) -> dt.date:
    """First day of the `months`-month window ending at month end `end`."""
    return first_of_month(add_months(first_of_month(end), -(months - 1)))


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month end from the month of `first` to the month of `last`, inclusive."""
    out, d = [], month_end(first)
    while d <= month_end(last):
        out.append(d)
        d = month_end(add_months(first_of_month(d), 1))
    return out


def previous_month_end(d: dt.date) -> dt.date:
    return first_of_month(d) - dt.timedelta(days=1)


def series_periods(ends: list[dt.date], in_month: bool) -> list[Period]:
    """Rolling 12-month windows ending at each month end, plus each month alone when in_month."""
    periods = [Period(i, "rolling", rolling_start(e), e) for i, e in enumerate(ends)]
    if in_month:
        periods += [Period(len(ends) + i, "month", first_of_month(e), e) for i, e in enumerate(ends)]
    return periods


@lru_cache(maxsize=64)
def history_periods(first: dt.date, last: dt.date, in_month: bool) -> tuple[Period, ...]:
    """series_periods over every month end from `first` to `last`, computed once per history (each measure's
    cold series asked for the same 144 windows again)."""
    return tuple(series_periods(month_ends(first, last), in_month))


def population_year(end: dt.date) -> int:
    """The ONS mid-year estimate DfE would use for a window ending `end`: the year six months before.

    For the year to 31 March 2025 that is mid-2024, as in DfE's published rates per 10,000.
    """
    return (end - dt.timedelta(days=182)).year


def periods_params(periods: list[Period], authority: Authority) -> list:
    """Query parameters for PERIODS_SQL."""
    return [
        [p.id for p in periods], [p.start for p in periods], [p.end for p in periods],
        [authority.population_for(population_year(p.end)) for p in periods],
    ]


PERIODS_SQL = """periods AS (
    SELECT unnest(?::INTEGER[]) AS period_id, unnest(?::DATE[]) AS period_start,
           unnest(?::DATE[]) AS period_end, unnest(?::BIGINT[]) AS population
)"""


# Days of front-door activity: contacts when the extract has them (their dates bound the extract),
# otherwise referrals.
DAYS = """WITH front_door AS (
            SELECT cont_contact_date AS d FROM ssd_contacts
            UNION ALL SELECT cine_referral_date FROM ssd_cin_episodes WHERE NOT EXISTS (SELECT 1 FROM ssd_contacts)
        ), days AS (SELECT d, count(*) AS n FROM front_door GROUP BY d)"""


def history_end(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The latest month end the data covers.

    The last day with a normal day's contacts or referrals (at least a fifth of a busy day, the
    90th percentile, so that a few mistyped future dates do not count), and then the latest month
    end no more than 7 days after it, so that data running to Friday 30 May still reports May.
    """
    row = con.execute(
        f"""{DAYS}
        SELECT max(d) FROM days WHERE n >= 0.2 * (SELECT quantile_cont(n, 0.9) FROM days)
        """
    ).fetchone()
    last = row[0] if row else None
    if last is None:
        return None
    end = month_end(last)
    return end if end <= last + dt.timedelta(days=7) else previous_month_end(end)


def history_start(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The first day of the first month with a normal day's contacts or referrals (as history_end):
    an extract's older referrals, kept for children still known, do not start the series."""
    row = con.execute(
        f"""{DAYS}
        SELECT min(d) FROM days WHERE n >= 0.2 * (SELECT quantile_cont(n, 0.9) FROM days)
        """
    ).fetchone()
    first = row[0] if row else None
    return first_of_month(first) if first else None
