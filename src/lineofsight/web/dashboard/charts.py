"""Charts on the pages. The SPC chart and the team breakdown are the report's own Vega-Lite specs
(lineofsight.reports.charts), rendered to SVG on the server, so the page and the printed pack show
the same chart; each comes with its text alternative and its data table. Sparklines and the bars
beside breakdown tables are tiny SVG drawn by svg.py: dozens per page, so they must be instant.

Rendered charts are memoised by their inputs: building a spec and rendering it takes a good part of
a second, and the inputs (one snapshot's figures) never change.
"""

from __future__ import annotations

import base64
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence

from django.utils.safestring import SafeString

from lineofsight.reports import charts as report_charts
from lineofsight.web.dashboard import svg

MEMO_SIZE = 512
_lock = threading.Lock()
_memo: OrderedDict[str, dict] = OrderedDict()


def _rendered(key: object, build: Callable[[], dict]) -> dict:
    """{"src": data URI of the SVG, "alt": text alternative, "table": {caption, headers, rows}}."""
    digest = json.dumps(key, sort_keys=True, default=str)
    with _lock:
        if digest in _memo:
            _memo.move_to_end(digest)
            return _memo[digest]
    spec = build()
    rendered = {
        "src": "data:image/svg+xml;base64," + base64.b64encode(report_charts.to_svg(spec).encode()).decode(),
        "alt": report_charts.text_alternative(spec),
        "table": report_charts.data_table(spec),
    }
    with _lock:
        _memo[digest] = rendered
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return rendered


def sparkline(points: Sequence[tuple[str, float | None]], unit: str) -> SafeString:
    return svg.sparkline(points, unit)


def spc_chart(spc: Mapping, points: Sequence[Mapping], *, title: str, unit: str, polarity: str,
              target: float | None) -> dict:
    """The XmR chart; `points` [{period_end, value}] hold "c" for months hidden from this reader."""
    return _rendered(("spc", spc, points, title, unit, polarity, target), lambda: report_charts.spc_chart(
        spc, title=title, unit=unit, polarity=polarity, target=target, points=points))


def breakdown_chart(cells: Sequence[Mapping], *, title: str, unit: str, dimension: str, overall: object,
                    target: float | None) -> dict:
    return _rendered(("breakdown", cells, title, unit, dimension, overall, target),
                     lambda: report_charts.breakdown_chart(cells, title=title, unit=unit, dimension=dimension,
                                                           overall=overall, target=target))
