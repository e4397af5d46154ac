"""Every measure's figures on two small synthetic authorities, for the equality test (issue 14).

`python tests/measures/golden_outputs.py` rewrites the golden files from the current code: run it
only on code whose figures are known right (the files were written before the engine's speed work).
The authorities are the generator's small authority cut to one child in 40 (as the web tests do).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

SEEDS = (11, 23)
GOLDEN = Path(__file__).parent / "golden"
MONTHS = 24


def outputs(folder: Path, recent_first: bool = False) -> dict:
    """The window by team and worker and the last 24 points of each measure's series by team. With
    `recent_first`, also each measure's recent_series (as the scrutiny pack reads it) computed before
    any whole series is cached, to the last month end ("<id> recent") and to seven months before it
    ("<id> recent earlier", beside the whole series' last 24 points to then, "<id> earlier")."""
    from lineofsight.ingest import load_folder
    from lineofsight.measures import selectors
    from lineofsight.measures.periods import add_months, month_end

    assert load_folder(folder).ok
    with selectors.SnapshotMeasures() as sm:
        _, end = sm.history()
        earlier = month_end(add_months(end, -7))
        recent: dict = {}
        if recent_first:
            for m in selectors.catalogue():
                recent[f"{m.id} recent"] = selectors.recent_series(sm.con, sm.authority, m.id, "team", end, MONTHS)
                recent[f"{m.id} recent earlier"] = selectors.recent_series(sm.con, sm.authority, m.id, "team",
                                                                           earlier, MONTHS)
        out: dict = {"window": sm.measure_window(selectors.window_start(end), end, by=("team", "worker"))}
        for m in selectors.catalogue():
            out[m.id] = {kind: sm.measure_series(m.id, by="team", kind=kind, months=MONTHS)
                         for kind in ("rolling", "month")}
            if recent_first:
                recent[f"{m.id} earlier"] = {kind: sm.measure_series(m.id, by="team", kind=kind, months=MONTHS,
                                                                     to=earlier) for kind in ("rolling", "month")}
    return json.loads(json.dumps({**out, **recent}, default=str))


def authority(seed: int, work: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from lineofsight.synth import generate
    from web.authority import subset

    generate(work / "full", scale="small", seed=seed, defects=0.02)
    return subset(work / "full", work / "subset")


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for seed in SEEDS:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["LINEOFSIGHT_HOME"] = str(Path(tmp) / "home")
            figures = outputs(authority(seed, Path(tmp)))
        (GOLDEN / f"seed-{seed}.json").write_text(json.dumps(figures, sort_keys=True, separators=(",", ":")))
        print(seed, len(figures))
