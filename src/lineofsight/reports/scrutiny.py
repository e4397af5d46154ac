"""The quarterly scrutiny performance pack: built once from a snapshot, rendered as PDF and .docx.

`build_scrutiny_pack` reads everything through the measures selectors (no SQL here) and suppresses
it as for the scrutiny role before anything is formatted, so neither renderer can show a small number:

- each measure's figures are one suppression problem: the headline (the 12 months to the period end,
  or the state at it), its team breakdown, and the monthly points of its SPC chart. Relations tie
  them together: the teams add up to the headline; for counts and rates the last 12 months add up
  to the headline too; for a snapshot measure the last monthly point IS the headline.
- SPC limits for the pack are computed from the published months only, so the mean and the limits
  say nothing about a hidden month (they can differ from the unsuppressed app's by design).
- direction of travel is given as words, never as the earlier value, and not at all ("c") when
  either figure compared is hidden.

The pack is stamped with the snapshot id on the cover and in every page's footer.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from lineofsight.measures import availability, benchmarks, selectors
from lineofsight.measures.catalogue import AREAS, measure
from lineofsight.measures.model import Measure
from lineofsight.measures.periods import add_months, month_end
from lineofsight.measures.rag import direction
from lineofsight.measures.spc import xmr
from lineofsight.reports import chart_worker as workers
from lineofsight.reports import charts, commentary
from lineofsight.reports import formatting as fmt
from lineofsight.reports.published import MONTHS, Published, figure, published
from lineofsight.reports.suppression import FIGURE_FIELDS, SUPPRESSED, needs_primary
from lineofsight.schema.authority import Authority

if TYPE_CHECKING:
    from lineofsight.plan.selectors import PlanState

ADDITIVE = ("count", "rate")  # aggregates whose monthly values add up to the 12-month figure
SUPPRESSION_NOTE = (
    "Small numbers are suppressed as in DfE publications: a count from one to five, and any percentage, rate or "
    "average whose numerator or denominator is from one to five, is shown as \u201cc\u201d. Where figures add up "
    "to a published total (teams to the whole authority, months to the year), a second figure is also shown "
    "as \u201cc\u201d so that a hidden one cannot be worked out by subtraction. Zero is shown as 0. Process "
    "limits are calculated from the published months only."
)


class ReportError(ValueError):
    """A pack that cannot be built as asked (a date outside the data, an unknown plan)."""


class Patience:
    """How long a pack's charts wait for the chart workers, all together: CHART_WORKER_PATIENCE from the
    first chart that waits (so hung workers cost one wait, not one for each of sixty charts)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._until: float | None = None
        self._lock = threading.Lock()

    def left(self) -> float:
        with self._lock:
            if self._until is None:
                self._until = time.monotonic() + self.seconds
            return max(0.0, self._until - time.monotonic())


@dataclass(frozen=True)
class Chart:
    """One chart: its Vega-Lite spec, the SVG both renderers use, and its accessible alternatives.
    `snapshot_id` keeps the rendered SVG and PNG in that snapshot's cache (see charts.to_svg). The SVG
    is rendered when first asked for, so a chart no format shows (both give the team breakdown as a
    table: its chart is the web page's) is never drawn for the pack."""

    kind: str
    spec: dict
    alt: str
    table: dict
    snapshot_id: str | None = None
    drawing: Future | None = field(default=None, compare=False, repr=False)  # the chart worker's, if sent
    patience: Patience | None = field(default=None, compare=False, repr=False)  # shared by the pack's charts

    @classmethod
    def of(cls, spec: dict, snapshot_id: str | None = None) -> Chart:
        return cls(kind=charts.meta(spec).get("kind", ""), spec=spec, alt=charts.text_alternative(spec),
                   table=charts.data_table(spec), snapshot_id=snapshot_id)

    def drawn(self) -> None:
        """Wait for the chart worker to put this chart in the cache, if it was sent there. A chart it
        could not draw (or not in good time) is drawn here instead, and fails here if it must."""
        if self.drawing is not None:
            wait([self.drawing], timeout=self.patience.left() if self.patience else CHART_WORKER_PATIENCE)

    @cached_property
    def svg(self) -> str:
        self.drawn()
        return charts.to_svg(self.spec, self.snapshot_id)

    @property
    def uri(self) -> str:
        """The chart for the PDF: its SVG without the nodes that draw nothing (charts.print_svg)."""
        return charts.data_uri(charts.print_svg(self.svg))

    def png(self) -> bytes:
        return charts.svg_to_png(self.svg, snapshot_id=self.snapshot_id)


@dataclass(frozen=True)
class MeasureSection:
    """One measure as the pack shows it: every figure already suppressed and formatted as text."""

    id: str
    title: str
    area: str
    unit: str
    polarity: str
    period: str  # "1 April 2025 to 31 March 2026" or "at 31 March 2026"
    period_short: str  # "year to Mar 2026" or "at 31 Mar 2026"
    value: str
    basis: str  # "1,576 of 1,828 assessments" style count basis, or ""
    rag: str | None  # green/amber/red, None (not rated) or "c"
    rag_text: str
    vs_previous: str
    vs_last_year: str
    england: str
    neighbours: str
    target: str
    threshold: str
    variation: str
    assurance: str
    prompts: tuple[str, ...]
    suppressed: bool
    spc_chart: Chart
    breakdown_chart: Chart | None
    benchmark_chart: Chart | None
    team_rows: tuple[dict, ...] = ()  # {key, numerator, denominator, value} as text


@dataclass(frozen=True)
class AreaSection:
    name: str
    measures: tuple[MeasureSection, ...]


@dataclass(frozen=True)
class Definition:
    id: str
    title: str
    area: str
    definition: str
    source: str
    unit: str
    polarity: str
    period_type: str
    england_source: str


@dataclass
class ScrutinyPack:
    authority: str
    la_code: str
    period_start: dt.date
    period_end: dt.date
    snapshot_id: str
    loaded_at: str
    generated_at: dt.datetime
    areas: list[AreaSection]
    definitions: list[Definition]
    plan: PlanState | None = None
    plan_note: str = ""
    suppression_note: str = SUPPRESSION_NOTE
    teams: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.authority}: children's services performance report for scrutiny"

    @property
    def period_text(self) -> str:
        return f"{fmt.long_date(self.period_start)} to {fmt.long_date(self.period_end)}"

    @property
    def stamp(self) -> str:
        """The footer on every page."""
        return (f"{self.authority} · data to {fmt.long_date(self.period_end)} · snapshot {self.snapshot_id} · "
                f"small numbers suppressed")

    def measures(self) -> list[MeasureSection]:
        return [m for area in self.areas for m in area.measures]


# ---------------------------------------------------------------- building


def _basis(m: Measure, fig: Mapping) -> str:
    num, den = fig.get("numerator"), fig.get("denominator")
    if m.how == "share" and den not in (None, 0):
        return f"{fmt.format_count(num)} of {fmt.format_count(den)}"
    if m.how in ("mean", "median") and den not in (None, 0):
        return f"{fmt.format_count(den)} records"
    if m.how == "ratio" and den not in (None, 0):
        return f"{fmt.format_count(num)} children, {fmt.format_count(den)} workers"
    if m.how == "rate" and num is not None:
        return f"{fmt.format_count(num)} children"
    return ""


def _direction(m: Measure, now: Mapping | None, before: Mapping | None) -> str:
    if not now or not before:
        return fmt.NO_DATA
    if needs_primary(now) or needs_primary(before):
        return SUPPRESSED
    return fmt.direction_text(direction(now.get("value"), before.get("value"), m.polarity))


def _benchmark_text(m: Measure, bench: Mapping | None) -> str:
    if not bench:
        return fmt.NO_DATA
    return f"{fmt.format_value(bench['value'], m.unit)} ({bench.get('period', '')})"


def _period_short(m: Measure, end: dt.date) -> str:
    return f"at {end.day} {end:%b %Y}" if m.period_type == "snapshot" else f"year to {end:%b %Y}"


def _period(m: Measure, start: dt.date, end: dt.date) -> str:
    if m.period_type == "snapshot":
        return f"at {fmt.long_date(end)}"
    return f"{fmt.long_date(start)} to {fmt.long_date(end)}"


def published_spc(m: Measure, points: Sequence[Mapping], target: float | None) -> dict | None:
    """XmR over the published months only (hidden and empty months left out), so that the mean and the
    limits say nothing about a hidden month. For any reader shown "c": the web pages can use it too."""
    kept = [p for p in points if fmt.is_number(p.get("value"))]
    res = xmr([float(p["value"]) for p in kept], m.polarity, target)
    if res is None:
        return None
    out = res.as_dict()
    for point, src in zip(out["points"], kept, strict=True):
        point["period_end"] = src["period_end"]
    return out


def _level(value: float | None, unit: str) -> str:
    return fmt.format_value(value, unit) if value is not None else fmt.NO_DATA


@dataclass(frozen=True)
class MeasureData:
    """What the pack reads from the snapshot for one measure: its scorecard row (unsuppressed, as the
    selectors give it), its figures as a scrutiny reader sees them, and the last 13 rolling points."""

    row: dict
    published: Published
    rolling: list[dict]


@dataclass(frozen=True)
class Context:
    """What every measure's row needs from the snapshot besides its series, read once per pack."""

    neighbours: dict
    absent: dict
    targets: dict | None = None

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection, targets: dict | None = None) -> Context:
        return cls(neighbours=benchmarks.neighbour_figures(con), absent=availability.absent(con), targets=targets)


def scorecard_row(m: Measure, rolling: Sequence[Mapping], to: dt.date, context: Context) -> dict:
    """The fields of the measure's scorecard row (selectors.scorecard) the pack shows, from its rolling
    series to `to` (any breakdown: the authority's figure of each point is the same), so that the pack
    reads each measure's series once (tests/reports/test_scrutiny.py checks the two agree)."""
    last = rolling[-1] if rolling else None
    value = last["value"] if last and last["period_end"] == to.isoformat() else None
    return {"id": m.id, **selectors.headline(m, value, last, context.targets, context.neighbours, context.absent)}


def measure_data(con: duckdb.DuckDBPyConnection, authority: Authority, measure_id: str, to: dt.date,
                 context: Context) -> MeasureData:
    """One measure's figures from the last 24 months of its two series (rolling and in-month, by team
    where it has that breakdown; one query, cached per snapshot) and its window by every breakdown (one
    query)."""
    m = measure(measure_id)
    by = "team" if "team" in m.breakdowns else None
    recent = selectors.recent_series(con, authority, measure_id, by=by, to=to, months=MONTHS)
    rolling, months = recent["rolling"], recent["month"]
    # Suppressed together with every team and month a scrutiny reader can reach on any surface.
    return MeasureData(
        row=scorecard_row(m, rolling, to, context),
        published=published(con, authority, measure_id, to, rolling=rolling, months=months),
        rolling=[{k: v for k, v in p.items() if k != "cells"} for p in rolling[-13:]])


def build_measure(data: MeasureData, to: dt.date, start: dt.date, name: str,
                  snapshot_id: str | None = None) -> MeasureSection:
    """One measure's section: its scorecard row, series and team breakdown, suppressed and charted
    (each chart rendered once per snapshot: `snapshot_id` keys the chart cache)."""
    row, pub, rolling = data.row, data.published, data.rolling
    m = measure(row["id"])
    headline = figure(row)
    head = pub.total
    team_cells = sorted(({"key": c["key"], **{k: c[k] for k in (*FIGURE_FIELDS, "suppressed")}}
                         for c in pub.cells.get("team", [])), key=lambda c: str(c["key"]))
    month_points = pub.months[None]
    by_end = {p["period_end"]: p for p in rolling}
    previous = by_end.get(month_end(add_months(to, -1)).isoformat())
    last_year = by_end.get(month_end(add_months(to, -12)).isoformat())

    hidden = head["suppressed"] is not None
    target, threshold = row.get("target"), row.get("threshold")
    spc = published_spc(m, month_points, target)
    latest_hidden = bool(month_points) and not fmt.is_number(month_points[-1]["value"])
    rating = SUPPRESSED if hidden else row.get("rag")

    spc_spec = charts.spc_chart(spc, title=m.title, unit=m.unit, polarity=m.polarity, target=target,
                                points=[{"period_end": p["period_end"], "value": p["value"]} for p in month_points])
    breakdown = None
    if team_cells:
        breakdown = Chart.of(snapshot_id=snapshot_id, spec=charts.breakdown_chart(
            team_cells, title=m.title, unit=m.unit, dimension="team",
            # teams' counts (and counts per 10,000) add up to the total: a line at it would dwarf them
            overall=head["value"] if m.how not in ADDITIVE else None, target=target))
    benchmark = None
    england, neighbours = row.get("england"), row.get("neighbours")
    if england or neighbours:
        benchmark = Chart.of(snapshot_id=snapshot_id, spec=charts.benchmark_chart(
            title=m.title, unit=m.unit, ours={"name": f"{name} ({_period(m, start, to)})", "value": head["value"]},
            england=england, neighbours=neighbours, target=target))
    prompts = commentary.spc_prompts(spc, [p["period_end"] for p in (spc or {}).get("points", [])], m.polarity,
                                     m.unit, None if hidden else row.get("rag"))
    return MeasureSection(
        id=m.id, title=m.title, area=m.area, unit=m.unit, polarity=m.polarity, period=_period(m, start, to),
        period_short=_period_short(m, to),
        value=row.get("unavailable") or fmt.format_value(head["value"], m.unit),
        basis="" if hidden else _basis(m, head),
        rag=rating, rag_text=SUPPRESSED if hidden else fmt.rag_text(rating),
        vs_previous=SUPPRESSED if hidden else _direction(m, headline, previous),
        vs_last_year=SUPPRESSED if hidden else _direction(m, headline, last_year),
        england=_benchmark_text(m, england), neighbours=_benchmark_text(m, neighbours),
        target=_level(target, m.unit), threshold=_level(threshold, m.unit),
        variation=fmt.variation_text(spc["variation"]) if spc and not latest_hidden else
        ("Latest month not shown (c)" if spc else fmt.variation_text(None)),
        assurance=fmt.assurance_text(spc.get("assurance")) if spc else "",
        prompts=tuple(prompts), suppressed=hidden,
        spc_chart=Chart.of(spc_spec, snapshot_id), breakdown_chart=breakdown, benchmark_chart=benchmark,
        team_rows=tuple({"key": c["key"], "numerator": fmt.format_count(c["numerator"]),
                         "denominator": fmt.format_count(c["denominator"]),
                         "value": fmt.format_value(c["value"], m.unit)} for c in team_cells),
    )


def _draw_ahead(section: MeasureSection, formats: Iterable[str], worker: workers.Drawer | None,
                snapshot_id: str, patience: Patience) -> MeasureSection:
    """The section with the chart worker drawing, into the snapshot's cache, the charts the named formats
    show: the SPC and benchmark charts, as SVG for the PDF and PNG too for the .docx (each chart then
    waits for its own drawing when shown, so a .docx is written while the last charts are drawn). Both
    give the team breakdown as a table (its chart is the web page's)."""
    formats = set(formats) & {"pdf", "docx"}
    if worker is None or not formats:
        return section

    def ahead(chart: Chart | None) -> Chart | None:
        if chart is None:
            return None
        return replace(chart, drawing=charts.draw_ahead(worker, chart.spec, snapshot_id, png="docx" in formats),
                       patience=patience)

    return replace(section, spc_chart=ahead(section.spc_chart), benchmark_chart=ahead(section.benchmark_chart))


RENDERERS = {"pdf": "weasyprint", "docx": "docx"}


def _import_renderers(formats: Iterable[str]) -> None:
    """Import the named formats' renderers in the background while the pack is built (WeasyPrint takes
    1-2 s to import): the building thread mostly waits on DuckDB and on vl-convert's own thread."""
    names = [RENDERERS[f] for f in formats if f in RENDERERS]
    if names:
        threading.Thread(target=lambda: [importlib.import_module(n) for n in names], name="pack-imports",
                         daemon=True).start()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection while a pack is built or rendered (callers wrap both, so
    that it does not run in between either): the collector walked the pack's and WeasyPrint's millions
    of objects again and again, about 0.5 s of a 10-11 s cold PDF on the medium authority; peak memory
    was the same (365 MB) without it. The garbage is collected after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


READERS = 2  # threads reading the pack's measures, each on a cursor of its own
CHART_WORKER_PATIENCE = 120.0  # seconds a pack's charts wait for the chart workers before they are drawn here


@contextmanager
def _reads(con: duckdb.DuckDBPyConnection) -> Iterator[Callable[[], duckdb.DuckDBPyConnection]]:
    """A cursor for each reading thread (`cursor()` gives the calling thread's), with DuckDB on one
    thread a query meanwhile: the pack's hundred queries take 20-40 ms each, too short for DuckDB to
    share one across cores, and two at a time on a core each read the medium authority in 1.9 s
    instead of 3.3 s. The setting is the database's: in the web app, another request reading the same
    snapshot meanwhile also runs on one thread. It is reset to DuckDB's default afterwards (not to what
    it was: two packs built at once would otherwise leave it at one)."""
    local, opened, lock = threading.local(), [], threading.Lock()

    def cursor() -> duckdb.DuckDBPyConnection:
        if not hasattr(local, "cursor"):
            local.cursor = con.cursor()
            with lock:
                opened.append(local.cursor)
        return local.cursor

    con.execute("SET threads = 1")
    try:
        yield cursor
    finally:
        for c in opened:
            c.close()
        con.execute("RESET threads")


def _definitions(authority: Authority, ids: Iterable[str]) -> list[Definition]:
    out = []
    for measure_id in ids:
        info = selectors.describe(measure_id, authority)
        england = info.get("england")
        out.append(Definition(
            id=info["id"], title=info["title"], area=info["area"], definition=info["definition"],
            source=info["source"], unit=fmt.UNIT_LABELS.get(info["unit"], info["unit"]),
            polarity={"higher_is_better": "Higher is better", "lower_is_better": "Lower is better"}.get(
                info["polarity"], "Neither higher nor lower is better"),
            period_type="Events in the 12 months" if info["period_type"] == "in_period" else "State at the period end",
            england_source=f"{england['source']}, {england['period']}" if england else "",
        ))
    return out


def _snapshot_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    from lineofsight.warehouse.snapshots import snapshot_meta

    try:
        return snapshot_meta(con)
    except duckdb.CatalogException:
        return {}


@gc_paused()
def build_scrutiny_pack(
    con: duckdb.DuckDBPyConnection, authority: Authority, to: dt.date, plan_name: str | None = None, *,
    targets: dict | None = None, measure_ids: Iterable[str] | None = None, include_plan: bool = True,
    formats: Iterable[str] = ("pdf", "docx"), chart_worker: workers.Drawer | None = None,
) -> ScrutinyPack:
    """Everything the pack shows, suppressed as for the scrutiny role. `to` must be a month end within
    the data; the headline period is the 12 months to it. `plan_name` None takes the council's plan
    (the only one, or its Ofsted plan); the plan register needs Django set up (the CLI does it).
    `formats` names the renderings to come: their charts are drawn while the queries run and may still
    be drawing when the pack is returned (each waits for its own when shown; any other chart is drawn
    when first shown), by `chart_worker` if the caller started one early (chart_worker.start:
    its half second of start-up then overlaps the caller's; the caller closes it too, should the build
    stop before it starts), else by one started here."""
    if to != month_end(to):
        raise ReportError(f"--to must be a month end (such as {month_end(to).isoformat()}), not {to.isoformat()}")
    first, last = selectors.history(con)
    if not first <= to <= last:
        raise ReportError(f"the data runs from {first.isoformat()} to {last.isoformat()}: choose a month end "
                          f"between them, not {to.isoformat()}")
    meta = _snapshot_meta(con)
    sid = meta.get("id")
    if not sid:
        raise ReportError("not a snapshot: the pack must be stamped with a snapshot id")
    start = selectors.window_start(to)
    ids = list(measure_ids or []) or [m.id for m in selectors.catalogue()]
    for measure_id in ids:
        measure(measure_id)  # an unknown id stops the pack before any work
    # The measures are read two at a time in worker threads (see _reads), while this thread builds the
    # sections in order and sends their charts to the chart workers, processes of their own: vl-convert
    # holds the GIL, so here it would stop the queries' Python half; there it draws on another core.
    _import_renderers(formats)
    worker = chart_worker or workers.start(formats)
    patience = Patience(CHART_WORKER_PATIENCE)
    with _reads(con) as cursor:
        pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="pack-data")
        try:
            context = Context.of(con, targets)
            ahead = [pool.submit(lambda i: measure_data(cursor(), authority, i, to, context), measure_id)
                     for measure_id in ids]
            sections = []
            for data in ahead:
                sections.append(_draw_ahead(build_measure(data.result(), to, start, authority.la_name, sid),
                                            formats, worker, sid, patience))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # on an error, the queries running end; the rest never start
            if worker is not None:
                worker.close()  # it ends once it has drawn what it was sent: each chart waits for its own
    areas = [AreaSection(a, tuple(s for s in sections if s.area == a)) for a in AREAS]
    pack = ScrutinyPack(
        authority=authority.la_name, la_code=authority.la_code, period_start=start, period_end=to,
        snapshot_id=sid, loaded_at=meta.get("loaded_at", ""), generated_at=dt.datetime.now().replace(microsecond=0),
        areas=[a for a in areas if a.measures], definitions=_definitions(authority, [s.id for s in sections]),
    )
    if include_plan:
        pack.plan, pack.plan_note = plan_summary(plan_name)
    else:
        pack.plan_note = "The improvement plan is not part of this pack."
    return pack


# ---------------------------------------------------------------- the improvement plan

def plan_summary(plan_name: str | None, as_at: dt.date | None = None) -> tuple[PlanState | None, str]:
    """The plan's state for the summary (from the plan register), or None and a sentence saying why not."""
    from django.apps import apps

    if not apps.ready:
        raise ReportError("the improvement plan register needs Django set up (lineofsight.web.bootstrap.setup())")
    from lineofsight.plan import selectors as plan_selectors
    from lineofsight.plan.models import Plan, PlanKind

    plans = list(plan_selectors.plans())
    if plan_name is not None:
        chosen = next((p for p in plans if plan_name in (p.name, p.slug)), None)
        if chosen is None:
            names = ", ".join(p.name for p in plans) or "none yet"
            raise ReportError(f"no improvement plan called {plan_name!r} (plans: {names})")
    elif not plans:
        return None, "No improvement plan has been set up in Line of Sight, so this pack has no plan summary."
    else:
        chosen = next((p for p in plans if p.kind == PlanKind.OFSTED), plans[0])
    assert isinstance(chosen, Plan)
    state = plan_selectors.plan_state(chosen, as_at=as_at)
    note = f"{state.name}, as at {fmt.long_date(state.as_at)}."
    return state, note


# ---------------------------------------------------------------- the council's own levels and standards

def council_settings() -> tuple[dict, dict[str, int]]:
    """The thresholds and targets, and the local standards, an administrator has set in the web app
    ({measure_id: {threshold, target}}, {standard: value}), so the CLI's pack and the button's agree
    with the pages. Empty when the web app's settings are not installed."""
    try:
        from lineofsight.web.dashboard import selectors as app_settings
    except ImportError:
        return {}, {}
    return app_settings.levels(), app_settings.standard_overrides()


def with_standards(authority: Authority, standards: Mapping[str, int]) -> Authority:
    return replace(authority, standards={**authority.standards, **standards}) if standards else authority


# ---------------------------------------------------------------- rendering

@gc_paused()
def render_pdf(pack: ScrutinyPack, path: str | Path | None = None) -> bytes:
    """The pack as a PDF (WeasyPrint, no network); written to `path` when given. Returns the bytes."""
    from lineofsight.reports.scrutiny_pdf import to_pdf

    data = to_pdf(pack)
    if path is not None:
        Path(path).write_bytes(data)
    return data


@gc_paused()
def render_docx(pack: ScrutinyPack, path: str | Path | None = None) -> bytes:
    """The pack as an editable .docx (python-docx, charts as PNG); written to `path` when given."""
    from lineofsight.reports.scrutiny_docx import to_docx

    data = to_docx(pack)
    if path is not None:
        Path(path).write_bytes(data)
    return data


FORMATS: dict[str, tuple[str, Any]] = {
    "pdf": ("application/pdf", render_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
}


def filename(pack: ScrutinyPack, fmt_: str) -> str:
    return f"scrutiny-pack-{pack.la_code}-{pack.period_end.isoformat()}.{fmt_}"
