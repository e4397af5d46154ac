"""Charts: each spec has the layers and encodings its kind needs, renders to a self-contained SVG that
carries its title and text alternative, and comes with a data table where hidden values are "c"."""

from __future__ import annotations

import re

import pytest

from lineofsight.measures.spc import xmr
from lineofsight.reports import charts
from lineofsight.reports.formatting import direction_text, format_value, rag_text

VALUES = [80, 81, 79, 82, 83, 81, 80, 84, 85, 86, 87, 88, 89, 90, 91, 84, 83, 82, 81, 80, 79, 78, 77, 76]
ENDS = [f"{2024 + i // 12}-{i % 12 + 1:02d}-28" for i in range(24)]
TITLE = "Assessments within 45 working days"


@pytest.fixture(scope="module")
def spc() -> dict:
    res = xmr(VALUES, "higher_is_better", 90.0).as_dict()
    for p, end in zip(res["points"], ENDS, strict=True):
        p["period_end"] = end
    return res


def points(hidden: tuple[int, ...] = ()) -> list[dict]:
    return [{"period_end": e, "value": "c" if i in hidden else v} for i, (e, v) in enumerate(zip(ENDS, VALUES, strict=True))]


def marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]


def symbol_count(svg: str) -> int:
    group = re.search(r'<g class="mark-symbol role-mark[^>]*>(.*?)</g>', svg, re.S)
    return group.group(1).count("<path") if group else 0


def test_spc_spec_has_values_levels_and_flagged_points_by_shape_and_colour(spc):
    spec = charts.spc_chart(spc, title=TITLE, unit="percent", polarity="higher_is_better", target=90.0)
    kinds = marks(spec)
    assert "rule" in kinds and "line" in kinds and "point" in kinds
    dots = spec["layer"][kinds.index("point")]["encoding"]
    assert dots["shape"]["field"] == "flag" and dots["color"]["field"] == "flag"
    assert dots["shape"]["scale"]["range"] != [dots["shape"]["scale"]["range"][0]] * len(dots["shape"]["scale"]["range"])
    flags = {r["flag"] for r in charts.chart_rows(spec)}
    assert flags == {"Common cause", "Special cause – improving", "Special cause – concerning"}
    rules = spec["layer"][kinds.index("rule")]
    assert rules["encoding"]["strokeDash"]["field"] == "line"  # mean, limits and target differ by dash too
    levels = {r["line"]: r["at"] for r in rules["data"]["values"]}
    assert levels == pytest.approx({"Mean": spc["mean"], "Upper process limit": spc["upper_limit"],
                                    "Lower process limit": spc["lower_limit"], "Target": 90.0})
    assert [r["label"] for r in rules["data"]["values"]][-1] == "Target 90.0%"


def test_spc_svg_renders_offline_with_its_title_and_alternative(spc):
    spec = charts.spc_chart(spc, title=TITLE, unit="percent", polarity="higher_is_better", target=90.0)
    svg = charts.to_svg(spec)
    assert svg.startswith("<svg ") and TITLE in svg
    assert 'role="img"' in svg and "<title>" + TITLE in svg
    assert "<script" not in svg
    assert set(re.findall(r"https?://[^\"'\s)]+", svg)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert f'font-family="{charts.FONT}"' in svg and charts.FONT.startswith("Liberation Sans,")
    assert symbol_count(svg) == 24
    assert charts.to_png(spec)[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'font-family="DejaVu Sans Condensed, sans-serif"' in svg  # axis labels: set apart from the figures


def test_spc_text_alternative_says_value_change_variation_and_assurance(spc):
    spec = charts.spc_chart(spc, title=TITLE, unit="percent", polarity="higher_is_better", target=90.0)
    text = charts.text_alternative(spec)
    assert text.startswith(f"{TITLE}: 76.0% in December 2025, down from 77.0%;")
    assert "special cause variation, concerning" in text
    assert f"mean {spc['mean']:.1f}%" in text and "target 90.0% – consistently failing the target" in text
    assert spec["description"] == text


def test_hidden_points_are_left_out_of_the_marks_and_shown_as_c_in_the_table(spc):
    spec = charts.spc_chart(spc, title=TITLE, unit="percent", polarity="higher_is_better", target=90.0,
                            points=points(hidden=(5, 9)))
    svg = charts.to_svg(spec)
    assert symbol_count(svg) == 22
    table = charts.data_table(spec)
    assert table["headers"] == ["Month", "Value", "Variation"]
    assert table["rows"][5] == ["Jun 2024", "c", "c"] and table["rows"][9] == ["Oct 2024", "c", "c"]
    assert table["rows"][0] == ["Jan 2024", "80.0%", "Common cause"]
    assert "two months shown as c" in charts.text_alternative(spec)


def test_the_latest_month_hidden_is_said_in_words(spc):
    spec = charts.spc_chart(None, title=TITLE, unit="count", points=points(hidden=(23,)))
    text = charts.text_alternative(spec)
    assert "the figure for December 2025 is not shown (c: small numbers)" in text
    assert "too few published points for process limits" in text
    assert text.endswith("; one month shown as c.")
    assert spec["layer"][marks(spec).index("rule")]["data"]["values"] == []  # no levels to draw


def test_sparkline_is_a_line_and_the_latest_point_without_axes():
    spec = charts.sparkline(points(hidden=(3,)), title=TITLE, unit="percent")
    assert marks(spec) == ["line", "point"]
    assert spec["layer"][0]["encoding"]["x"]["axis"] is None
    assert charts.text_alternative(spec) == (
        f"{TITLE}: from 80.0% in January 2024 to 76.0% in December 2025; one month shown as c.")
    assert "<svg" in charts.to_svg(spec)


def test_breakdown_chart_bars_lines_table_and_text():
    cells = [{"key": "Team 1", "numerator": 70, "denominator": 100, "value": 70.0},
             {"key": "Team 2", "numerator": "c", "denominator": "c", "value": "c"},
             {"key": "Team 3", "numerator": 92, "denominator": 100, "value": 92.0}]
    spec = charts.breakdown_chart(cells, title=TITLE, unit="percent", overall=81.0, target=90.0)
    assert marks(spec) == ["bar", "text", "rule"]
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Team 1", "Team 2", "Team 3"]
    table = charts.data_table(spec)
    assert table["headers"] == ["Team", "Numerator", "Denominator", "Value"]
    assert table["rows"] == [["Team 1", "70", "100", "70.0%"], ["Team 2", "c", "c", "c"], ["Team 3", "92", "100", "92.0%"]]
    assert charts.text_alternative(spec) == (
        f"{TITLE} by team, three teams; highest Team 3 (92.0%); lowest Team 1 (70.0%); one shown as c (small numbers).")
    svg = charts.to_svg(spec)
    assert f"{TITLE} by team" in svg and ">c</text>" in svg


def test_benchmark_chart_names_each_benchmark_with_its_period():
    spec = charts.benchmark_chart(
        title=TITLE, unit="percent", ours={"name": "Testshire", "value": 81.25},
        england={"value": 85.7, "period": "year ending 31 March 2025"}, target=90.0)
    rows = charts.chart_rows(spec)
    assert [r["name"] for r in rows] == ["Testshire", "England (year ending 31 March 2025)"]
    assert marks(spec) == ["bar", "text", "rule"]
    assert charts.text_alternative(spec) == (
        f"{TITLE}: Testshire 81.2%, England (year ending 31 March 2025) 85.7%; target 90.0%.")
    assert "England (year ending 31 March 2025)" in charts.to_svg(spec)


def test_a_suppressed_authority_figure_has_no_bar():
    spec = charts.benchmark_chart(title=TITLE, unit="percent", ours={"name": "Testshire", "value": "c"},
                                  england={"value": 85.7, "period": "2025"})
    assert charts.data_table(spec)["rows"][0] == ["Testshire", "c"]
    svg = charts.to_svg(spec)
    bars = re.search(r'<g class="mark-rect role-mark[^>]*>(.*?)</g>', svg, re.S).group(1)
    assert bars.count("<path") == 1


def test_formatting_never_relies_on_colour_or_hides_a_c():
    assert format_value(84.2, "percent") == "84.2%"
    assert format_value("c", "count") == "c" and format_value(None, "count") == "–"
    assert format_value(1234, "count") == "1,234" and format_value(45.26, "rate_per_10000") == "45.3 per 10,000"
    assert format_value(33.5, "working_days") == "33.5 working days" and format_value(212.0, "days") == "212 days"
    assert rag_text("red") == "✗ Red" and rag_text(None) == "Not rated"
    assert direction_text({"direction": "up", "judgement": "worse", "change": 1.0}) == "▲ up, worse"
    assert direction_text(None) == "–"


def test_a_chart_is_rendered_once_per_snapshot_and_kept_in_its_cache(spc, tmp_path, monkeypatch):
    """The SVG and the PNG are kept under the snapshot's cache folder, keyed by the spec (which holds the
    data), so a second pack, format or process reads them instead of rendering again."""
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(tmp_path))
    spec = charts.spc_chart(spc, title=TITLE, unit="percent", polarity="higher_is_better", target=90.0)
    svg = charts.to_svg(spec, "20261123-171500-3f2a")
    png = charts.svg_to_png(svg, snapshot_id="20261123-171500-3f2a")
    kept = tmp_path / "cache" / "20261123-171500-3f2a" / "charts"
    assert [p.read_text() for p in kept.glob("*.svg")] == [svg]
    assert [p.read_bytes() for p in kept.glob("*.png")] == [png] and png[:8] == b"\x89PNG\r\n\x1a\n"

    def no_rendering(*_args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(charts, "_svg", no_rendering)
    monkeypatch.setattr(charts, "_png", no_rendering)
    assert charts.to_svg(spec, "20261123-171500-3f2a") == svg
    assert charts.svg_to_png(svg, snapshot_id="20261123-171500-3f2a") == png
    other = charts.spc_chart(spc, title=TITLE, unit="percent", polarity="higher_is_better", target=80.0)
    with pytest.raises(AssertionError, match="rendered again"):  # another chart is never taken for this one
        charts.to_svg(other, "20261123-171500-3f2a")


def test_a_packs_chart_is_drawn_only_when_a_format_shows_it(spc, tmp_path, monkeypatch):
    """Both formats give a team breakdown as a table: building the pack must not draw the breakdown's
    SVG (issue 14); the chart's text alternative and table are there all the same."""
    from lineofsight.reports import scrutiny

    monkeypatch.setenv("LINEOFSIGHT_HOME", str(tmp_path))
    cells = [{"key": "Team 1", "numerator": 70, "denominator": 100, "value": 70.0}]
    chart = scrutiny.Chart.of(charts.breakdown_chart(cells, title=TITLE, unit="percent", overall=70.0),
                              "20261123-171500-3f2a")
    kept = tmp_path / "cache" / "20261123-171500-3f2a" / "charts"
    assert chart.alt and chart.table["rows"] == [["Team 1", "70", "100", "70.0%"]] and not list(kept.glob("*.svg"))
    assert chart.svg.startswith("<svg") and [p.read_text() for p in kept.glob("*.svg")] == [chart.svg]


def test_the_print_svg_draws_the_same_picture_with_fewer_nodes(spc):
    """What the PDF embeds: the nodes that draw nothing left out, pixel for pixel the same chart, its
    text alternative kept."""
    import io

    from PIL import Image, ImageChops

    cells = [{"key": "Team 1", "numerator": 70, "denominator": 100, "value": 70.0},
             {"key": "Team 2", "numerator": "c", "denominator": "c", "value": "c"}]
    specs = [charts.spc_chart(spc, title=TITLE, unit="percent", polarity="higher_is_better", target=90.0,
                              points=points(hidden=(5,))),
             charts.breakdown_chart(cells, title=TITLE, unit="percent", overall=81.0, target=90.0),
             charts.benchmark_chart(title=TITLE, unit="percent", ours={"name": "Testshire", "value": 81.25},
                                    england={"value": 85.7, "period": "2025"}, target=90.0)]
    for spec in specs:
        svg = charts.to_svg(spec)
        printed = charts.print_svg(svg)
        assert printed.count("<") < 0.8 * svg.count("<")
        assert 'role="img"' in printed and "<title>" + charts.text_alternative(spec) in printed
        inside = printed.split(">", 1)[1]  # below the root element
        assert 'display="none"' in svg and 'display="none"' not in inside and 'class="' not in inside
        drawn = [Image.open(io.BytesIO(charts.svg_to_png(s, scale=1.0))).convert("RGBA") for s in (svg, printed)]
        assert drawn[0].size == drawn[1].size
        assert ImageChops.difference(*drawn).getbbox() is None  # no pixel differs
