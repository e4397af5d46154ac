"""The plan as an editable .docx (python-docx): officers edit the narrative before it goes to the board.

Rating cells are shaded in the BRAG colour and always carry the rating word.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from lineofsight.plan.exporters import advice_text, due_text, signal_text
from lineofsight.plan.scale import RAG_COLOURS, Rating
from lineofsight.plan.selectors import AreaState, PlanState

SUMMARY_HEADERS = ("Area", "Key activities", "Activity", "Impact sought", "How monitored and measured",
                   "Impact", "Update")
ACTION_HEADERS = ("Ref", "Action", "Owner", "Due by", "Status", "Activity", "Impact", "Latest update")


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _text(cell: Any, text: str, bold: bool = False) -> None:
    cell.text = ""
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if i < len(lines) - 1:
            run.add_break()


def _rating(cell: Any, rating: str) -> None:
    _text(cell, rating or "Not rated", bold=True)
    if rating in RAG_COLOURS:
        fill, colour = RAG_COLOURS[rating]
        _shade(cell, fill)
        for run in cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor.from_string(colour)


def _header_row(table: Any, headers: tuple[str, ...]) -> None:
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _text(cell, header, bold=True)
        _shade(cell, "D9D9D9")
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def _summary(doc: Any, state: PlanState) -> None:
    doc.add_heading("Summary", level=1)
    table = doc.add_table(rows=1, cols=len(SUMMARY_HEADERS))
    table.style = "Table Grid"
    _header_row(table, SUMMARY_HEADERS)
    for area in state.areas:
        cells = table.add_row().cells
        _text(cells[0], f"{area.ref}. {area.title}\nLead: {area.lead}" if area.lead else f"{area.ref}. {area.title}")
        _text(cells[1], area.key_activities)
        _rating(cells[2], area.activity_rating)
        _text(cells[3], area.impact_sought)
        measures = f"\nMeasures: {', '.join(area.measures)}" if area.measures else ""
        _text(cells[4], area.how_monitored + measures)
        _rating(cells[5], area.impact_rating)
        _text(cells[6], area.update_narrative)


def _area(doc: Any, area: AreaState) -> None:
    doc.add_heading(f"Area {area.ref}: {area.title}", level=2)
    for label, value in (("Section lead", area.lead), ("What inspectors found", area.findings),
                         ("Impact sought", area.impact_sought),
                         ("How impact will be monitored and measured", area.how_monitored),
                         ("Measures", ", ".join(area.measures))):
        if value:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    table = doc.add_table(rows=1, cols=len(ACTION_HEADERS))
    table.style = "Table Grid"
    _header_row(table, ACTION_HEADERS)
    for a in area.actions:
        cells = table.add_row().cells
        _text(cells[0], a.ref)
        signals = signal_text(a)
        advice = advice_text(a)
        extra = "".join(f"\n{x}" for x in (signals, f"Advisory activity rating: {advice}" if advice else "") if x)
        _text(cells[1], a.full_text + extra)
        _text(cells[2], "\n".join(a.owners))
        _text(cells[3], due_text(a))
        _text(cells[4], a.status_text)
        _rating(cells[5], a.activity_rating)
        _rating(cells[6], a.impact_rating)
        update = a.latest_update
        _text(cells[7], f"{update.as_at:%d %b %Y}: {update.narrative}" if update else "")


def _scale(doc: Any, state: PlanState) -> None:
    doc.add_heading("The BRAG scale", level=2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    _header_row(table, ("Rating", "Activity", "Impact"))
    for rating in Rating.values:
        activity, impact = state.descriptors.get(rating, ("", ""))
        cells = table.add_row().cells
        _rating(cells[0], rating)
        _text(cells[1], activity)
        _text(cells[2], impact)


def to_docx(state: PlanState, content: str = "full") -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.size = Pt(9)
    doc.core_properties.title = f"{state.name} as at {state.as_at:%d %B %Y}"
    doc.add_heading(state.name, level=0)
    doc.add_paragraph(f"As at {state.as_at:%d %B %Y}. Ratings use the BRAG scale: Blue, Red, Amber, Green, NA.")
    _summary(doc, state)
    if content == "full":
        doc.add_page_break()
        doc.add_heading("Full plan", level=1)
        for area in state.areas:
            _area(doc, area)
    _scale(doc, state)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
