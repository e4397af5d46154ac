"""Making Data Count rules on worked series (limits = mean ± 2.66 × mean moving range)."""

import pytest

from lineofsight.measures.spc import xmr


def flagged(res, rule):
    return [i for i, p in enumerate(res.points) if getattr(p, rule)]


def test_a_point_outside_the_limits():
    # 9, 11 alternating ten times, then 17. Mean = (200 + 17) / 21 = 10.3333. Moving ranges: nineteen 2s
    # and |17 - 11| = 6 -> 44 / 20 = 2.2. Upper limit 10.3333 + 2.66 × 2.2 = 16.1853 < 17.
    res = xmr([9, 11] * 10 + [17], "higher_is_better")
    assert res.mean == pytest.approx(10.3333, abs=1e-4)
    assert res.mean_moving_range == pytest.approx(2.2)
    assert res.upper_limit == pytest.approx(16.1853, abs=1e-4)
    assert res.lower_limit == pytest.approx(4.4813, abs=1e-4)
    assert flagged(res, "outside") == [20]
    assert flagged(res, "shift") == flagged(res, "trend") == flagged(res, "two_of_three") == []
    assert res.variation == "special_cause_improving"
    assert xmr([9, 11] * 10 + [17], "lower_is_better").variation == "special_cause_concerning"
    assert xmr([9, 11] * 10 + [17], "neutral").variation == "special_cause_neither"


def test_a_shift_of_seven_or_more_points_on_one_side_of_the_mean():
    # 9, 11 five times, then seven 12s. Mean = 184 / 17 = 10.8235: the last 11 and the seven 12s are
    # above it, a run of 8. Two-sigma line: mR = (9 × 2 + 1) / 16 = 1.1875; 10.8235 + 1.7733 × 1.1875 =
    # 12.93, so no 2-of-3; upper limit 13.98, so nothing outside.
    res = xmr([9, 11] * 5 + [12] * 7, "lower_is_better")
    assert flagged(res, "shift") == list(range(9, 17))
    assert flagged(res, "outside") == flagged(res, "two_of_three") == flagged(res, "trend") == []
    assert res.variation == "special_cause_concerning"
    # Six points above the mean are not a shift: 11, 9 five times (ending on 9, below the mean of
    # 172 / 16 = 10.75), then six 12s.
    res = xmr([11, 9] * 5 + [12] * 6, "lower_is_better")
    assert flagged(res, "shift") == []


def test_a_trend_of_seven_points_rising():
    # 10, 12 five times, then 8, 9, 10, 11, 12, 13, 14: seven points, six increases.
    # Mean 187 / 17 = 11; mR = (9 × 2 + 4 + 6 × 1) / 16 = 1.75; limits 6.345 to 15.655.
    res = xmr([10, 12] * 5 + [8, 9, 10, 11, 12, 13, 14], "higher_is_better")
    assert flagged(res, "trend") == list(range(10, 17))
    assert flagged(res, "outside") == flagged(res, "shift") == flagged(res, "two_of_three") == []
    assert res.variation == "special_cause_improving"
    # Six rising points (five increases) are not a trend.
    res = xmr([10, 12] * 5 + [9, 10, 11, 12, 13, 14], "higher_is_better")
    assert flagged(res, "trend") == [] and res.variation == "common_cause"
    # A tie ends a trend: 8, 9, 10, 10, 11, 12, 13 has no run of seven strictly rising points.
    res = xmr([10, 12] * 5 + [8, 9, 10, 10, 11, 12, 13], "higher_is_better")
    assert flagged(res, "trend") == []


def test_two_of_three_beyond_two_sigma():
    # 10, 12 eight times, then 16, 11, 16. Mean = 219 / 19 = 11.5263; mR = (15 × 2 + 4 + 5 + 5) / 18 =
    # 2.4444; two-sigma line 11.5263 + 1.7733 × 2.4444 = 15.8611; upper limit 18.0285.
    res = xmr([10, 12] * 8 + [16, 11, 16], "higher_is_better")
    assert res.upper_two_sigma == pytest.approx(15.8611, abs=1e-4)
    assert flagged(res, "two_of_three") == [16, 18]
    assert flagged(res, "outside") == []
    assert res.variation == "special_cause_improving"


def test_assurance_against_the_target():
    # 9, 11 alternating, 20 points: mean 10, mR 2, limits 4.68 to 15.32.
    series = [9, 11] * 10
    assert xmr(series, "higher_is_better", target=4).assurance == "consistently_passing"
    assert xmr(series, "higher_is_better", target=16).assurance == "consistently_failing"
    assert xmr(series, "higher_is_better", target=10).assurance == "hit_and_miss"
    assert xmr(series, "lower_is_better", target=16).assurance == "consistently_passing"
    assert xmr(series, "lower_is_better", target=4).assurance == "consistently_failing"
    assert xmr(series, "neutral", target=10).assurance is None
    assert xmr(series, "higher_is_better").assurance is None
    assert xmr(series, "higher_is_better").variation == "common_cause"


def test_too_few_points_give_no_chart():
    assert xmr([9, 11] * 7, "higher_is_better") is None  # 14 points: Making Data Count asks for 15
    assert xmr([9, 11] * 7 + [10], "higher_is_better") is not None
