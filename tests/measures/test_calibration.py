"""On the medium synthetic authority the headline measures land near the calibration figures.

The generator is calibrated to DfE's published England figures for the year to 31 March 2025
(lineofsight.synth.calibration.TARGETS, tolerance ±3 points or ±15% of a rate). Here the product's
own definitions, run on a snapshot made by the real loader, must land within the same tolerance:
a gap means either the generator or a definition has drifted.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lineofsight.ingest import load_folder
from lineofsight.measures.selectors import SnapshotMeasures
from lineofsight.synth import generate
from lineofsight.synth.calibration import TARGETS

pytestmark = pytest.mark.slow

END = dt.date(2025, 3, 31)
# measure id -> the generator's calibration target it must meet.
HEADLINES = {
    "referrals_rate": "referrals_per_10k", "rereferral_12m": "rereferrals_12m", "assessment_45wd": "assessments_45wd",
    "icpc_15wd": "icpc_15wd", "cp_ended_2yrs": "cp_ended_2y", "cp_repeat": "cp_repeat", "cla_rate": "cla_per_10k",
    "cla_long_term_stability": "stability_long_term",
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    base = tmp_path_factory.mktemp("calibration")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LINEOFSIGHT_HOME", str(base / "home"))
        generate(base / "medium", scale="medium", seed=1, end=END)
        result = load_folder(base / "medium")
        assert result.ok
        with SnapshotMeasures() as sm:
            assert sm.history() == (dt.date(2019, 4, 1), END)  # six years of front-door data
            rows = sm.measure_window(dt.date(2024, 4, 1), END, list(HEADLINES))
    return {r["id"]: r["value"] for r in rows}


@pytest.mark.parametrize("measure_id", list(HEADLINES))
def test_headline_measure_near_calibration(figures, measure_id):
    target = TARGETS[HEADLINES[measure_id]]
    value = figures[measure_id]
    assert abs(value - target.value) <= target.tolerance, (
        f"{measure_id}: {value:.1f}, calibration {target.value} ±{target.tolerance:.1f} ({target.source})")
