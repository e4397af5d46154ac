"""Finding small counts in a rendered pack: the text a reader sees, read back out of the PDF or .docx.

A count from 1 to 5 would appear as a standalone whole number 1-5. What else may legitimately be such a
number is known and removed first: dates ("1 January 2025", "Jan 2025", ISO dates), the snapshot id,
page numbers, durations ("5 working days"), and the measures' own titles ("3 or more placements"). In a
PDF, chart axis labels are positions on a scale, not figures; the charts set them in the condensed face
so they can be told apart by font. The plan summary and the definitions annex hold no figures (ratings
are words) and are not scanned. What is left must hold no standalone 1 to 5.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from lineofsight.measures.catalogue import MEASURES

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SHORT = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
NOT_COUNTS = [
    rf"\b\d{{1,2}} (?:{MONTHS}|{SHORT}) \d{{4}}\b",  # 1 January 2025, 1 Jan 2025
    rf"\b(?:{MONTHS}|{SHORT}) \d{{4}}\b",  # January 2025, Jan 2025
    r"\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?Z?)?\b",  # ISO dates and times
    r"\b\d{8}-\d{6}-[0-9a-f]{4}\b",  # snapshot ids
    r"\b[Pp]age \d+(?: of \d+)?\b",
    r"\b\d{1,2}:\d{2}\b",  # times of day
    r"\b\d+(?:\.\d+)? (?:working )?days\b",  # durations
    r"\b(?:[Tt]arget|minimum) \d+(?:\.\d+)?",  # levels the council sets, not data
]
SMALL = re.compile(r"(?<![\w.,£$%-])([1-5])(?![\w%]|[.,]\d)")
TITLES = sorted({m.title for m in MEASURES}, key=len, reverse=True)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def strip_known(text: str, phrases: Iterable[str] = ()) -> str:
    """The text without the things that are numbers but not counts (see the module docstring)."""
    text = normalise(text)
    for phrase in [*TITLES, *phrases]:
        text = text.replace(phrase, " ")
    for pattern in NOT_COUNTS:
        text = re.sub(pattern, " ", text)
    return text


def small_numbers(text: str, phrases: Iterable[str] = ()) -> list[str]:
    """Each standalone 1 to 5 left after removing dates, ids, durations and titles, with its context."""
    clean = strip_known(text, phrases)
    return [clean[max(0, m.start() - 40):m.end() + 40] for m in SMALL.finditer(clean)]


def before_last(text: str, heading: str) -> str:
    """The text before the last occurrence of `heading` (the contents list names it too)."""
    cut = normalise(text).rfind(heading)
    return normalise(text)[:cut] if cut >= 0 else normalise(text)


def pdf_pages(data: bytes, skip_font: str = "Condensed") -> list[str]:
    """Each page's text, leaving out text set in a font whose name contains `skip_font` (axis labels)."""
    import pypdf

    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        parts: list[str] = []

        def visit(text: str, _cm, _tm, font: dict | None, _size, parts=parts) -> None:
            name = str((font or {}).get("/BaseFont", ""))
            if skip_font not in name:
                parts.append(text)

        page.extract_text(visitor_text=visit)
        pages.append(" ".join(parts))
    return pages


def docx_text(data: bytes) -> tuple[str, list[str]]:
    """(body text in document order, including table cells; the footers' text)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    parts = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
    footers = [" ".join(p.text for p in s.footer.paragraphs) for s in doc.sections]
    return "\n".join(parts), footers
