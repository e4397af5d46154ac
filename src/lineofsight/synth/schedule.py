"""Recurring records (visits, reviews, supervision, health checks) laid out in vectorised rounds.

Each round moves every still-open series one interval on, so the number of Python iterations is
the number of visits in the longest series, never the number of visits.
"""

from __future__ import annotations

import numpy as np


def standing(compliance: np.ndarray) -> np.ndarray:
    """Each team's compliance as 0 (least compliant team) to 1 (most), so other timescales keep its order."""
    lo, hi = compliance.min(), compliance.max()
    return (compliance - lo) / (hi - lo) if hi > lo else np.full(compliance.size, 0.5)


def recurring(rng: np.random.Generator, start: np.ndarray, end: np.ndarray, interval: np.ndarray,
              on_time: np.ndarray, first: np.ndarray, emit_from: int) -> tuple[np.ndarray, np.ndarray]:
    """(owner row, date) for a series per owner from start+first every `interval` days until `end`.

    A gap is on time (55-100% of the interval) with probability `on_time`, otherwise late by up to
    70% of the interval. Series that began long before `emit_from` are started in phase just before
    it, since only dates from `emit_from` on are kept.
    """
    n = start.size
    start = start.astype(np.int64)
    end = end.astype(np.int64)
    interval = np.broadcast_to(np.asarray(interval, dtype=np.int64), (n,))
    on_time = np.broadcast_to(np.asarray(on_time, dtype=float), (n,))
    cur = start + np.broadcast_to(np.asarray(first, dtype=np.int64), (n,))
    jump = cur < emit_from - interval
    cur = np.where(jump, emit_from - (rng.random(n) * interval).astype(np.int64), cur)
    owners, dates = [], []
    idx = np.arange(n)
    while idx.size:
        live = cur <= end[idx]
        idx, cur = idx[live], cur[live]
        if not idx.size:
            break
        emit = (cur >= emit_from) & (cur >= start[idx])
        owners.append(idx[emit])
        dates.append(cur[emit])
        iv = interval[idx]
        ok = rng.random(idx.size) < on_time[idx]
        gap = np.where(ok, (iv * (0.55 + 0.45 * rng.random(idx.size))).astype(np.int64),
                       iv + 1 + (rng.random(idx.size) * 0.7 * iv).astype(np.int64))
        cur = cur + np.maximum(gap, 1)
    if not owners:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    owner = np.concatenate(owners)
    date = np.concatenate(dates)
    order = np.lexsort((date, owner))
    return owner[order], date[order]
