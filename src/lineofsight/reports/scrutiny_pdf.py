"""The scrutiny pack as a PDF: an HTML template and a print stylesheet, rendered by WeasyPrint.

The charts are the SVG the web pages embed (less the nodes that draw nothing: charts.print_svg), inline
as data: URIs, each rendered once per snapshot and then read from its cache. Nothing is fetched: the URL
fetcher accepts data: URIs and the chart fonts' files only, and stops the rendering on any other URL;
the stylesheet is read from the package; the text font is DejaVu Sans from the system, the charts' the
package's Liberation Sans (charts.FONT_FILES, given to WeasyPrint as @font-face). The footer of every
page carries the snapshot id (CSS margin box).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lineofsight.reports import formatting as fmt

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = TEMPLATES / "reports" / "scrutiny.css"


def url_fetcher() -> Any:
    """WeasyPrint's fetcher allowed data: URIs (the charts) and the package's chart fonts only; any other
    URL stops the rendering."""
    from weasyprint.urls import URLFetcher

    from lineofsight.reports.charts import FONT_FILES

    fonts = {path.as_uri() for path in FONT_FILES.values()}

    class PackFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:") and url not in fonts:
                raise ValueError(f"the pack fetches no file but its fonts, not {url}")
            return super().fetch(url, headers)

    return PackFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)


@lru_cache(maxsize=1)
def _engine() -> Any:
    """A template engine of our own, so the pack renders without the web app's template settings."""
    from django.template import Engine

    return Engine(dirs=[str(TEMPLATES)], autoescape=True,
                  libraries={"plan_tags": "lineofsight.plan.templatetags.plan_tags"})


def chart_fonts_css() -> str:
    """@font-face rules for the charts' font (the package's files): WeasyPrint draws the SVG charts'
    text in the face vl-convert measured it in (charts.FONT)."""
    from lineofsight.reports.charts import FONT, FONT_FILES

    family = FONT.split(",")[0].strip()
    return "".join(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}\n'
                   for weight, path in FONT_FILES.items())


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
    from weasyprint.text.fonts import FontConfiguration

    fetcher, fonts = url_fetcher(), FontConfiguration()
    stylesheet = CSS(string=chart_fonts_css() + STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher,
                     font_config=fonts)
    # The footer of every page: the snapshot stamp, in a page-margin box.
    stamp = CSS(string=f'@page {{ @bottom-left {{ content: "{css_string(pack.stamp)}"; font-size: 7.5pt; '
                       f"color: #505a5f; }} }}", url_fetcher=fetcher)
    return HTML(string=to_html(pack), url_fetcher=fetcher).render(stylesheets=[stylesheet, stamp], font_config=fonts)


def to_pdf(pack: Any) -> bytes:
    document = render_document(pack)
    document.metadata.title = f"{pack.title}, {pack.period_text}"
    document.metadata.description = f"Snapshot {pack.snapshot_id}"
    return document.write_pdf()
