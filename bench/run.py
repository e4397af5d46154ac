"""`make bench`: runs every bench/bench_*.py module's `run(ctx)` and writes bench/results.json.

Each module returns a dict of figures (seconds, MB, ratios) with the targets beside them, so the
figures are reported, never enforced in tests. Shared work (a generated authority, a loaded
snapshot) is cached in `ctx` so that modules do not repeat it.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"


def python_loop_ms() -> float:
    """The machine's speed at this moment: a fixed pure-Python loop, best of three, in ms. On our shared
    machine the same loop has taken 136 ms and 240 ms an hour apart; each benchmark records it before
    and after, so that its wall times can be read against the machine they ran on."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for i in range(3_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def main(argv: list[str]) -> int:
    only = set(argv)
    WORK.mkdir(exist_ok=True)
    os.environ.setdefault("LINEOFSIGHT_HOME", str(WORK / "home"))
    ctx: dict = {"work": WORK, "xl": "xl" in only}  # the xl authority runs only when named or opted in
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "benchmarks": {},
    }
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"== {name}", flush=True)
        before = python_loop_ms()
        started = time.perf_counter()
        try:
            figures = module.run(ctx)
        except Exception as exc:  # a failing benchmark is reported, and the others still run
            figures = {"error": f"{type(exc).__name__}: {exc}"}
        figures["wall_seconds"] = round(time.perf_counter() - started, 2)
        figures["python_loop_ms_before_after"] = [before, python_loop_ms()]
        results["benchmarks"][name] = figures
        print(json.dumps(figures, indent=2), flush=True)
    out = HERE / "results.json"
    if only and out.exists():
        previous = json.loads(out.read_text())
        previous["benchmarks"].update(results["benchmarks"])
        results["benchmarks"] = previous["benchmarks"]
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
