"""How the scrutiny pack gets built fast without changing it (issue 14): the chart worker (a child
process draws exactly what this process would, into the snapshot's cache, and a chart it cannot draw is
drawn, or fails, here instead), the readers' cursors, and the garbage collector paused meanwhile."""

from __future__ import annotations

import json

import pytest

from lineofsight.measures.spc import xmr
from lineofsight.reports import charts
from lineofsight.reports.chart_worker import ChartWorker

SID = "20261123-171500-3f2a"


@pytest.fixture()
def spec() -> dict:
    values = [70.0, 72.0, 71.0, 75.0, 69.0, 74.0, 73.0, 76.0, 77.0, 76.0, 75.0, 78.0, 74.0, 77.0, 76.0]
    result = xmr(values, "higher_is_better", 90.0).as_dict()
    ends = [f"{2024 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-28" for m in range(1, 16)]
    for point, end in zip(result["points"], ends, strict=True):
        point["period_end"] = end
    return charts.spc_chart(result, title="Visits on time", unit="percent", polarity="higher_is_better",
                            target=90.0)


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(tmp_path))
    return tmp_path


def test_the_worker_draws_what_this_process_draws_into_the_snapshots_cache(spec, home, monkeypatch):
    worker = ChartWorker()
    try:
        future = charts.draw_ahead(worker, spec, SID, png=True)
        svg, png = future.result(timeout=60)
    finally:
        worker.close()
    assert svg == charts._svg(json.dumps(spec, sort_keys=True)) and png[:8] == b"\x89PNG\r\n\x1a\n"

    def no_rendering(*_args):
        raise AssertionError("drawn again in this process")

    monkeypatch.setattr(charts, "_svg", no_rendering)
    monkeypatch.setattr(charts, "_png", no_rendering)
    assert charts.to_svg(spec, SID) == svg and charts.svg_to_png(svg, snapshot_id=SID) == png
    # a chart already kept is not sent again
    assert charts.draw_ahead(ChartWorkerThatMustNotBeAsked(), spec, SID, png=True) is None


def test_a_kept_svg_goes_to_the_worker_for_its_png_alone(spec, home):
    """After the PDF (SVGs kept), the .docx asks the worker for PNGs of those same SVGs, not new drawings."""
    svg = charts.to_svg(spec, SID)
    asked = []

    class Recording(ChartWorker):
        def submit(self, spec_json, png_scale=None, then=None, svg=None):
            asked.append((spec_json, png_scale, svg))
            return super().submit(spec_json, png_scale, then=then, svg=svg)

    worker = Recording()
    try:
        drawn_svg, png = charts.draw_ahead(worker, spec, SID, png=True).result(timeout=60)
    finally:
        worker.close()
    assert asked == [(None, charts.PNG_SCALE, svg)] and drawn_svg == svg
    assert charts.svg_to_png(svg, snapshot_id=SID) == png == charts._png(svg, charts.PNG_SCALE)


class ChartWorkerThatMustNotBeAsked:
    def submit(self, *_args, **_kwargs):
        raise AssertionError("asked to draw a chart already kept")


def test_a_chart_the_worker_cannot_draw_fails_alone_and_the_next_is_drawn(spec, home):
    worker = ChartWorker()
    try:
        bad = worker.submit(json.dumps({"mark": "point", "data": {"url": "https://example.org/x.csv"},
                                        "encoding": {"x": {"field": "a", "type": "quantitative"}}}))
        good = charts.draw_ahead(worker, spec, SID)
        with pytest.raises(RuntimeError):
            bad.result(timeout=60)
        assert good.result(timeout=60)[0].startswith("<svg")
    finally:
        worker.close()


def test_when_the_worker_dies_its_charts_fail_and_are_drawn_here(spec, home):
    worker = ChartWorker()
    worker._process.kill()
    future = charts.draw_ahead(worker, spec, SID)
    with pytest.raises(RuntimeError, match="ended early"):
        future.result(timeout=60)
    assert charts.to_svg(spec, SID).startswith("<svg")  # drawn here, when first shown


def test_a_worker_that_answers_nonsense_fails_its_charts_and_is_stopped(spec, home, monkeypatch):
    import sys

    monkeypatch.setattr(ChartWorker, "COMMAND", (sys.executable, "-c",
                                                 "import sys\nfor _ in sys.stdin: print('not an answer', flush=True)"))
    worker = ChartWorker()
    first, second = charts.draw_ahead(worker, spec, SID), worker.submit("{}")
    with pytest.raises(ValueError):
        first.result(timeout=60)
    with pytest.raises(RuntimeError, match="ended early"):
        second.result(timeout=60)
    assert worker._process.wait(timeout=60) is not None
    with pytest.raises(RuntimeError, match="ended early"):  # asked after it ended: failed at once
        worker.submit("{}").result(timeout=5)
    assert charts.to_svg(spec, SID).startswith("<svg")  # drawn here instead


def test_two_workers_take_the_charts_in_turn_and_both_end_when_closed(spec, home):
    from lineofsight.reports.chart_worker import ChartWorkers

    workers = ChartWorkers(2)
    sent: list[int] = []
    for index, worker in enumerate(workers.workers):
        submit = worker.submit

        def counted(*args, _index=index, _submit=submit, **kwargs):
            sent.append(_index)
            return _submit(*args, **kwargs)

        worker.submit = counted
    other = json.loads(json.dumps(spec))
    other["title"] = "Another chart"
    try:
        futures = [workers.submit(json.dumps(s, sort_keys=True)) for s in (spec, other, spec)]
        drawn = [f.result(timeout=60)[0] for f in futures]
    finally:
        workers.close()
    assert sent == [0, 1, 0]
    assert drawn[0] == drawn[2] == charts._svg(json.dumps(spec, sort_keys=True)) != drawn[1]
    assert [w._process.wait(timeout=60) for w in workers.workers] == [0, 0]


def test_a_chart_waits_for_its_own_drawing_before_it_is_read(spec, home, monkeypatch):
    """The pack is returned while the worker may still be drawing; each chart, when shown, waits for its
    drawing and then reads it from the cache (not drawn twice)."""
    import threading
    from concurrent.futures import Future

    from lineofsight.reports.scrutiny import Chart

    drawing: Future = Future()
    chart = Chart(kind="spc", spec=spec, alt="", table={}, snapshot_id=SID, drawing=drawing)
    svg = charts._svg(json.dumps(spec, sort_keys=True))

    def draw_later() -> None:
        charts._cached(charts._svg_path(SID, json.dumps(spec, sort_keys=True)), lambda: svg.encode())
        drawing.set_result((svg, None))

    monkeypatch.setattr(charts, "_svg", lambda *_a: pytest.fail("drawn here, not waited for"))
    timer = threading.Timer(0.5, draw_later)
    timer.start()
    assert chart.svg == svg and drawing.done()


def test_charts_whose_worker_hangs_wait_once_together_then_are_drawn_here(spec, home):
    """A pack's charts share one patience: with workers that never answer, the first chart waits it out
    and the rest do not wait again; each is drawn in this process instead."""
    import time
    from concurrent.futures import Future

    from lineofsight.reports.scrutiny import Chart, Patience

    patience = Patience(0.5)
    other = json.loads(json.dumps(spec))
    other["title"] = "Another chart"
    hung = [Chart(kind="spc", spec=s, alt="", table={}, snapshot_id=SID, drawing=Future(), patience=patience)
            for s in (spec, other)]
    waits = []
    for chart in hung:
        started = time.monotonic()
        chart.drawn()
        waits.append(time.monotonic() - started)
    assert waits[0] >= 0.5 and waits[1] < 0.25 and patience.left() == 0.0
    assert [chart.svg for chart in hung] == [charts._svg(json.dumps(s, sort_keys=True)) for s in (spec, other)]


def test_chart_templates_are_kept_so_that_a_later_process_needs_no_altair(home, monkeypatch):
    """Altair builds each template once per code (this module, the "c" mark, Altair's version); another
    process then reads it from the home's cache and never imports Altair. Changed code builds anew."""
    import sys

    def build() -> dict:
        return charts.spc_chart(None, title="Visits", unit="count", points=[
            {"period_end": "2025-01-31", "value": 3}, {"period_end": "2025-02-28", "value": "c"}])

    charts._spc_template.cache_clear()
    first = build()
    kept = sorted((home / "cache" / "chart-templates").glob("spc_template-*.json"))
    assert len(kept) == 1
    charts._spc_template.cache_clear()  # as in a new process
    monkeypatch.setitem(sys.modules, "altair", None)  # importing Altair now fails
    assert build() == first
    charts._spc_template.cache_clear()
    monkeypatch.setattr(charts, "_code_key", lambda: "changed")
    with pytest.raises(ImportError):  # not kept for this code: Altair is needed again
        build()
    charts._spc_template.cache_clear()


def test_the_packs_readers_each_have_a_cursor_and_the_connection_gets_its_setting_back():
    """The pack reads two measures at a time, each thread on its own cursor with DuckDB on one thread a
    query (issue 14); the connection's setting is DuckDB's default again after (even when it was set to
    one by another pack meanwhile), the cursors closed."""
    import threading

    import duckdb

    from lineofsight.reports.scrutiny import _reads

    default = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0]
    con = duckdb.connect()
    con.execute("SET threads = 1")  # another pack's, meanwhile
    seen = {}
    with _reads(con) as cursor:
        mine = cursor()
        assert cursor() is mine and mine is not con
        assert mine.execute("SELECT current_setting('threads')").fetchone()[0] == 1
        other = threading.Thread(target=lambda: seen.setdefault("other", cursor()))
        other.start()
        other.join()
        assert seen["other"] is not mine
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == default
    for closed in (mine, seen["other"]):
        with pytest.raises(duckdb.ConnectionException):
            closed.execute("SELECT 1")


def test_the_collector_is_paused_while_a_pack_is_built_and_put_back_even_on_an_error():
    import gc

    from lineofsight.reports.scrutiny import gc_paused

    seen = []

    @gc_paused()
    def build(fail: bool) -> None:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("a bad request")

    assert gc.isenabled()
    build(False)
    with pytest.raises(ValueError):
        build(True)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()  # a caller that had paused it already keeps it paused
    try:
        build(False)
        assert not gc.isenabled()
    finally:
        gc.enable()
