"""Drawing one chart with vl-convert: what both this process and the chart worker run.

Kept apart from charts.py (which builds specs with Altair, a second of imports) so that the worker
process (chart_worker.py) starts in a few milliseconds and draws exactly what charts.to_svg would.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

META = "lineofsight"


def meta(spec: Mapping) -> dict:
    """The chart's accessible alternatives (kind, caption, columns, alt)."""
    return dict(spec.get("usermeta", {}).get(META, {}))


def svg(spec_json: str) -> str:
    """The chart as SVG, carrying its text alternative (role, aria-label and <title>)."""
    import vl_convert as vlc

    spec = json.loads(spec_json)
    # allowed_base_urls=[]: no data, image or font is ever fetched from a URL.
    drawn = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    alt_text = html.escape(meta(spec).get("alt") or spec.get("description") or "", quote=True)
    # An image with its text alternative, so a screen reader reads one sentence, not every mark.
    return drawn.replace("<svg ", f'<svg role="img" aria-label="{alt_text}" ', 1).replace(
        ">", f"><title>{alt_text}</title>", 1)


def png(svg_text: str, scale: float) -> bytes:
    import vl_convert as vlc

    return vlc.svg_to_png(svg_text, scale=scale)
