"""All data-quality rules on the medium and large authorities (targets: <= 5 s and <= 15 s).

Times the engine in this process on a loaded snapshot (reference date, every rule, attribution,
materialised) and the per-team summary and score on those findings, and the `lineofsight quality --format csv` command in a child process from a cold
cache (its wall time and peak memory). The medium authority and its snapshot come from
bench_load through ctx when it ran; otherwise, and for the large one, they are generated and
loaded here (the large one into its own home so the medium snapshot stays current for others).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from bench.measure import cli, loaded_home, run_measured

TARGETS = {"medium": 5.0, "large": 15.0}


def _in_process(home: str) -> dict:
    from lineofsight import config
    from lineofsight.quality import engine, summary
    from lineofsight.warehouse.snapshots import current_id, open_snapshot

    previous = os.environ.get(config.ENV_HOME)
    config.set_home(home)
    try:
        sid = current_id()
        con = open_snapshot(sid)
        try:
            started = time.perf_counter()
            as_at = engine.default_as_at(con)
            con.execute(f"CREATE TEMP TABLE bench_findings AS {engine.findings_sql(engine.ALL_RULES, as_at)}")
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            teams = summary.team_summary(con, "bench_findings", as_at)
            summary_seconds = time.perf_counter() - started
            by_severity = dict(con.execute(
                "SELECT severity, count(*) FROM bench_findings GROUP BY severity").fetchall())
            people = con.execute("SELECT count(*) FROM ssd_person").fetchall()[0][0]
        finally:
            con.close()
        return {"snapshot": sid, "as_at": as_at.isoformat(), "people": people, "seconds": round(seconds, 2),
                "findings": by_severity, "rules": len(engine.ALL_RULES),
                "team_summary_seconds": round(summary_seconds, 2), "authority_score": teams[0]["score"]}
    finally:
        if previous is not None:
            os.environ[config.ENV_HOME] = previous


def _cold_cli(home: str, sid: str) -> dict:
    shutil.rmtree(Path(home) / "cache" / sid, ignore_errors=True)
    return run_measured(cli("quality", "--format", "csv", "--home", home))


def run(ctx: dict) -> dict:
    figures: dict = {}
    for scale, target in TARGETS.items():
        home = loaded_home(ctx, scale)
        inside = _in_process(home)
        command = _cold_cli(home, inside["snapshot"])
        figures[scale] = {
            **inside,
            "cli_cold_seconds": command["seconds"], "cli_peak_mb": command["peak_mb"], "cli_exit": command["exit"],
            "target_seconds": target, "within_target": inside["seconds"] <= target,
        }
    return figures
