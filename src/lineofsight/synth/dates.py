"""Dates as int32 day numbers (days since 1970-01-01) so that every step of the simulation is vectorised.

`NODATE` (the largest int32) stands for "not happened yet / open": it compares after every real
date, so `np.minimum` and `> end` tests need no special cases, and the writer turns it into an empty
field. Working days follow the warehouse calendar's convention (lineofsight.warehouse.calendar):
the working days from A to B are wd_index(B) - wd_index(A), weekends and England bank holidays off.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from lineofsight.warehouse.calendar import bank_holidays

NODATE = np.int32(np.iinfo(np.int32).max)
EPOCH = dt.date(1970, 1, 1)

# Relative volume of new contacts by weekday (Mon..Sun): the front door is quiet at weekends.
WEEKDAY_WEIGHT = np.array([1.12, 1.05, 1.02, 1.0, 0.93, 0.22, 0.16])
BANK_HOLIDAY_WEIGHT = 0.2


def day(d: dt.date) -> int:
    return (d - EPOCH).days


def to_date(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


def add_years(days: np.ndarray, years: int | np.ndarray) -> np.ndarray:
    """The same calendar day `years` later; 29 February becomes 28 February, as DuckDB's
    `date + INTERVAL n YEAR` does, so a birthday here agrees with the SQL checks on the loaded data."""
    return add_months(days, np.asarray(years, dtype=np.int64) * 12)


def add_months(days: np.ndarray, months: int | np.ndarray) -> np.ndarray:
    """Calendar months later, clamped to the month's last day (statutory review schedules)."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    in_month = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    last = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64) - 1
    return (target.astype("datetime64[D]").astype(np.int64) + np.minimum(in_month, last)).astype(np.int32)


def year_end(end: int) -> int:
    """The last 31 March on or before `end`: the end of the latest complete reporting year."""
    d = to_date(end)
    march = dt.date(d.year, 3, 31)
    return day(march if march <= d else dt.date(d.year - 1, 3, 31))


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday)."""
    return ((np.asarray(days, dtype=np.int64) + 3) % 7).astype(np.int8)


def school_holiday_weight(first: int, last: int) -> np.ndarray:
    """Relative contact volume per day: schools refer most, so holidays are quieter (English term dates, approximately)."""
    days = np.arange(first, last + 1, dtype=np.int64)
    dd = days.astype("datetime64[D]")
    month = (dd.astype("datetime64[M]").astype(np.int64) % 12) + 1
    mday = (dd - dd.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    w = np.ones(days.size)
    w[(month == 7) & (mday >= 22)] = 0.85
    w[month == 8] = 0.72
    w[((month == 12) & (mday >= 21)) | ((month == 1) & (mday <= 3))] = 0.6
    w[(month == 10) & (mday >= 24)] = 0.86  # October half term
    w[(month == 2) & (mday >= 12) & (mday <= 18)] = 0.86  # February half term
    w[(month == 5) & (mday >= 25)] = 0.86  # May half term
    w[(month == 4) & (mday <= 14)] = 0.82  # Easter holidays (approximately)
    return w


class Clock:
    """Working-day arithmetic and seasonal day sampling over a fixed span of days."""

    def __init__(self, first: int, last: int):
        self.first, self.last = first, last
        self.days = np.arange(first, last + 1, dtype=np.int32)
        years = range(to_date(first).year, to_date(last).year + 1)
        bank = np.array([day(d) for d in bank_holidays(years[0], years[-1])], dtype=np.int32)
        self.is_bank = np.isin(self.days, bank)
        self.is_working = (weekday(self.days) < 5) & ~self.is_bank
        self.wd_index = np.cumsum(self.is_working).astype(np.int32)
        weights = WEEKDAY_WEIGHT[weekday(self.days)] * school_holiday_weight(first, last)
        weights[self.is_bank] = BANK_HOLIDAY_WEIGHT
        self.weights = weights

    def _pos(self, days: np.ndarray) -> np.ndarray:
        return np.clip(np.asarray(days, dtype=np.int64) - self.first, 0, self.days.size - 1)

    def wd(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Working days from a to b (a is day 0)."""
        return self.wd_index[self._pos(b)] - self.wd_index[self._pos(a)]

    def add_wd(self, a: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The first day that is n working days after a (n = 0 gives a itself)."""
        a = np.asarray(a, dtype=np.int64)
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), a.shape)
        target = self.wd_index[self._pos(a)] + n
        pos = np.searchsorted(self.wd_index, target, side="left")
        out = self.days[np.clip(pos, 0, self.days.size - 1)].astype(np.int64)
        return np.where(n <= 0, a, out).astype(np.int32)

    def next_working(self, a: np.ndarray) -> np.ndarray:
        """a if a working day, else the next working day."""
        a = np.asarray(a, dtype=np.int64)
        working = self.is_working[self._pos(a)]
        return np.where(working, a, self.add_wd(a, 1)).astype(np.int32)

    def is_workday(self, a: np.ndarray) -> np.ndarray:
        return self.is_working[self._pos(a)]

    def sample_days(self, rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
        """n days in [lo, hi] drawn with the weekday and school-holiday pattern of the front door."""
        i0, i1 = lo - self.first, hi - self.first + 1
        cum = np.cumsum(self.weights[i0:i1])
        picks = np.searchsorted(cum, rng.random(n) * cum[-1], side="right")
        return (lo + np.minimum(picks, i1 - i0 - 1)).astype(np.int32)

    def settle(self, rng: np.random.Generator, days: np.ndarray, p_move: float = 0.85) -> np.ndarray:
        """Move most dates that fall on a weekend or bank holiday to the next working day.

        Follow-on events (a re-referral months after a closure) are timed by durations; this gives them
        the front door's weekday pattern without a per-event loop.
        """
        days = np.asarray(days, dtype=np.int32)
        move = ~self.is_workday(days) & (rng.random(days.size) < p_move) & (days < NODATE)
        out = days.copy()
        out[move] = self.next_working(days[move])
        return out
