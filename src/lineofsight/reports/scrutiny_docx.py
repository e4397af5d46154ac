"""The scrutiny pack as an editable .docx (python-docx): officers add their commentary before it goes out.

Charts are PNGs drawn from the same SVG as the PDF and the web page, each followed by its text
alternative (and set as the picture's alt text); the team breakdowns are real tables. The plan
summary is the plan register's own .docx summary table (lineofsight.plan.exporters.docx). Every
page's footer carries the snapshot id.
"""

from __future__ import annotations

import hashlib
import io
from functools import cached_property
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.parts.image import ImagePart
from docx.shared import Cm, Pt
from docx.text.run import Run

from lineofsight.reports import formatting as fmt


def _sha1_once(part: ImagePart) -> str:
    return hashlib.sha1(part.blob).hexdigest()


# python-docx hashes every picture already in the document again for each one it adds (to share a
# repeated image): a pack's 62 charts cost 1,953 SHA-1s of 100 KB, a fifth of the .docx's time. A part's
# bytes never change once made, so each part's hash is kept after its first use (the same digest).
if not isinstance(ImagePart.__dict__.get("sha1"), cached_property):
    ImagePart.sha1 = cached_property(_sha1_once)
    ImagePart.sha1.__set_name__(ImagePart, "sha1")

SCORECARD_HEADERS = ("Measure", "Latest", "Rating", "On last month", "On last year", "England", "Variation")


STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption", "List Bullet", "Intense Quote",
          "Table Grid")


class _Styled:
    """Paragraphs in a named style, its id looked up once per document: python-docx looks a style up by
    name, and then the default style, through every style in the document for each paragraph (a third
    of the .docx's time for its 700 paragraphs)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids = {name: doc.styles[name].style_id for name in STYLES}

    def __call__(self, text: str, style: str) -> Any:
        paragraph = self.doc.add_paragraph(text)
        paragraph._p.style = self.ids[style]  # the w:pStyle python-docx's style setter writes
        return paragraph


def _cell(cell: Any, text: str, bold: bool = False) -> None:
    """A new table cell's text (a new cell holds one empty paragraph). Text without tabs or line breaks
    goes straight into the run's one w:t, which is what add_run writes for it after copying it a
    character at a time (a third of the tables' time)."""
    paragraph = cell.paragraphs[0]
    if any(c in text for c in "\t\n\r"):
        run = paragraph.add_run(text)
    else:
        run = Run(paragraph._p.add_r(), paragraph)
        if text:
            run._r.add_t(text)
    run.bold = bold


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(para: _Styled, headers: tuple[str, ...] | list[str], rows: list[list[str]], caption: str = "") -> Any:
    if caption:
        para(caption, "Caption")
    table = para.doc.add_table(rows=1, cols=len(headers))
    table._tbl.tblPr.style = para.ids["Table Grid"]  # what `table.style = "Table Grid"` writes
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, header, bold=True)
        _shade(cell, "F3F2F1")
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _cell(cell, text)
    return table


def _page_field(paragraph: Any) -> None:
    """A PAGE field, so Word numbers the pages itself."""
    run = paragraph.add_run()
    begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def _footer(section: Any, stamp: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.text = f"{stamp} · page "
    for run in paragraph.runs:
        run.font.size = Pt(7.5)
    _page_field(paragraph)


def _picture(para: _Styled, chart: Any, width_cm: float = 16.5) -> None:
    shape = para.doc.add_picture(io.BytesIO(chart.png()), width=Cm(width_cm))
    # Alt text on the picture itself (wp:docPr descr), as well as the caption below it (the shape
    # add_picture returns: doc.inline_shapes searches the whole document again for every picture).
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart.alt)
    para(chart.alt, "Caption")


def _cover(para: _Styled, pack: Any) -> None:
    doc = para.doc
    para(pack.authority, "Title")
    doc.add_paragraph("Children's services performance report for scrutiny").runs[0].font.size = Pt(14)
    for label, value in (("Period", pack.period_text), ("As at", fmt.long_date(pack.period_end)),
                         ("Data snapshot", pack.snapshot_id + (f", loaded {pack.loaded_at}" if pack.loaded_at else "")),
                         ("Produced", f"{fmt.long_date(pack.generated_at.date())} at {pack.generated_at:%H:%M} "
                                      "by Line of Sight")):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    doc.add_paragraph(pack.suppression_note)


def _scorecard(para: _Styled, pack: Any) -> None:
    para("Scorecard", "Heading 1")
    for area in pack.areas:
        rows = [[f"{m.title} ({m.period})", m.value, m.rag_text, m.vs_previous, m.vs_last_year, m.england,
                 m.variation] for m in area.measures]
        _table(para, SCORECARD_HEADERS, rows, caption=area.name)


def _area(para: _Styled, area: Any) -> None:
    doc = para.doc
    para(area.name, "Heading 1")
    for m in area.measures:
        para(m.title, "Heading 2")
        paragraph = doc.add_paragraph()
        paragraph.add_run(m.value).bold = True
        paragraph.add_run(f" {m.period}" + (f" ({m.basis})" if m.basis else ""))
        paragraph.add_run(f". Rating: {m.rag_text}. Target {m.target}; minimum {m.threshold}. England {m.england}.")
        para("Questions for the committee", "Heading 4")
        for prompt in m.prompts:
            para(prompt, "List Bullet")
        para("Commentary: ", "Intense Quote")
        _picture(para, m.spc_chart)
        if m.breakdown_chart:
            table = m.breakdown_chart.table
            _table(para, table["headers"], table["rows"], caption=table["caption"])
        if m.benchmark_chart:
            _picture(para, m.benchmark_chart, width_cm=14)


def _plan(para: _Styled, pack: Any) -> None:
    doc = para.doc
    new = doc.add_section(WD_SECTION.NEW_PAGE)
    new.orientation = WD_ORIENT.LANDSCAPE
    new.page_width, new.page_height = Cm(29.7), Cm(21.0)
    para("Improvement plan summary", "Heading 1")
    doc.add_paragraph(pack.plan_note)
    if pack.plan is not None:
        from lineofsight.plan.exporters.docx import _summary

        _summary(doc, pack.plan)  # the plan register's own one-page summary table
    back = doc.add_section(WD_SECTION.NEW_PAGE)
    back.orientation = WD_ORIENT.PORTRAIT
    back.page_width, back.page_height = Cm(21.0), Cm(29.7)


def _annex(para: _Styled, pack: Any) -> None:
    doc = para.doc
    para("Annex: definitions and sources", "Heading 1")
    for d in pack.definitions:
        para(d.title, "Heading 3")
        doc.add_paragraph(f"{d.area}; {d.unit}; {d.polarity.lower()}; {d.period_type.lower()}.")
        doc.add_paragraph(d.definition)
        source = f"Source: {d.source}" + (f" England figure: {d.england_source}." if d.england_source else "")
        doc.add_paragraph(source).runs[0].font.size = Pt(8)


def to_docx(pack: Any) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    doc.styles["Normal"].font.size = Pt(9.5)
    doc.core_properties.title = f"{pack.title}, {pack.period_text}"
    doc.core_properties.subject = f"Snapshot {pack.snapshot_id}"
    _footer(section, pack.stamp)
    para = _Styled(doc)
    _cover(para, pack)
    doc.add_page_break()
    _scorecard(para, pack)
    for area in pack.areas:
        doc.add_page_break()
        _area(para, area)
    _plan(para, pack)
    _annex(para, pack)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
