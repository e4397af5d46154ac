"""Timing and peak-memory helpers for benchmarks (child processes, so peaks are per task)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05  # how often the process tree's memory is read
CHILDREN_SECONDS = 0.5  # how often its list of descendants is read again


def run_measured(args: list[str], env: dict | None = None) -> dict:
    """Run a command; return its wall seconds, peak RSS in MB (of it and its descendants, sampled every
    50 ms) and exit code. The descendants are listed every half second, not at every sample: listing
    them reads every process on the machine, and at 20 times a second that took CPU from the command
    measured on a 2-core machine (a cold .docx pack, with its two chart workers, ran about 0.3 s slower)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    ps = psutil.Process(proc.pid)
    children: list[psutil.Process] = []
    listed = 0.0
    while proc.poll() is None:
        try:
            if time.perf_counter() - listed >= CHILDREN_SECONDS:
                children, listed = ps.children(recursive=True), time.perf_counter()
            rss = ps.memory_info().rss
            for child in children:
                with contextlib.suppress(psutil.Error):  # a descendant that has ended since it was listed
                    rss += child.memory_info().rss
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(SAMPLE_SECONDS)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "peak_mb": round(peak / 1e6, 1),
        "exit": proc.returncode,
        **({"stderr_tail": err[-400:]} if proc.returncode else {}),
    }


def cli(*args: str) -> list[str]:
    """The lineofsight CLI in this interpreter."""
    return [sys.executable, "-m", "lineofsight.cli.main", *args]


def generated(ctx: dict, scale: str) -> Path:
    """The `scale` synthetic authority (seed 1), generated once per bench run and shared via ctx."""
    key = f"{scale}_dir"
    if ctx.get(key):
        return Path(ctx[key])
    out = Path(ctx["work"]) / scale
    made = run_measured(cli("synth", "--scale", scale, "--seed", "1", "--out", str(out)))
    if made["exit"] != 0:
        raise RuntimeError(f"lineofsight synth --scale {scale} failed: {made.get('stderr_tail', '')}")
    ctx[key] = str(out)
    ctx.setdefault(f"synth_{scale}", made)
    return out


def loaded_home(ctx: dict, scale: str) -> str:
    """A home whose current snapshot is the `scale` authority, loaded once per bench run and shared."""
    key = "loaded_home" if scale == "medium" else f"{scale}_home"
    if ctx.get(key):
        return str(ctx[key])
    folder = generated(ctx, scale)
    home = (os.environ.get("LINEOFSIGHT_HOME", str(Path(ctx["work"]) / "home")) if scale == "medium"
            else str(Path(ctx["work"]) / f"home-{scale}"))
    loaded = run_measured(cli("load", str(folder), "--home", home))
    if loaded["exit"] != 0:
        raise RuntimeError(f"lineofsight load ({scale}) failed: {loaded.get('stderr_tail', '')}")
    ctx[key] = home
    return home
