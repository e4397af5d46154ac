"""Statistical process control as in NHS England's Making Data Count: XmR charts, rules and icons.

Limits: mean ± 2.66 × the mean moving range (2.66 = 3 / 1.128, three sigma for individual values).
Special-cause rules, each flagging the points that make it up:
- a point outside the process limits;
- a shift: 7 or more consecutive points on the same side of the mean (a point on the mean ends a run);
- a trend: 7 or more consecutive points each higher than the one before (or each lower), i.e. six
  successive increases or decreases (a tie ends it);
- 2 out of 3 consecutive points beyond 2 sigma (mean ± 2/3 × 2.66 × mR̄) on the same side.
The variation icon describes the latest point: common cause, or special cause improving/concerning
(using the measure's polarity; a neutral measure gets "special cause, neither"). The assurance
icon compares the target with the limits: consistently passing (the whole band is on the good side
of the target), consistently failing (on the bad side), else hit and miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

MIN_POINTS = 15  # Making Data Count: at least 15 points before limits mean much
RUN = 7
LIMIT_FACTOR = 2.66
TWO_SIGMA = 2 / 3 * LIMIT_FACTOR


@dataclass
class SpcPoint:
    value: float
    outside: bool = False
    shift: bool = False
    trend: bool = False
    two_of_three: bool = False
    direction: str | None = None  # "high" or "low" when any rule flags the point

    @property
    def special(self) -> bool:
        return self.outside or self.shift or self.trend or self.two_of_three


@dataclass
class SpcResult:
    mean: float
    mean_moving_range: float
    upper_limit: float
    lower_limit: float
    upper_two_sigma: float
    lower_two_sigma: float
    points: list[SpcPoint] = field(default_factory=list)
    variation: str = "common_cause"
    assurance: str | None = None

    def as_dict(self) -> dict:
        d = asdict(self)
        for p, src in zip(d["points"], self.points, strict=True):
            p["special"] = src.special
        return d


def _flag_runs(values: Sequence[float], sign: Sequence[int], attr: str, points: list[SpcPoint]) -> None:
    """Flag every point in a run of RUN or more with the same non-zero sign."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or sign[i] == 0 or sign[i] != sign[start]:
            if sign[start] != 0 and i - start >= RUN:
                for j in range(start, i):
                    setattr(points[j], attr, True)
                    points[j].direction = points[j].direction or ("high" if sign[start] > 0 else "low")
            start = i


def xmr(values: Sequence[float], polarity: str = "neutral", target: float | None = None) -> SpcResult | None:
    """An XmR chart of `values` (oldest first); None when there are too few points to judge."""
    values = [float(v) for v in values]
    if len(values) < MIN_POINTS:
        return None
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    mr = sum(ranges) / len(ranges)
    res = SpcResult(
        mean=mean, mean_moving_range=mr, upper_limit=mean + LIMIT_FACTOR * mr, lower_limit=mean - LIMIT_FACTOR * mr,
        upper_two_sigma=mean + TWO_SIGMA * mr, lower_two_sigma=mean - TWO_SIGMA * mr,
        points=[SpcPoint(v) for v in values],
    )
    pts = res.points
    for p in pts:
        if p.value > res.upper_limit or p.value < res.lower_limit:
            p.outside = True
            p.direction = "high" if p.value > res.upper_limit else "low"
    # Shifts: runs on one side of the mean.
    side = [(v > mean) - (v < mean) for v in values]
    _flag_runs(values, side, "shift", pts)
    # Trends: a run of RUN points means RUN - 1 successive steps in one direction.
    steps = [0] + [(b > a) - (b < a) for a, b in zip(values, values[1:], strict=False)]
    start = 1
    for i in range(1, len(values) + 1):
        if i == len(values) or steps[i] == 0 or steps[i] != steps[start]:
            if start < len(values) and steps[start] != 0 and i - start >= RUN - 1:
                for j in range(start - 1, i):
                    pts[j].trend = True
                    pts[j].direction = pts[j].direction or ("high" if steps[start] > 0 else "low")
            start = i
    # Two out of three beyond two sigma on the same side.
    for i in range(len(values) - 2):
        window = range(i, i + 3)
        for hi in (True, False):
            beyond = [j for j in window if (values[j] > res.upper_two_sigma if hi else values[j] < res.lower_two_sigma)]
            if len(beyond) >= 2:
                for j in beyond:
                    pts[j].two_of_three = True
                    pts[j].direction = pts[j].direction or ("high" if hi else "low")
    res.variation = variation_icon(pts[-1], polarity)
    res.assurance = assurance_icon(res, polarity, target)
    return res


def variation_icon(point: SpcPoint, polarity: str) -> str:
    if not point.special:
        return "common_cause"
    if polarity == "neutral" or point.direction is None:
        return "special_cause_neither"
    good = "high" if polarity == "higher_is_better" else "low"
    return "special_cause_improving" if point.direction == good else "special_cause_concerning"


def assurance_icon(res: SpcResult, polarity: str, target: float | None) -> str | None:
    if target is None or polarity == "neutral":
        return None
    if polarity == "higher_is_better":
        if res.lower_limit > target:
            return "consistently_passing"
        if res.upper_limit < target:
            return "consistently_failing"
    else:
        if res.upper_limit < target:
            return "consistently_passing"
        if res.lower_limit > target:
            return "consistently_failing"
    return "hit_and_miss"
