"""The core data set on the medium and large authorities.

Figures (targets beside them; never enforced in tests):
- every measure for one window (the latest 12 months) on medium: target <= 1 s;
- the full monthly series (the whole history, about 72 month ends; rolling 12 months and in-month)
  of every measure with its team breakdown, computed cold: medium <= 10 s, large <= 30 s;
- in the same run, one plain DuckDB pass over the same snapshot (count and a sum over every table),
  and the series time as a multiple of it, so the figures can be read on a busy machine;
- a team scorecard read from the per-snapshot cache (the web app's page budget is 300 ms).
Wall seconds and the process's CPU seconds are both reported: the machine is shared, and CPU time
shows what the work costs when other jobs hold the cores. The medium snapshot comes from bench_load
through ctx when it ran; the large one is generated and loaded into its own home and shared with
bench_quality through ctx.
"""

from __future__ import annotations

import os
import shutil
import time

from bench.measure import loaded_home as _home

TARGETS = {"window_medium": 1.0, "series_medium": 10.0, "series_large": 30.0}


class _Clock:
    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = round(time.perf_counter() - self.wall, 3)
        self.cpu = round(time.process_time() - self.cpu, 3)


def _plain_pass(con) -> float:
    """One scan of every schema table: a count and a sum over one column each."""
    from lineofsight.schema import TABLES

    parts = []
    for t in TABLES:
        col = t.main_date or t.primary_key
        expr = f"sum(epoch({col}))" if t.main_date else f"sum(length({col}))"
        parts.append(f"SELECT count(*) AS n, {expr}::DOUBLE AS s FROM {t.name}")
    started = time.perf_counter()
    con.execute(" UNION ALL ".join(parts)).fetchall()
    return round(time.perf_counter() - started, 3)


def _scale(ctx: dict, scale: str) -> dict:
    from lineofsight import config
    from lineofsight.measures import selectors

    previous = os.environ.get(config.ENV_HOME)
    config.set_home(_home(ctx, scale))
    try:
        with selectors.SnapshotMeasures() as sm:
            shutil.rmtree(config.home() / "cache" / sm.id / "measures", ignore_errors=True)  # cold
            start, end = sm.history()
            out: dict = {"snapshot": sm.id, "history": f"{start}..{end}", "measures": len(selectors.catalogue())}
            plain = _plain_pass(sm.con)
            with _Clock() as window:
                sm.measure_window(selectors.window_start(end), end)
            months = 0
            with _Clock() as series:
                for m in selectors.catalogue():
                    months = max(months, len(sm.measure_series(m.id, by="team")))
            out.update({
                "month_ends": months, "plain_pass_seconds": plain,
                "window_seconds": window.wall, "window_cpu_seconds": window.cpu,
                "series_team_seconds": series.wall, "series_team_cpu_seconds": series.cpu,
                "series_over_plain_pass": round(series.wall / plain, 1) if plain else None,
            })
            if scale == "medium":
                team = sm.measure_series("contacts", by="team", months=1)[0]["cells"][0]["key"]
                with _Clock() as page:
                    sm.scorecard(team=team)
                out["scorecard_team_cached_seconds"] = page.wall
        return out
    finally:
        if previous is not None:
            os.environ[config.ENV_HOME] = previous


def run(ctx: dict) -> dict:
    medium = _scale(ctx, "medium")
    large = _scale(ctx, "large")
    return {
        "medium": {**medium, "target_window_seconds": TARGETS["window_medium"],
                   "target_series_seconds": TARGETS["series_medium"],
                   "within_target": medium["window_seconds"] <= TARGETS["window_medium"]
                   and medium["series_team_seconds"] <= TARGETS["series_medium"]},
        "large": {**large, "target_series_seconds": TARGETS["series_large"],
                  "within_target": large["series_team_seconds"] <= TARGETS["series_large"]},
    }
