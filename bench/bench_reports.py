"""The scrutiny pack on the medium authority: from cold, again, and where the time goes.

Through the CLI in child processes (wall and CPU seconds, peak MB), each "cold" run in a home of its
own: a copy of a home that has made one pack (its app database migrated, the chart templates kept per
code, see charts._template) holding the medium snapshot with nothing kept for it (no measure series,
no suppression, no charts), as a council's home is when it has loaded a new month's data:
- the PDF from cold (issue 14: <= 10 s) and the .docx from cold (<= 5 s), each in its own home;
- the other format after it in the same home (series and charts then cached per snapshot), and the PDF
  again, which is what the web app's button and a second period pay;
- the split of one cold pack, in this process: the measures read alone (a build drawing no chart), a
  cold build for both formats whose charts (SVG and the .docx's PNG) the chart worker processes draw
  meanwhile, how long the charts then took to be all drawn after the build returned, WeasyPrint's
  layout and drawing, then the .docx.
CPU seconds are reported beside wall seconds because the machine is shared: on two cores other jobs
can double a wall time. Targets are the issue's; the figures are reported, never enforced in tests.
"""

from __future__ import annotations

import contextlib
import resource
import shutil
import time
from pathlib import Path

from bench.measure import cli, loaded_home, run_measured

TARGETS = {"pdf_cold_seconds": 10.0, "docx_cold_seconds": 5.0}


def _cold_home(ctx: dict, name: str, used: Path | None = None) -> str:
    """A home for one cold pack: a copy of `used` (a home that has made a pack before) without what it
    keeps for its snapshot (measure series, suppression, charts) or the pack it wrote; with no `used`,
    a new home holding only a copy of the medium authority's current snapshot."""
    home = Path(ctx["work"]) / f"home-reports-{name}"
    shutil.rmtree(home, ignore_errors=True)
    if used is not None:
        def per_snapshot(folder: str, names: list[str]) -> list[str]:
            if Path(folder) == used / "cache":
                return [n for n in names if n != TEMPLATES.name]
            return [n for n in names if n.startswith("pack.")] if Path(folder) == used else []

        shutil.copytree(used, home, ignore=per_snapshot)
        return str(home)
    source = Path(loaded_home(ctx, "medium")) / "snapshots"
    sid = (source / "current").read_text(encoding="utf-8").strip()
    (home / "snapshots").mkdir(parents=True)
    shutil.copy2(source / f"{sid}.duckdb", home / "snapshots" / f"{sid}.duckdb")
    (home / "snapshots" / "current").write_text(sid, encoding="utf-8")
    return str(home)


TEMPLATES = Path("cache") / "chart-templates"


def _used_home(ctx: dict) -> Path:
    """A home that has made one .docx pack: its app database made (the migrations run once: 0.65 s) and
    the chart templates kept (per code, not per snapshot), as a council's home is when it loads a new
    month's data. The snapshot file is also read once, as it is by the load."""
    home = Path(_cold_home(ctx, "used"))
    _pack(str(home), "docx")
    return home


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pack(home: str, fmt: str) -> dict:
    """`lineofsight report scrutiny --format fmt` in a child process: wall and CPU seconds, peak MB, bytes."""
    out = Path(home) / f"pack.{fmt}"
    cpu = _children_cpu()
    result = run_measured(cli("report", "scrutiny", "--format", fmt, "--out", str(out), "--home", home))
    if result["exit"] != 0:
        raise RuntimeError(f"lineofsight report scrutiny --format {fmt} failed: {result.get('stderr_tail', '')}")
    return {**result, "cpu_seconds": round(_children_cpu() - cpu, 2), "bytes": out.stat().st_size}


def _split(ctx: dict, used: Path) -> dict:
    """Where a cold PDF's time goes, in this process: the measures read alone (a build drawing no chart,
    from its own cold home), then a cold build whose charts the chart workers draw meanwhile (and how
    long the charts took to be all drawn after the build returned), WeasyPrint's layout and drawing,
    and the .docx."""
    import os

    from lineofsight import config
    from lineofsight.measures import selectors
    from lineofsight.reports import scrutiny, scrutiny_pdf
    from lineofsight.warehouse.snapshots import open_snapshot, snapshot_authority
    from lineofsight.web import bootstrap

    previous = os.environ.get(config.ENV_HOME)

    def build(name: str, formats: tuple[str, ...]) -> tuple[object, float]:
        config.set_home(_cold_home(ctx, name, used))
        bootstrap.setup()  # the pack's template loads the plan register's tags
        with contextlib.closing(open_snapshot()) as con:
            started = time.perf_counter()
            pack = scrutiny.build_scrutiny_pack(con, snapshot_authority(con), selectors.history(con)[1],
                                                include_plan=False, formats=formats)
            return pack, time.perf_counter() - started

    try:
        _, queries = build("split-queries", ())
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        pack, built = build("split", ("pdf", "docx"))
        after = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        for chart in (c for m in pack.measures() for c in (m.spc_chart, m.benchmark_chart) if c):
            chart.drawn()
        drawing_after_build = time.perf_counter() - started
        started = time.perf_counter()
        document = scrutiny_pdf.render_document(pack)
        laid_out = time.perf_counter() - started
        started = time.perf_counter()
        document.write_pdf()
        drawn = time.perf_counter() - started
        started = time.perf_counter()
        scrutiny.render_docx(pack)
        docx = time.perf_counter() - started
    finally:
        if previous is not None:
            os.environ[config.ENV_HOME] = previous
    return {
        "charts": sum(1 for m in pack.measures() for c in (m.spc_chart, m.benchmark_chart) if c),
        "pages": len(document.pages),
        "measure_queries_alone_seconds": round(queries, 2),
        "build_with_charts_seconds": round(built, 2),
        "build_cpu_seconds_this_process": round(after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, 2),
        "waited_for_chart_workers_after_build_seconds": round(drawing_after_build, 2),
        "pdf_layout_seconds": round(laid_out, 2), "pdf_draw_and_write_seconds": round(drawn, 2),
        "docx_seconds": round(docx, 2),
    }


def run(ctx: dict) -> dict:
    used = _used_home(ctx)
    pdf_home, docx_home = _cold_home(ctx, "pdf", used), _cold_home(ctx, "docx", used)
    pdf_cold = _pack(pdf_home, "pdf")
    docx_after_pdf = _pack(pdf_home, "docx")
    pdf_again = _pack(pdf_home, "pdf")
    docx_cold = _pack(docx_home, "docx")
    return {
        "pdf_cold": pdf_cold, "docx_cold": docx_cold,
        "docx_after_pdf": docx_after_pdf, "pdf_again": pdf_again,
        "split_in_process": _split(ctx, used),
        **{f"target_{k}": v for k, v in TARGETS.items()},
        "within_target": pdf_cold["seconds"] <= TARGETS["pdf_cold_seconds"]
        and docx_cold["seconds"] <= TARGETS["docx_cold_seconds"],
    }
