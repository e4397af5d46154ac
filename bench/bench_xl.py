"""Opt-in (LINEOFSIGHT_BENCH_XL=1, or `python -m bench.run xl`): an xl authority of 900,000 children, about
three times England's largest, loads, computes every measure's series with team breakdowns, and runs every
quality rule, each in under a minute and under 4 GB (issue 14). Each step runs in its own process so its
peak memory is its own; the times include starting Python (about a second). Generating it (not a target)
takes a few minutes, so it is left out of every plain `make bench`.
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
from pathlib import Path

from bench.measure import cli, run_measured

CHILDREN = 900_000
TARGET_SECONDS = 60.0
TARGET_MB = 4000.0
ENV = "LINEOFSIGHT_BENCH_XL"

_GENERATE = f"""
import sys
from lineofsight.synth import calibration, generate
calibration.SCALES["xl"] = {CHILDREN}
generate(sys.argv[1], scale="xl", seed=1)
"""


def series(home: str) -> None:
    """Every measure's whole-history series, total and by team, cold (the web app's warm step)."""
    from lineofsight import config
    from lineofsight.measures import selectors

    config.set_home(home)
    with selectors.SnapshotMeasures() as sm:
        shutil.rmtree(config.home() / "cache" / sm.id / "measures", ignore_errors=True)
        for m in selectors.catalogue():
            sm.measure_series(m.id)
            sm.measure_series(m.id, by="team")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _step(figures: dict, name: str, args: list[str]) -> None:
    """Run one step in its own process: wall seconds, CPU seconds (a busy machine shows in the gap) and peak."""
    before = _children_cpu()
    result = run_measured(args)
    figures[name] = {**result, "cpu_seconds": round(_children_cpu() - before, 1),
                     "within_target": result["exit"] == 0 and result["seconds"] <= TARGET_SECONDS
                     and result["peak_mb"] <= TARGET_MB}


def run(ctx: dict) -> dict:
    if not os.environ.get(ENV) and not ctx.get("xl"):
        return {"skipped": f"opt-in: set {ENV}=1 (about 10 minutes on 2 cores)"}
    work = Path(ctx["work"])
    folder, home = work / "xl", str(work / "home-xl")
    figures: dict = {"children": CHILDREN, "target_seconds": TARGET_SECONDS, "target_peak_mb": TARGET_MB}
    if not (folder / "authority.toml").exists():
        made = run_measured([sys.executable, "-c", _GENERATE, str(folder)])
        figures["generate"] = made
        if made["exit"] != 0:
            return figures
    figures["input_csv_mb"] = round(sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6, 1)
    _step(figures, "load", cli("load", str(folder), "--home", home))
    _step(figures, "series", [sys.executable, "-m", "bench.bench_xl", home])
    _step(figures, "quality", cli("quality", "--format", "csv", "--home", home))
    figures["within_target"] = all(figures[s]["within_target"] for s in ("load", "series", "quality"))
    return figures


if __name__ == "__main__":
    series(sys.argv[1])
