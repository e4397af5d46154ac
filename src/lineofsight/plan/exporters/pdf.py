"""The plan as a PDF (WeasyPrint) from an HTML template and a print stylesheet. No network: the URL
fetcher refuses everything but the bundled stylesheet, so a closed-network server renders the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from lineofsight.plan.exporters import advice_text, due_text
from lineofsight.plan.selectors import PlanState

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "plan" / "print.css"


def _no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the PDF renderer fetches nothing from outside: refused {url}")


def to_html(state: PlanState, content: str = "full") -> str:
    rows = {a.id: {"due": due_text(a), "advice": advice_text(a)} for a in state.actions}
    return render_to_string("plan/print/plan.html", {"state": state, "content": content, "extra": rows})


def to_pdf(state: PlanState, content: str = "full") -> bytes:
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=_no_network)
    document = HTML(string=to_html(state, content), url_fetcher=_no_network).render(stylesheets=[stylesheet])
    return document.write_pdf()
