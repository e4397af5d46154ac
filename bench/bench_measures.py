"""The core data set on the medium and large authorities (and, opt-in, an xl one: bench_xl.py).

Figures (targets beside them, from issue 14; never enforced in tests):
- every measure for one window (the latest 12 months) on medium: cold (a new connection, nothing cached)
  <= 1 s; warm (the scorecard's request by team, once the series are cached) <= 0.3 s;
- the full monthly series (the whole history, about 72 month ends; rolling 12 months and in-month)
  of every measure with its team breakdown, computed cold: medium <= 2 s, large <= 7 s;
- the reference, in the same run: a handful of representative measures (counts, shares, working days,
  snapshot rates, a snapshot share over visits) written as straightforward hand-written SQL per measure
  (bench/reference.py), checked equal to the engine's figures, with the engine's time as a ratio to
  theirs (below 1 = the engine is faster), so the figures can be read on a busy machine;
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
from bench.reference import REFERENCE

TARGETS = {"window_medium_cold": 1.0, "window_medium_warm": 0.3, "series_medium": 2.0, "series_large": 7.0}


class _Clock:
    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = round(time.perf_counter() - self.wall, 3)
        self.cpu = round(time.process_time() - self.cpu, 3)


def _best(fn, repeat: int = 3) -> tuple[float, object]:
    """The fastest of `repeat` runs (seconds) and the last result: the least disturbed by other jobs."""
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return best, out


def _same(engine_rows: list[tuple], reference_rows: list[tuple]) -> bool:
    """The engine's total rows equal the reference's: counts exactly, values to 1e-9."""
    ours = sorted((r[0], r[3], r[4], r[5]) for r in engine_rows if r[1] is None)
    theirs = sorted(reference_rows)
    if len(ours) != len(theirs):
        return False
    for a, b in zip(ours, theirs, strict=True):
        if a[:3] != tuple(b[:3]) or (a[3] is None) != (b[3] is None):
            return False
        if a[3] is not None and abs(float(a[3]) - float(b[3])) > 1e-9:
            return False
    return True


def reference_figures(con, authority, start, end) -> dict:
    """Each reference measure's series (no breakdown): engine and hand-written SQL, equal, timed."""
    from lineofsight.measures import engine
    from lineofsight.measures.catalogue import measure
    from lineofsight.measures.periods import PERIODS_SQL, month_ends, periods_params, series_periods

    engine.prepare(con)
    out: dict = {}
    for mid, sql in REFERENCE.items():
        m = measure(mid)
        periods = series_periods(month_ends(start, end), in_month=m.period_type == "in_period")
        params = periods_params(periods, authority)
        ours, ours_rows = _best(lambda m=m, periods=periods: engine.aggregate(con, authority, m, periods))
        body = sql.strip()
        query = f"WITH {PERIODS_SQL},\n{body[5:]}" if body.startswith("WITH ") else f"WITH {PERIODS_SQL}\n{body}"
        theirs, their_rows = _best(lambda query=query, params=params: con.execute(query, params).fetchall())
        out[mid] = {"engine_seconds": round(ours, 3), "reference_seconds": round(theirs, 3),
                    "engine_over_reference": round(ours / theirs, 2) if theirs else None,
                    "equal": _same(ours_rows, their_rows)}
    total_ours = sum(v["engine_seconds"] for v in out.values())
    total_theirs = sum(v["reference_seconds"] for v in out.values())
    return {"measures": out, "engine_seconds": round(total_ours, 3), "reference_seconds": round(total_theirs, 3),
            "engine_over_reference": round(total_ours / total_theirs, 2) if total_theirs else None,
            "all_equal": all(v["equal"] for v in out.values())}


def _clear_cache(sm) -> None:
    from lineofsight import config

    shutil.rmtree(config.home() / "cache" / sm.id / "measures", ignore_errors=True)


def series_figures(sm) -> dict:
    """Every measure's whole-history series with its team breakdown, cold (cache emptied), in `sm`."""
    from lineofsight.measures import selectors

    _clear_cache(sm)
    months = 0
    with _Clock() as series:
        for m in selectors.catalogue():
            months = max(months, len(sm.measure_series(m.id, by="team")))
    return {"month_ends": months, "series_team_seconds": series.wall, "series_team_cpu_seconds": series.cpu}


def _scale(ctx: dict, scale: str) -> dict:
    from lineofsight import config
    from lineofsight.measures import selectors

    previous = os.environ.get(config.ENV_HOME)
    config.set_home(_home(ctx, scale))
    try:
        with selectors.SnapshotMeasures() as sm:
            start, end = sm.history()
            out: dict = {"snapshot": sm.id, "history": f"{start}..{end}", "measures": len(selectors.catalogue())}
            _clear_cache(sm)  # cold: a new connection, nothing cached (the load warms the cache)
            with _Clock() as cold:
                sm.measure_window(selectors.window_start(end), end)
            out.update(series_figures(sm))
            with _Clock() as warm:  # the scorecard's request once the series are cached
                sm.measure_window(selectors.window_start(end), end, by="team")
            out.update({"window_cold_seconds": cold.wall, "window_cold_cpu_seconds": cold.cpu,
                        "window_warm_seconds": warm.wall, "window_warm_cpu_seconds": warm.cpu})
            out["reference"] = reference_figures(sm.con, sm.authority, start, end)
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
        "medium": {**medium, "target_window_cold_seconds": TARGETS["window_medium_cold"],
                   "target_window_warm_seconds": TARGETS["window_medium_warm"],
                   "target_series_seconds": TARGETS["series_medium"],
                   "within_target": medium["window_cold_seconds"] <= TARGETS["window_medium_cold"]
                   and medium["window_warm_seconds"] <= TARGETS["window_medium_warm"]
                   and medium["series_team_seconds"] <= TARGETS["series_medium"]},
        "large": {**large, "target_series_seconds": TARGETS["series_large"],
                  "within_target": large["series_team_seconds"] <= TARGETS["series_large"]},
    }
