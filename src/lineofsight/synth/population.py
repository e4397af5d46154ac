"""The children: ages, sex, ethnicity and disability of a large, diverse English city.

Children enter the simulation at their first contact with the front door, so ssd_person holds only
children known to children's social care (as a real extract does); the whole 0-17 population is
kept as the yearly counts in authority.toml that rates per 10,000 are computed from.
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth.dates import add_years

ETHNICITY = tuple(CODE_LISTS["ethnicity"])
SEX = tuple(CODE_LISTS["sex"])
DISABILITY = tuple(CODE_LISTS["disability"])

# A large, diverse English city (the ethnic mix of children, not of all residents).
_ETHNIC_MIX = {
    "WBRI": 44.0, "WIRI": 0.5, "WIRT": 0.2, "WOTH": 6.5, "WROM": 0.6, "MWBC": 3.2, "MWBA": 1.2, "MWAS": 1.6,
    "MOTH": 2.8, "AIND": 4.0, "APKN": 12.5, "ABAN": 3.2, "AOTH": 2.6, "BCRB": 2.4, "BAFR": 6.4, "BOTH": 1.6,
    "CHNE": 0.5, "OOTH": 3.5, "REFU": 0.4, "NOBT": 1.8,
}
ETHNIC_WEIGHTS = np.array([_ETHNIC_MIX[c] for c in ETHNICITY]) / sum(_ETHNIC_MIX.values())
_UASC_MIX = {"OOTH": 30.0, "AOTH": 28.0, "BAFR": 27.0, "BOTH": 8.0, "WOTH": 5.0, "NOBT": 2.0}
UASC_WEIGHTS = np.array([_UASC_MIX.get(c, 0.0) for c in ETHNICITY]) / sum(_UASC_MIX.values())
SEX_WEIGHTS = np.array([0.512, 0.486, 0.002])  # M, F, U

# Age at referral (CIN census, England): (from years, to years, share).
REFERRAL_AGES = ((0.0, 1.0, 0.12), (1.0, 5.0, 0.20), (5.0, 10.0, 0.24), (10.0, 16.0, 0.33), (16.0, 17.4, 0.11))
CONTACT_AGES = ((0.0, 1.0, 0.09), (1.0, 5.0, 0.19), (5.0, 10.0, 0.26), (10.0, 16.0, 0.34), (16.0, 17.9, 0.12))
UASC_AGES = ((14.0, 15.0, 0.12), (15.0, 16.0, 0.22), (16.0, 17.5, 0.66))

# Disability among children referred (about one in ten); codes other than NONE with their weights.
P_DISABLED = 0.10
_DISABILITY_MIX = {"LD": 26, "AUT": 24, "COMM": 14, "BEH": 12, "MOB": 7, "PC": 4, "HAND": 2, "INC": 2,
                   "HEAR": 3, "VIS": 2, "CON": 1, "DDA": 3}
DISABILITY_WEIGHTS = np.array([_DISABILITY_MIX.get(c, 0) for c in DISABILITY], dtype=float)
DISABILITY_WEIGHTS /= DISABILITY_WEIGHTS.sum()
N_AREAS = 3  # North, South, Central: which assessment and locality teams serve the child


def population_by_year(children: int, last_year: int, years: int = 6) -> dict[int, int]:
    """Children aged 0-17 by year, growing about 0.4% a year to `children` in the last year."""
    return {y: int(round(children * (1 - 0.004 * (last_year - y)))) for y in range(last_year - years + 1, last_year + 1)}


def sample_ages(rng: np.random.Generator, n: int, bands: tuple[tuple[float, float, float], ...]) -> np.ndarray:
    """Ages in days from a piecewise-uniform distribution over age bands."""
    shares = np.array([b[2] for b in bands])
    band = rng.choice(len(bands), size=n, p=shares / shares.sum())
    lo = np.array([b[0] for b in bands])[band]
    hi = np.array([b[1] for b in bands])[band]
    return np.maximum(1, ((lo + rng.random(n) * (hi - lo)) * 365.25).astype(np.int64))


class People:
    """Column arrays for every child, grown in batches (a batch per kind of first contact)."""

    def __init__(self) -> None:
        self.dob = np.zeros(0, np.int32)
        self.sex = np.zeros(0, np.int16)
        self.eth = np.zeros(0, np.int16)
        self.area = np.zeros(0, np.int8)
        self.disabled = np.zeros(0, bool)
        self.uasc = np.zeros(0, bool)
        self.kind = np.zeros(0, np.int8)  # 0 referred, 1 UASC arrival, 2 contact only, 3 duplicate record

    @property
    def n(self) -> int:
        return self.dob.size

    def add(self, rng: np.random.Generator, first_dates: np.ndarray, bands, kind: int) -> np.ndarray:
        """Create children whose first contact is on `first_dates`; returns their indices."""
        n = first_dates.size
        uasc = kind == 1
        dob = (first_dates.astype(np.int64) - sample_ages(rng, n, bands)).astype(np.int32)
        sex = rng.choice(3, size=n, p=np.array([0.92, 0.08, 0.0]) if uasc else SEX_WEIGHTS)
        eth = rng.choice(len(ETHNICITY), size=n, p=UASC_WEIGHTS if uasc else ETHNIC_WEIGHTS)
        idx = np.arange(self.n, self.n + n)
        self.dob = np.concatenate([self.dob, dob])
        self.sex = np.concatenate([self.sex, sex.astype(np.int16)])
        self.eth = np.concatenate([self.eth, eth.astype(np.int16)])
        self.area = np.concatenate([self.area, rng.integers(0, N_AREAS, n).astype(np.int8)])
        disabled = (rng.random(n) < (P_DISABLED if kind == 0 else 0.04)) & (kind != 1)
        self.disabled = np.concatenate([self.disabled, disabled])
        self.uasc = np.concatenate([self.uasc, np.full(n, uasc)])
        self.kind = np.concatenate([self.kind, np.full(n, kind, np.int8)])
        return idx

    def birthday(self, years: int, idx: np.ndarray | None = None) -> np.ndarray:
        dob = self.dob if idx is None else self.dob[idx]
        return add_years(dob, years)
