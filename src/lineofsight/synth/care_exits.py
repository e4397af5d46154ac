"""How long children stay looked after and how they leave: the part of care the casework rounds need.

Durations depend on age at entry: babies and toddlers leave through adoption or special
guardianship after one to three years, or go home; older children mostly go home within months or
stay until 18. The mix is tuned so the medium authority holds about 67 children per 10,000 at 31
March (DfE, Children looked after in England 2025).
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS

REC = tuple(CODE_LISTS["reason_episode_ceased"])
KINDS = ("home", "sgo", "adoption", "age18", "other")
HOME, SGO, ADOPTION, AGE18, OTHER = range(5)

# Exit route by age at entry: under 5, 5-9, 10-15, 16-17 (shares of home, sgo, adoption, age18, other).
ROUTE_BY_AGE = np.array([
    [0.30, 0.24, 0.30, 0.11, 0.05],
    [0.42, 0.20, 0.02, 0.29, 0.07],
    [0.50, 0.07, 0.00, 0.36, 0.07],
    [0.37, 0.00, 0.00, 0.58, 0.05],
])
UASC_ROUTE = np.array([0.0, 0.0, 0.0, 0.97, 0.03])

REASONS = {
    HOME: {"E4A": 0.75, "E4B": 0.12, "E13": 0.13},
    SGO: {"E45": 0.45, "E46": 0.15, "E47": 0.25, "E48": 0.15},
    ADOPTION: {"E11": 0.75, "E12": 0.25},
    AGE18: {"E17": 0.22, "E5": 0.25, "E6": 0.05, "E8": 0.33, "E13": 0.10, "E7": 0.05},
    OTHER: {"E41": 0.40, "E3": 0.25, "E13": 0.20, "E9": 0.10, "E16": 0.05},
}


def _pick_reason(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    out = np.full(kind.size, -1, np.int16)
    for k, mix in REASONS.items():
        sel = np.flatnonzero(kind == k)
        codes = [REC.index(c) for c in mix]
        p = np.array(list(mix.values()))
        out[sel] = np.array(codes)[rng.choice(len(codes), size=sel.size, p=p / p.sum())]
    return out


def exits(rng: np.random.Generator, c0: np.ndarray, dob: np.ndarray, b18: np.ndarray, uasc: np.ndarray) -> dict:
    """Exit date (possibly after the extract end: still looked after), reason and adoption milestones."""
    n = c0.size
    age = (c0 - dob) / 365.25
    band = np.digitize(age, [5.0, 10.0, 16.0])
    u = rng.random(n)
    cum = np.cumsum(ROUTE_BY_AGE[band], axis=1)
    kind = (u[:, None] > cum).sum(axis=1).astype(np.int8)
    uk = (u[:, None] > np.cumsum(UASC_ROUTE)[None, :]).sum(axis=1).astype(np.int8)
    kind = np.where(uasc, uk, kind)
    kind = np.where((kind == ADOPTION) & (age >= 4.5), SGO, kind)

    c0 = c0.astype(np.int64)
    dur = np.empty(n, np.int64)
    home = kind == HOME
    dur[home] = np.maximum(7, rng.lognormal(np.log(200), 0.9, home.sum())).astype(np.int64)
    sgo = kind == SGO
    dur[sgo] = rng.integers(300, 1400, sgo.sum())
    other = kind == OTHER
    dur[other] = rng.integers(60, 900, other.sum())
    adm = c0 + rng.integers(90, 260, n)
    po = adm + rng.integers(60, 200, n)
    matched = po + rng.integers(20, 180, n)
    placed = matched + rng.integers(7, 35, n)
    order = placed + rng.integers(70, 300, n)
    adopt = kind == ADOPTION
    dur[adopt] = (order - c0)[adopt]
    c1 = np.where(kind == AGE18, b18, c0 + np.where(kind == AGE18, 0, dur))
    over = c1 >= b18
    c1 = np.minimum(c1, b18)
    kind = np.where(over & ~adopt, AGE18, kind).astype(np.int8)
    reason = _pick_reason(rng, kind)
    nodate = np.full(n, -1, np.int64)
    return {
        "c1": c1.astype(np.int32), "kind": kind, "reason": reason,
        "adm": np.where(adopt, adm, nodate), "po": np.where(adopt, po, nodate),
        "matched": np.where(adopt, matched, nodate), "placed": np.where(adopt, placed, nodate),
    }
