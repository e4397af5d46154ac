"""Everything the generator's stages share: dates, random streams, the children and the workforce."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from lineofsight.synth.dates import Clock
from lineofsight.synth.frame import Frame
from lineofsight.synth.population import People


@dataclass
class World:
    seed: int
    children: int  # population aged 0-17 in the final year
    start: int  # first simulated day (burn-in before the extract window)
    window: int  # first day of the six-year extract
    end: int  # extract end (--end)
    clock: Clock
    people: People = field(default_factory=People)
    frames: dict[str, Frame] = field(default_factory=dict)
    spine: object = None
    seg: object = None
    alloc: object = None
    wf: object = None
    compliance: np.ndarray | None = None  # per team: share of visits and supervision on time
    leavers: dict | None = None
    staff_ids: tuple[str, ...] = ()  # staff number per worker row

    def rng(self, stream: str) -> np.random.Generator:
        """An independent, reproducible random stream per stage, so stages do not shift each other."""
        return np.random.default_rng([self.seed, zlib.crc32(stream.encode())])

    @property
    def scale(self) -> float:
        """Children per 10,000: multiply a rate per 10,000 by this to get a count."""
        return self.children / 10_000
