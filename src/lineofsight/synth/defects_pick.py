"""What the defect injectors share: how many to inject, which records, and the log of what was done."""

from __future__ import annotations

import numpy as np

from lineofsight.synth.dates import NODATE

BIG = np.int64(100_000_000)


def count(rng: np.random.Generator, pool: int, rate: float) -> int:
    if rate <= 0 or pool == 0:
        return 0
    return int(min(pool, max(1, rng.binomial(pool, min(rate, 1.0)))))


def pick(rng: np.random.Generator, pool: np.ndarray, k: int) -> np.ndarray:
    return np.sort(rng.choice(pool, size=k, replace=False)) if k else np.zeros(0, np.int64)


class Log:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, np.ndarray, np.ndarray]] = []
        self.late_rows = np.zeros(0, np.int64)
        self.asm_missing = np.zeros(0, np.int64)

    def add(self, kind: str, table: str, rows: np.ndarray, persons: np.ndarray) -> None:
        self.rows.append((kind, table, np.asarray(rows, np.int64), np.asarray(persons, np.int64)))


def taken(log: Log, table: str, n: int) -> np.ndarray:
    """Rows of `table` (of n) that already carry a defect: no record is given two."""
    out = np.zeros(n, bool)
    for _, name, rows, _ in log.rows:
        if name == table:
            out[rows[rows < n]] = True
    return out


def covered(pid: np.ndarray, day: np.ndarray, spans: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Whether each (child, day) falls inside any of the child's spans (vectorised interval test)."""
    spid, start, stop = spans
    order = np.lexsort((start, spid))
    spid, start, stop = spid[order], start[order], stop[order]
    run_max = stop.copy()
    # Running maximum of span ends within each child, so one lookup answers "any span covers this day".
    first = np.r_[True, spid[1:] != spid[:-1]]
    group = np.cumsum(first) - 1
    offs = group.astype(np.int64) * (np.int64(NODATE) + 1)
    run_max = np.maximum.accumulate(stop + offs) - offs
    keys = spid * BIG + start
    pos = np.searchsorted(keys, pid * BIG + day, side="right") - 1
    i = np.maximum(pos, 0)
    return (pos >= 0) & (spid[i] == pid) & (run_max[i] >= day)
