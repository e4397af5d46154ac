"""The core data set: every measure, grouped by service area, in the order the scorecard shows them."""

from __future__ import annotations

from lineofsight.measures import allocation, assessment, care, front_door, leavers, protection
from lineofsight.measures.engine import MeasureError
from lineofsight.measures.model import Measure

MEASURES: tuple[Measure, ...] = (
    *front_door.MEASURES, *assessment.MEASURES, *protection.MEASURES, *allocation.MEASURES,
    *care.MEASURES, *leavers.MEASURES,
)
BY_ID: dict[str, Measure] = {m.id: m for m in MEASURES}
AREAS: tuple[str, ...] = tuple(dict.fromkeys(m.area for m in MEASURES))


def measure(measure_id: str) -> Measure:
    try:
        return BY_ID[measure_id]
    except KeyError:
        raise MeasureError(f"unknown measure {measure_id!r}: see `lineofsight measures --list`") from None
