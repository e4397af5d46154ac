"""The medium authority lands on the published England 2024/25 figures (±3 points, or ±15% of a rate).

Figures are computed by plain SQL over the CSVs (calibration_sql.py) for the year to 31 March 2025;
targets and sources are in lineofsight.synth.calibration.
"""

from __future__ import annotations

import pytest

from lineofsight.synth.calibration import TARGETS

from .calibration_sql import figures
from .conftest import END


@pytest.fixture(scope="module")
def measured(medium) -> dict[str, float]:
    return figures(medium, END)


@pytest.mark.parametrize("name", list(TARGETS))
def test_medium_authority_meets_published_figure(measured, name):
    target = TARGETS[name]
    value = measured[name]
    assert abs(value - target.value) <= target.tolerance, (
        f"{target.name}: {value:.1f} {target.unit}, published {target.value} ±{target.tolerance:.1f} ({target.source})"
    )


def test_year_end_is_last_31_march_on_or_before_end():
    import datetime as dt

    from .calibration_sql import year_end

    assert year_end(dt.date(2025, 3, 31)) == dt.date(2025, 3, 31)
    assert year_end(dt.date(2025, 3, 30)) == dt.date(2024, 3, 31)
    assert year_end(dt.date(2025, 9, 30)) == dt.date(2025, 3, 31)
