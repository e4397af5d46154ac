"""Speed work on the engine must not change a single figure (issue 14): every measure's window by team
and worker and its series by team, on two small synthetic authorities, equal the golden files written
by tests/measures/golden_outputs.py before the engine changed."""

from __future__ import annotations

import json

import pytest

from measures.golden_outputs import GOLDEN, SEEDS, authority, outputs


@pytest.mark.parametrize("seed", SEEDS)
def test_every_measure_gives_the_same_figures_as_before(seed, tmp_path, monkeypatch):
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(tmp_path / "home"))
    expected = json.loads((GOLDEN / f"seed-{seed}.json").read_text())
    got = outputs(authority(seed, tmp_path))
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key
