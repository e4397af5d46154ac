"""Speed work on the engine must not change a single figure (issue 14): every measure's window by team
and worker and its series by team, on two small synthetic authorities, equal the golden files written
by tests/measures/golden_outputs.py before the engine changed; and the scrutiny pack's series of its
last 24 months alone (selectors.recent_series) equal the whole series' last 24 points."""

from __future__ import annotations

import json

import pytest

from measures.golden_outputs import GOLDEN, SEEDS, authority, outputs


@pytest.mark.parametrize("seed", SEEDS)
def test_every_measure_gives_the_same_figures_as_before(seed, tmp_path, monkeypatch):
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(tmp_path / "home"))
    expected = json.loads((GOLDEN / f"seed-{seed}.json").read_text())
    got = outputs(authority(seed, tmp_path), recent_first=True)
    assert got.keys() - expected.keys() == {f"{m} {kind}" for m in expected if m != "window"
                                            for kind in ("recent", "recent earlier", "earlier")}
    for key in expected:
        assert got[key] == expected[key], key
    # The scrutiny pack's recent series, computed for its 24 months alone, are the whole series' own.
    for m in expected.keys() - {"window"}:
        assert got[f"{m} recent"] == expected[m], m
        assert got[f"{m} recent earlier"] == got[f"{m} earlier"], m
