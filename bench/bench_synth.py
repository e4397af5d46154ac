"""Generating the synthetic authority: seconds and peak memory for medium and large.

Targets (issue 2, reported here, never enforced in tests): medium <= 30 s, large <= 2 minutes on
2 cores, peak memory <= 4 GB. A medium run made earlier in the same bench run (bench_load) is reused.
"""

from __future__ import annotations

import resource
from pathlib import Path

from bench.measure import cli, run_measured

TARGETS = {"medium": 30.0, "large": 120.0}
TARGET_PEAK_MB = 4000.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _generate(ctx: dict, scale: str) -> dict:
    out = Path(ctx["work"]) / scale
    cpu = _children_cpu()
    made = run_measured(cli("synth", "--scale", scale, "--seed", "1", "--out", str(out)))
    made["cpu_seconds"] = round(_children_cpu() - cpu, 2)
    if made["exit"] != 0:
        raise RuntimeError(f"lineofsight synth --scale {scale} failed: {made.get('stderr_tail', '')}")
    ctx.setdefault(f"{scale}_dir", str(out))
    return made


def run(ctx: dict) -> dict:
    figures: dict = {"target_peak_mb": TARGET_PEAK_MB}
    for scale, target in TARGETS.items():
        made = ctx.get(f"synth_{scale}") if scale == "medium" and ctx.get("medium_dir") else None
        made = made or _generate(ctx, scale)
        folder = Path(ctx.get(f"{scale}_dir") or Path(ctx["work"]) / scale)
        figures[scale] = {
            "seconds": made["seconds"],
            "cpu_seconds": made.get("cpu_seconds"),
            "peak_mb": made["peak_mb"],
            "csv_mb": round(sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6, 1),
            "target_seconds": target,
            "within_target": made["seconds"] <= target and made["peak_mb"] <= TARGET_PEAK_MB,
        }
    return figures
