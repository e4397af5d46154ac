"""One Vega-Lite spec per chart (built with Altair), the same spec on the web page and in print.

Each builder takes plain data as the measures selectors return it (after suppression, for a
scrutiny reader: a hidden value is "c") and returns a Vega-Lite dict. `to_svg` renders it with
vl-convert, which bundles Vega itself: nothing is fetched (external data URLs are refused and the
font is Liberation Sans, see FONT), and the SVG needs no script, so the web page embeds it as
it is and the PDF renderer draws it. Every spec carries its own accessible alternatives under
usermeta.lineofsight: a text alternative (also the spec's `description`, which Vega writes into the
SVG's aria-label) and the columns of a data table, which `data_table(spec)` returns ready to show
beside or under the chart. Points hidden as "c" are left out of the marks and shown as "c" in the table.

SPC charts follow NHS England's Making Data Count: values joined by a line, the mean, the upper and
lower process limits, the target, and special-cause points marked by shape as well as colour.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lineofsight import config
from lineofsight.reports import formatting as fmt
from lineofsight.reports import render
from lineofsight.reports.render import META, meta
from lineofsight.reports.suppression import SUPPRESSED

if TYPE_CHECKING:
    import altair as alt

    from lineofsight.reports.chart_worker import Drawer

# The charts' text is Liberation Sans (metric-compatible with Arial), the face vl-convert carries in
# memory: it measures every label, and with a font it reads from a file (DejaVu Sans on Debian) that
# took two thirds of a chart's rendering (issue 14: 60-70 ms a chart, 20-25 ms in Liberation Sans).
# The same face ships in FONT_FILES for WeasyPrint (the PDF's @font-face); a browser showing the SVG
# uses its own Liberation Sans or Arial, which has the same metrics. Every renderer so draws the text
# in the widths it was measured in.
FONT = "Liberation Sans, Arial, sans-serif"
# Axis labels in a condensed face: positions on a scale, set apart from the figures (a test that scans
# a PDF for small counts tells them apart by the font). vl-convert has no DejaVu Sans Condensed, so it
# measures and draws them in its sans-serif, Liberation Sans, a little wider: the labels keep their room.
AXIS_FONT = "DejaVu Sans Condensed, sans-serif"
FONT_FILES = {"normal": Path(__file__).resolve().parent / "fonts" / "LiberationSans-Regular.ttf",
              "bold": Path(__file__).resolve().parent / "fonts" / "LiberationSans-Bold.ttf"}

# GOV.UK-like palette; every categorical colour is paired with a shape or a dash pattern.
INK, GREY, LIGHT, BLUE, ORANGE, PURPLE, GREEN = (
    "#0b0c0c", "#505a5f", "#b1b4b6", "#1d70b8", "#d4351c", "#912b88", "#00703c")

VARIATION_FLAGS = ("Common cause", "Special cause – improving", "Special cause – concerning", "Special cause")
VARIATION_SHAPES = ("circle", "square", "diamond", "triangle-up")
VARIATION_COLOURS = (GREY, BLUE, ORANGE, PURPLE)
LEVEL_LINES = ("Mean", "Upper process limit", "Lower process limit", "Target")
LEVEL_DASHES = ([1, 0], [6, 3], [6, 3], [2, 2])
LEVEL_COLOURS = (INK, GREY, GREY, GREEN)


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # aria=False: no per-mark descriptions; the SVG as a whole gets the text alternative (see _svg).
    # Axis labels in the condensed face: positions on a scale, set apart from the figures (a test that
    # scans a PDF for small counts tells them apart by the font).
    return chart.configure(font=FONT, aria=False).configure_view(stroke=None).configure_axis(
        labelFontSize=10, titleFontSize=10, gridColor="#e6e6e6", labelFont=AXIS_FONT, titleFont=AXIS_FONT,
    ).configure_legend(
        labelFontSize=10, titleFontSize=10, orient="bottom", direction="horizontal", columns=4,
    ).configure_title(fontSize=12, anchor="start")


def _number(value: object) -> float | None:
    return float(value) if fmt.is_number(value) else None


def _floor(limit: float) -> float:
    """A lower process limit as drawn: no figure here can be negative, so a limit below zero is zero."""
    return max(0.0, float(limit))


def _with_meta(spec: dict, kind: str, caption: str, columns: Sequence[tuple[str, str]], alt_text: str) -> dict:
    spec["description"] = alt_text
    spec["usermeta"] = {META: {"kind": kind, "caption": caption, "columns": [list(c) for c in columns],
                               "alt": alt_text}}
    return spec


def _x_month(title: str | None = "Month") -> alt.X:
    import altair as alt

    return alt.X("period_end:T", timeUnit="utcyearmonth", title=title,
                 axis=alt.Axis(format="%b %Y", labelAngle=-45, labelOverlap=True))


def _unit_title(unit: str) -> str:
    return fmt.UNIT_LABELS.get(unit, "")


# ---------------------------------------------------------------- SPC

def _flag(point: Mapping | None, hidden: bool, polarity: str) -> str:
    if hidden:
        return SUPPRESSED
    if not point or not point.get("special"):
        return VARIATION_FLAGS[0]
    if polarity == "neutral" or point.get("direction") is None:
        return VARIATION_FLAGS[3]
    good = "high" if polarity == "higher_is_better" else "low"
    return VARIATION_FLAGS[1] if point["direction"] == good else VARIATION_FLAGS[2]


def spc_rows(points: Sequence[Mapping], spc: Mapping | None, unit: str, polarity: str,
             target: float | None) -> list[dict]:
    """One row per month: the value (None when hidden or missing), its label, its SPC flag and the levels."""
    flags = {p.get("period_end"): p for p in (spc or {}).get("points", [])}
    rows = []
    for p in points:
        hidden = p.get("value") == SUPPRESSED
        rows.append({
            "period_end": p["period_end"], "month": fmt.short_month(p["period_end"]),
            "value": _number(p.get("value")), "label": fmt.format_value(p.get("value"), unit),
            "flag": _flag(flags.get(p["period_end"]), hidden, polarity) if fmt.is_number(p.get("value")) or hidden
            else fmt.NO_DATA,
            "Mean": spc["mean"] if spc else None,
            "Upper process limit": spc["upper_limit"] if spc else None,
            "Lower process limit": _floor(spc["lower_limit"]) if spc else None,
            "Target": target,
        })
    return rows


def spc_text(title: str, unit: str, points: Sequence[Mapping], spc: Mapping | None,
             target: float | None) -> str:
    """'Assessments within 45 working days: 84.2% in March 2026, up from 81.0%; common cause variation;
    target 90.0% – hit and miss against the target.'"""
    parts = []
    if not points:
        return f"{title}: no figures for this period."
    last = points[-1]
    month = fmt.month_label(last["period_end"])
    if last.get("value") == SUPPRESSED:
        parts.append(f"{title}: the figure for {month} is not shown (c: small numbers)")
    elif not fmt.is_number(last.get("value")):
        parts.append(f"{title}: no figure for {month}")
    else:
        text = f"{title}: {fmt.format_value(last['value'], unit)} in {month}"
        prev = points[-2].get("value") if len(points) > 1 else None
        if fmt.is_number(prev):
            change = float(last["value"]) - float(prev)
            moved = "up" if change > 0 else "down" if change < 0 else "unchanged"
            text += f", {moved} from {fmt.format_value(prev, unit)}" if moved != "unchanged" else ", unchanged"
        parts.append(text)
    if spc:
        parts.append(fmt.variation_text(spc.get("variation")).lower().replace("variation – ", "variation, "))
        parts.append(f"mean {fmt.format_level(spc['mean'], unit)}, process limits "
                     f"{fmt.format_level(_floor(spc['lower_limit']), unit)} to {fmt.format_level(spc['upper_limit'], unit)}")
    else:
        parts.append("too few published points for process limits")
    if target is not None:
        assurance = fmt.assurance_text(spc.get("assurance")) if spc else ""
        parts.append(f"target {fmt.format_value(target, unit)}" + (f" – {assurance}" if assurance else ""))
    hidden = sum(1 for p in points if p.get("value") == SUPPRESSED)
    if hidden:
        parts.append(f"{fmt.plural(hidden, 'month')} shown as c")
    return "; ".join(parts) + "."


# ---------------------------------------------------------------- templates

def _fill(node: Any, subs: Mapping[str, Any], datasets: Mapping[str, list]) -> Any:
    """A copy of a template with its placeholders filled: a named dataset becomes inline values; a
    placeholder string (or a one-item list holding one) becomes its substitute."""
    if isinstance(node, dict):
        if set(node) == {"name"} and node["name"] in datasets:
            return {"values": datasets[node["name"]]}
        return {k: _fill(v, subs, datasets) for k, v in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], str) and node[0] in subs:
            return copy.deepcopy(subs[node[0]])
        return [_fill(v, subs, datasets) for v in node]
    if isinstance(node, str) and node in subs:
        return copy.deepcopy(subs[node])
    return node


@lru_cache(maxsize=1)
def _code_key() -> str:
    """What the templates are built from: this module's code, the suppression mark and Altair's version."""
    from importlib.metadata import version

    code = Path(__file__).read_bytes() + SUPPRESSED.encode("utf-8") + version("altair").encode("ascii")
    return hashlib.sha256(code).hexdigest()[:16]


def _template(build: Callable[..., alt.TopLevelMixin]) -> Callable[..., str]:
    """A chart template's JSON, built by Altair once and kept in the home's cache under the code it was
    built from (_code_key), so a process that finds it there never imports Altair: a third of a second
    of a cold scrutiny pack's start, and of a web worker's first chart (issue 14)."""

    @lru_cache(maxsize=64)
    def kept(*key: Any) -> str:
        path = (config.home() / "cache" / "chart-templates" /
                f"{build.__name__.strip('_')}-{_code_key()}-{'-'.join(map(str, key))}.json")
        with contextlib.suppress(OSError):
            return path.read_text(encoding="utf-8")
        text = json.dumps(_config(build(*key)).to_dict())
        with contextlib.suppress(OSError):  # a home that cannot be written to only means building it again
            config.write_atomic(path, text.encode("utf-8"))
        return text

    return kept


@_template
def _spc_template(width: int, height: int) -> alt.TopLevelMixin:
    """The SPC chart built by Altair once per size; titles, levels and flags are placeholders."""
    import altair as alt

    x = _x_month()
    y = alt.Y("value:Q", title="__Y_TITLE__", scale=alt.Scale(zero=False, nice=True))
    levels = alt.NamedData("levels")
    rules = alt.Chart(levels).mark_rule(strokeWidth=1.2).encode(
        y=alt.Y("at:Q", title="__Y_TITLE__"),
        strokeDash=alt.StrokeDash("line:N", legend=None, scale=alt.Scale(
            domain=list(LEVEL_LINES), range=list(LEVEL_DASHES))),
        stroke=alt.Stroke("line:N", legend=None, scale=alt.Scale(domain=list(LEVEL_LINES), range=list(LEVEL_COLOURS))),
    )
    # Each level labelled at the right-hand end of its line (direct labels, no colour legend).
    labels = alt.Chart(levels).mark_text(align="left", dx=4, fontSize=9).encode(
        x=alt.value(width), y=alt.Y("at:Q", title="__Y_TITLE__"), text="label:N",
        fill=alt.Fill("line:N", legend=None, scale=alt.Scale(domain=list(LEVEL_LINES), range=list(LEVEL_COLOURS))),
    )
    line = alt.Chart().mark_line(color=GREY, strokeWidth=1.5, invalid="break-paths-show-domains").encode(x=x, y=y)
    dots = alt.Chart().transform_filter("isValid(datum.value)").mark_point(filled=True, size=55, opacity=1).encode(
        x=x, y=y,
        shape=alt.Shape("flag:N", title="Variation", scale=alt.Scale(domain=["__FLAGS__"], range=["__SHAPES__"])),
        color=alt.Color("flag:N", title="Variation", scale=alt.Scale(domain=["__FLAGS__"], range=["__COLOURS__"])),
        tooltip=[alt.Tooltip("month:N", title="Month"), alt.Tooltip("label:N", title="Value"),
                 alt.Tooltip("flag:N", title="Variation")],
    )
    hidden = alt.Chart().transform_filter(f"datum.flag == '{SUPPRESSED}'").mark_text(
        baseline="bottom", dy=-2, fontSize=10, color=INK).encode(x=x, y=alt.value(height), text=alt.value(SUPPRESSED))
    chart = alt.layer(rules, labels, line, dots, hidden, data=alt.NamedData("rows")).properties(
        title="__TITLE__", width=width, height=height)
    return chart


def spc_chart(spc: Mapping | None, *, title: str, unit: str, polarity: str = "neutral",
              target: float | None = None, points: Sequence[Mapping] | None = None,
              width: int = 520, height: int = 180) -> dict:
    """An XmR chart: values, mean, process limits, target and special-cause points (shape and colour).

    `spc` is a measure_spc() result (or None when there are too few points for limits); `points`
    [{period_end, value}] default to its points, and may hold "c" for hidden months.
    """
    points = list(points if points is not None else (spc or {}).get("points", []))
    rows = spc_rows(points, spc, unit, polarity, target)
    short = {"Mean": "Mean", "Upper process limit": "Upper limit", "Lower process limit": "Lower limit",
             "Target": "Target"}
    levels = [{"line": name, "at": rows[0][name], "label": f"{short[name]} {fmt.format_level(rows[0][name], unit)}"}
              for name in LEVEL_LINES if rows and rows[0][name] is not None]
    present = [i for i, f in enumerate(VARIATION_FLAGS) if any(r["flag"] == f for r in rows)] or [0]
    spec = _fill(json.loads(_spc_template(width, height)), {
        "__TITLE__": title, "__Y_TITLE__": _unit_title(unit),
        "__FLAGS__": [VARIATION_FLAGS[i] for i in present], "__SHAPES__": [VARIATION_SHAPES[i] for i in present],
        "__COLOURS__": [VARIATION_COLOURS[i] for i in present],
    }, {"rows": rows, "levels": levels})
    caption = f"{title}: monthly values"
    if spc:
        caption += (f"; mean {fmt.format_level(spc['mean'], unit)}, process limits "
                    f"{fmt.format_level(_floor(spc['lower_limit']), unit)} to "
                    f"{fmt.format_level(spc['upper_limit'], unit)}")
    if target is not None:
        caption += f"; target {fmt.format_value(target, unit)}"
    return _with_meta(spec, "spc", caption, (("month", "Month"), ("label", "Value"), ("flag", "Variation")),
                      spc_text(title, unit, points, spc, target))


# ---------------------------------------------------------------- sparkline

@_template
def _sparkline_template(width: int, height: int) -> alt.TopLevelMixin:
    import altair as alt

    x = alt.X("period_end:T", timeUnit="utcyearmonth", axis=None)
    y = alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False))
    line = alt.Chart().mark_line(color=INK, strokeWidth=1.2, invalid="break-paths-show-domains").encode(x=x, y=y)
    last = alt.Chart().transform_filter("isValid(datum.value)").transform_window(
        rank="rank()", sort=[alt.SortField("period_end", order="descending")]).transform_filter(
        "datum.rank == 1").mark_point(filled=True, size=18, color=INK).encode(x=x, y=y)
    chart = alt.layer(line, last, data=alt.NamedData("rows")).properties(width=width, height=height)
    return chart


def sparkline(points: Sequence[Mapping], *, title: str, unit: str, width: int = 120, height: int = 28) -> dict:
    """A small line of the last months (no axes), the latest point marked; hidden months leave a gap."""
    rows = [{"period_end": p["period_end"], "month": fmt.short_month(p["period_end"]),
             "value": _number(p.get("value")), "label": fmt.format_value(p.get("value"), unit)} for p in points]
    spec = _fill(json.loads(_sparkline_template(width, height)), {}, {"rows": rows})
    shown = [r for r in rows if r["value"] is not None]
    if shown:
        text = (f"{title}: from {fmt.format_value(shown[0]['value'], unit)} in {fmt.month_label(shown[0]['period_end'])} "
                f"to {fmt.format_value(shown[-1]['value'], unit)} in {fmt.month_label(shown[-1]['period_end'])}")
    else:
        text = f"{title}: no published figures in these months"
    hidden = sum(1 for r in rows if r["label"] == SUPPRESSED)
    text += f"; {fmt.plural(hidden, 'month')} shown as c." if hidden else "."
    return _with_meta(spec, "sparkline", f"{title}: the last {len(rows)} months",
                      (("month", "Month"), ("label", "Value")), text)


# ---------------------------------------------------------------- breakdown

def breakdown_text(title: str, unit: str, cells: Sequence[Mapping], dimension: str = "team") -> str:
    shown = [c for c in cells if fmt.is_number(c.get("value"))]
    hidden = sum(1 for c in cells if c.get("value") == SUPPRESSED)
    if not cells:
        return f"{title} by {dimension}: no figures."
    parts = [f"{title} by {dimension}, {fmt.plural(len(cells), dimension)}"]
    if shown:
        hi = max(shown, key=lambda c: float(c["value"]))
        lo = min(shown, key=lambda c: float(c["value"]))
        parts.append(f"highest {hi['key']} ({fmt.format_value(hi['value'], unit)})")
        if lo is not hi:
            parts.append(f"lowest {lo['key']} ({fmt.format_value(lo['value'], unit)})")
    if hidden:
        parts.append(f"{fmt.number_words(hidden)} shown as c (small numbers)")
    return "; ".join(parts) + "."


@_template
def _breakdown_template(width: int) -> alt.TopLevelMixin:
    import altair as alt

    y = alt.Y("key:N", title="__DIMENSION__", sort=["__ORDER__"])
    x = alt.X("value:Q", title="__X_TITLE__")
    bars = alt.Chart().transform_filter("isValid(datum.value)").mark_bar(color=BLUE).encode(
        x=x, y=y, tooltip=[alt.Tooltip("key:N", title="__DIMENSION__"), alt.Tooltip("label:N", title="Value")])
    labels = alt.Chart().transform_calculate(at="isValid(datum.value) ? datum.value : 0").mark_text(
        align="left", dx=3, fontSize=9, color=INK).encode(x=alt.X("at:Q", title="__X_TITLE__"), y=y, text="label:N")
    refs = alt.Chart(alt.NamedData("refs")).mark_rule(strokeWidth=1.2).encode(
        x=alt.X("at:Q", title="__X_TITLE__"),
        strokeDash=alt.StrokeDash("line:N", title="Lines", scale=alt.Scale(
            domain=["__REF_NAMES__"], range=["__REF_DASHES__"])),
        color=alt.Color("line:N", title="Lines", scale=alt.Scale(domain=["__REF_NAMES__"], range=["__REF_COLOURS__"])))
    chart = alt.layer(bars, labels, refs, data=alt.NamedData("rows")).properties(
        title="__TITLE__", width=width, height=alt.Step(16))
    return chart


def breakdown_chart(cells: Sequence[Mapping], *, title: str, unit: str, dimension: str = "team",
                    overall: object = None, target: float | None = None, width: int = 420) -> dict:
    """Horizontal bars, one per cell (in the order given), the overall figure and target as lines;
    a hidden cell has no bar and a "c" beside its name."""
    rows = [{"key": str(c["key"]), "value": _number(c.get("value")), "label": fmt.format_value(c.get("value"), unit),
             "numerator": fmt.format_count(c.get("numerator")) if c.get("numerator") is not None else "",
             "denominator": fmt.format_count(c.get("denominator")) if c.get("denominator") is not None else ""}
            for c in cells]
    refs = [{"line": name, "at": v} for name, v in (("Overall", _number(overall)), ("Target", target)) if v is not None]
    styles = {"Overall": ([1, 0], INK), "Target": ([2, 2], GREEN)}  # a legend only for the lines drawn
    spec = _fill(json.loads(_breakdown_template(width)), {
        "__TITLE__": f"{title} by {dimension}", "__DIMENSION__": dimension.capitalize(),
        "__ORDER__": [r["key"] for r in rows], "__X_TITLE__": _unit_title(unit),
        "__REF_NAMES__": [r["line"] for r in refs], "__REF_DASHES__": [styles[r["line"]][0] for r in refs],
        "__REF_COLOURS__": [styles[r["line"]][1] for r in refs],
    }, {"rows": rows, "refs": refs})
    if not refs:  # no lines drawn: no legend for them
        for channel in ("strokeDash", "color"):
            spec["layer"][2]["encoding"][channel]["legend"] = None
    columns = [("key", dimension.capitalize())]
    if any(r["numerator"] for r in rows) and unit in ("percent", "ratio"):
        columns.append(("numerator", "Numerator"))
    if any(r["denominator"] for r in rows) and unit in ("percent", "ratio", "days", "working_days"):
        columns.append(("denominator", "Denominator" if unit in ("percent", "ratio") else "Records"))
    columns.append(("label", "Value"))
    return _with_meta(spec, "breakdown", f"{title} by {dimension}", columns,
                      breakdown_text(title, unit, cells, dimension))


# ---------------------------------------------------------------- benchmark comparison

def benchmark_text(title: str, unit: str, bars: Sequence[Mapping], target: float | None) -> str:
    parts = [f"{b['name']} {fmt.format_value(b.get('value'), unit)}" for b in bars]
    text = f"{title}: " + ", ".join(parts)
    if target is not None:
        text += f"; target {fmt.format_value(target, unit)}"
    return text + "."


@_template
def _benchmark_template(width: int) -> alt.TopLevelMixin:
    import altair as alt

    y = alt.Y("name:N", title=None, sort=["__ORDER__"], axis=alt.Axis(labelLimit=260))
    x = alt.X("value:Q", title="__X_TITLE__")
    bar = alt.Chart().transform_filter("isValid(datum.value)").mark_bar().encode(
        x=x, y=y,
        color=alt.Color("who:N", title=None, scale=alt.Scale(domain=["This authority", "Benchmark"],
                                                             range=[BLUE, LIGHT])),
        tooltip=[alt.Tooltip("name:N", title="Who"), alt.Tooltip("label:N", title="Value")])
    text = alt.Chart().transform_calculate(at="isValid(datum.value) ? datum.value : 0").mark_text(
        align="left", dx=3, fontSize=9, color=INK).encode(x=alt.X("at:Q", title="__X_TITLE__"), y=y, text="label:N")
    target = alt.Chart(alt.NamedData("refs")).mark_rule(strokeDash=[2, 2], color=GREEN, strokeWidth=1.2).encode(
        x=alt.X("at:Q", title="__X_TITLE__"))
    chart = alt.layer(bar, text, target, data=alt.NamedData("rows")).properties(
        title="__TITLE__", width=width, height=alt.Step(18))
    return chart


def benchmark_chart(*, title: str, unit: str, ours: Mapping, england: Mapping | None = None,
                    neighbours: Mapping | None = None, target: float | None = None, width: int = 420) -> dict:
    """The authority's figure beside England's (and its statistical neighbours'), with the period of
    each benchmark in its label, and the target as a line. `ours` is {name, value}; the benchmarks are
    the selectors' {value, period, ...}."""
    bars = [{"name": str(ours["name"]), "value": ours.get("value"), "period": ours.get("period", "")}]
    if england:
        bars.append({"name": f"England ({england.get('period', '')})".replace(" ()", ""),
                     "value": england.get("value"), "period": england.get("period", "")})
    if neighbours:
        bars.append({"name": f"Statistical neighbours ({neighbours.get('period', '')})".replace(" ()", ""),
                     "value": neighbours.get("value"), "period": neighbours.get("period", "")})
    rows = [{**b, "value": _number(b["value"]), "label": fmt.format_value(b["value"], unit),
             "who": "This authority" if i == 0 else "Benchmark"} for i, b in enumerate(bars)]
    spec = _fill(json.loads(_benchmark_template(width)), {
        "__TITLE__": f"{title}: benchmarks", "__ORDER__": [r["name"] for r in rows], "__X_TITLE__": _unit_title(unit),
    }, {"rows": rows, "refs": [{"line": "Target", "at": target}] if target is not None else []})
    return _with_meta(spec, "benchmark", f"{title} against benchmarks",
                      (("name", "Who"), ("label", "Value")), benchmark_text(title, unit, bars, target))


# ---------------------------------------------------------------- rendering and alternatives

@lru_cache(maxsize=1024)
def _svg(spec_json: str) -> str:
    return render.svg(spec_json)


def to_svg(spec: Mapping, snapshot_id: str | None = None) -> str:
    """The chart as a self-contained SVG string (no scripts, no external references).

    With a snapshot id the SVG is also kept on disk under the snapshot's cache folder, keyed by the
    spec (which holds the chart's data): rendering costs 20-60 ms a chart (vl-convert measures every
    label with the font), a pack has over a hundred, and a snapshot's figures never change, so each
    chart is rendered once per snapshot whichever format, period or process asks for it again."""
    spec_json = json.dumps(spec, sort_keys=True)
    if not snapshot_id:
        return _svg(spec_json)
    path = _svg_path(snapshot_id, spec_json)
    return _cached(path, lambda: _svg(spec_json).encode("utf-8")).decode("utf-8")


def draw_ahead(worker: Drawer, spec: Mapping, snapshot_id: str, png: bool = False) -> Future | None:
    """Have the chart worker draw the chart into the snapshot's cache (and its PNG, for the .docx),
    unless it is there already; to_svg and svg_to_png then read it. None when nothing is to draw."""
    spec_json = json.dumps(spec, sort_keys=True)
    svg_path = _svg_path(snapshot_id, spec_json)
    kept = None
    with contextlib.suppress(FileNotFoundError):
        kept = svg_path.read_text(encoding="utf-8")
        if not png or _png_path(snapshot_id, kept, PNG_SCALE).exists():
            return None

    def keep(svg: str, drawn: bytes | None) -> None:
        if kept is None:
            config.write_atomic(svg_path, svg.encode("utf-8"))
        if drawn is not None:
            config.write_atomic(_png_path(snapshot_id, svg, PNG_SCALE), drawn)

    # an SVG already kept goes for its PNG alone
    return worker.submit(None if kept else spec_json, PNG_SCALE if png else None, then=keep, svg=kept)


PNG_SCALE = 2.0  # the .docx's pictures: twice the SVG's size, sharp in print


def svg_to_png(svg: str, scale: float = PNG_SCALE, snapshot_id: str | None = None) -> bytes:
    """A PNG of a rendered chart (for the .docx), drawn from the same SVG the page and the PDF use;
    kept beside the SVG when a snapshot id is given (10-20 ms a chart at twice the size)."""
    if snapshot_id:
        return _cached(_png_path(snapshot_id, svg, scale), lambda: _png(svg, scale))
    return _png(svg, scale)


def _png(svg: str, scale: float) -> bytes:
    return render.png(svg, scale)


RENDER_VERSION = "2"  # part of every cached chart's key: change it when the rendering changes


def _cache_path(snapshot_id: str, source: str, suffix: str) -> Path:
    import vl_convert as vlc

    digest = hashlib.sha256(f"{RENDER_VERSION}\n{vlc.__version__}\n{source}".encode()).hexdigest()[:32]
    return config.home() / "cache" / snapshot_id / "charts" / f"{digest}.{suffix}"


def _svg_path(snapshot_id: str, spec_json: str) -> Path:
    return _cache_path(snapshot_id, spec_json, "svg")


def _png_path(snapshot_id: str, svg: str, scale: float) -> Path:
    return _cache_path(snapshot_id, f"{scale}:{svg}", "png")


def _cached(path: Path, make: Callable[[], bytes]) -> bytes:
    """The file's bytes, or `make()`'s written there first (via a temporary file and a rename, so a
    concurrent reader never sees half a chart)."""
    with contextlib.suppress(FileNotFoundError):
        return path.read_bytes()
    data = make()
    config.write_atomic(path, data)
    return data


SVG_NS = "http://www.w3.org/2000/svg"
_NOT_DRAWN_ATTRS = ("class", "role", "aria-roledescription", "aria-hidden", "pointer-events")


def print_svg(svg: str) -> str:
    """The same drawing with what draws nothing left out, for the PDF: Vega writes an empty background
    and a hidden foreground path for every group and wraps marks in bare groups, about 40% of the nodes
    WeasyPrint walks one by one (pixel for pixel the same picture; tests/reports/test_charts.py). The
    root keeps its role, aria-label and <title>: the text alternative."""
    from xml.etree import ElementTree as ET

    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    group, path = f"{{{SVG_NS}}}g", f"{{{SVG_NS}}}path"
    root = ET.fromstring(svg)

    def draws_nothing(el: ET.Element) -> bool:
        return el.get("display") == "none" or (
            el.tag == path and el.get("class") in ("background", "foreground")
            and not (el.get("fill") or el.get("stroke")))  # Vega's root group sets fill="none"

    def prune(parent: ET.Element) -> None:
        kept: list[ET.Element] = []
        for child in parent:
            if draws_nothing(child):
                continue
            prune(child)
            for name in _NOT_DRAWN_ATTRS:
                child.attrib.pop(name, None)
            if child.tag == group and (not child.attrib or len(child) == 0):
                kept.extend(child)  # a bare group's children take its place; an empty group goes
                continue
            kept.append(child)
        parent[:] = kept

    prune(root)
    return ET.tostring(root, encoding="unicode")


def data_uri(svg: str) -> str:
    """The SVG as a data: URI for an <img> (the PDF and the web page embed it so; no file, no fetch)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def to_png(spec: Mapping, scale: float = PNG_SCALE) -> bytes:
    return svg_to_png(to_svg(spec), scale)


def chart_rows(spec: Mapping) -> list[dict]:
    """The data rows behind a chart (inline values at the top level or in a named dataset)."""
    data = spec.get("data") or {}
    if "values" in data:
        return copy.deepcopy(list(data["values"]))
    if "name" in data:
        return copy.deepcopy(list(spec.get("datasets", {}).get(data["name"], [])))
    return []


def data_table(spec: Mapping) -> dict:
    """The accessible table alternative: {"caption", "headers", "rows"} with every cell as text
    (a hidden value is "c"), in the chart's own order."""
    m = meta(spec)
    columns = m.get("columns", [])
    rows = [[("" if r.get(field) is None else str(r.get(field))) for field, _ in columns] for r in chart_rows(spec)]
    return {"caption": m.get("caption", ""), "headers": [title for _, title in columns], "rows": rows}


def text_alternative(spec: Mapping) -> str:
    return meta(spec).get("alt", "")
