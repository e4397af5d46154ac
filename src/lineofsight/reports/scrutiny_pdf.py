"""The scrutiny pack as a PDF: an HTML template and a print stylesheet, rendered by WeasyPrint.

The charts are the SVG the web pages embed (less the nodes that draw nothing: charts.print_svg), inline
as data: URIs, each rendered once per snapshot and then read from its cache. Nothing is fetched: the URL
fetcher accepts data: URIs only and stops the rendering on any other URL, the stylesheet is read from the package, and the font is DejaVu Sans from the
system. The footer of every page carries the snapshot id (CSS margin box).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lineofsight.reports import formatting as fmt

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = TEMPLATES / "reports" / "scrutiny.css"


def url_fetcher() -> Any:
    """WeasyPrint's fetcher allowed data: URIs only (the charts); any other URL stops the rendering."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


@lru_cache(maxsize=1)
def _engine() -> Any:
    """A template engine of our own, so the pack renders without the web app's template settings."""
    from django.template import Engine

    return Engine(dirs=[str(TEMPLATES)], autoescape=True,
                  libraries={"plan_tags": "lineofsight.plan.templatetags.plan_tags"})


def css_string(text: str) -> str:
    """Text safe inside a CSS double-quoted string within a <style> element."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")


def to_html(pack: Any) -> str:
    from django.template import Context

    template = _engine().get_template("reports/scrutiny.html")
    return template.render(Context({
        "pack": pack, "period_end": fmt.long_date(pack.period_end),
        "generated": f"{fmt.long_date(pack.generated_at.date())} at {pack.generated_at:%H:%M}",
    }))


def render_document(pack: Any) -> Any:
    """The laid-out WeasyPrint document (pages and their boxes), before it is written as PDF."""
    from weasyprint import CSS, HTML

    fetcher = url_fetcher()
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    # The footer of every page: the snapshot stamp, in a page-margin box.
    stamp = CSS(string=f'@page {{ @bottom-left {{ content: "{css_string(pack.stamp)}"; font-size: 7.5pt; '
                       f"color: #505a5f; }} }}", url_fetcher=fetcher)
    return HTML(string=to_html(pack), url_fetcher=fetcher).render(stylesheets=[stylesheet, stamp])


def to_pdf(pack: Any) -> bytes:
    document = render_document(pack)
    document.metadata.title = f"{pack.title}, {pack.period_text}"
    document.metadata.description = f"Snapshot {pack.snapshot_id}"
    return document.write_pdf()
