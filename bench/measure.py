"""Timing and peak-memory helpers for benchmarks (child processes, so peaks are per task)."""

from __future__ import annotations

import subprocess
import sys
import time

import psutil


def run_measured(args: list[str], env: dict | None = None) -> dict:
    """Run a command; return its wall seconds, peak RSS in MB (sampled every 50 ms) and exit code."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
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
