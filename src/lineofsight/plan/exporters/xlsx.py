"""The plan as an .xlsx workbook (XlsxWriter): rating cells coloured AND carrying the rating word."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from lineofsight.plan.exporters import advice_text, due_cell, marked_text, signal_text
from lineofsight.plan.scale import RAG_COLOURS, Rating
from lineofsight.plan.selectors import PlanState

SUMMARY_HEADERS = ("Area", "Area for improvement", "Lead", "Key activities", "Activity (BRAG)",
                   "Impact sought", "How impact is monitored and measured", "Measures", "Impact (BRAG)",
                   "Update")
PLAN_HEADERS = ("Area", "Ref", "Action", "Action owner", "Due by", "Status", "Activity (BRAG)",
                "Impact (BRAG)", "Signals", "Advisory activity rating", "Latest update", "Update date",
                "Area for improvement", "Theme", "Notes")


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.header = book.add_format({"bold": True, "bg_color": "#1D3557", "font_color": "#FFFFFF",
                                       "text_wrap": True, "valign": "top", "border": 1})
        self.cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.date = book.add_format({"num_format": "dd mmm yyyy", "valign": "top", "border": 1})
        self.rating = {
            r: book.add_format({"bold": True, "bg_color": f"#{fill}", "font_color": f"#{text}",
                                "align": "center", "valign": "top", "border": 1})
            for r, (fill, text) in RAG_COLOURS.items()
        }

    def for_rating(self, rating: str) -> Any:
        return self.rating.get(rating, self.cell)


def _write_rating(sheet: Any, row: int, col: int, rating: str, fmt: _Formats) -> None:
    sheet.write_string(row, col, rating or "Not rated", fmt.for_rating(rating))


def _summary(book: xlsxwriter.Workbook, state: PlanState, fmt: _Formats) -> None:
    sheet = book.add_worksheet("Summary")
    sheet.write_string(0, 0, f"{state.name}: summary as at {state.as_at:%d %B %Y}", fmt.title)
    for col, (header, width) in enumerate(zip(SUMMARY_HEADERS, (6, 36, 20, 40, 11, 36, 36, 24, 11, 48), strict=True)):
        sheet.write_string(2, col, header, fmt.header)
        sheet.set_column(col, col, width)
    for row, area in enumerate(state.areas, start=3):
        sheet.write_string(row, 0, area.ref, fmt.cell)
        sheet.write_string(row, 1, area.title, fmt.cell)
        sheet.write_string(row, 2, area.lead, fmt.cell)
        sheet.write_string(row, 3, area.key_activities, fmt.cell)
        _write_rating(sheet, row, 4, area.activity_rating, fmt)
        sheet.write_string(row, 5, area.impact_sought, fmt.cell)
        sheet.write_string(row, 6, area.how_monitored, fmt.cell)
        sheet.write_string(row, 7, ", ".join(area.measures), fmt.cell)
        _write_rating(sheet, row, 8, area.impact_rating, fmt)
        sheet.write_string(row, 9, area.update_narrative, fmt.cell)
    sheet.freeze_panes(3, 2)


def _full(book: xlsxwriter.Workbook, state: PlanState, fmt: _Formats) -> None:
    sheet = book.add_worksheet("Full plan")
    sheet.write_string(0, 0, f"{state.name}: full plan as at {state.as_at:%d %B %Y}", fmt.title)
    widths = (6, 7, 60, 28, 16, 18, 11, 11, 20, 30, 48, 12, 36, 20, 36)
    for col, (header, width) in enumerate(zip(PLAN_HEADERS, widths, strict=True)):
        sheet.write_string(2, col, header, fmt.header)
        sheet.set_column(col, col, width)
    row = 3
    for area in state.areas:
        for a in area.actions:
            sheet.write_string(row, 0, area.ref, fmt.cell)
            sheet.write_string(row, 1, a.ref, fmt.cell)
            sheet.write_string(row, 2, marked_text(a), fmt.cell)
            sheet.write_string(row, 3, "\n".join(a.owners), fmt.cell)
            sheet.write_string(row, 4, due_cell(a), fmt.cell)
            sheet.write_string(row, 5, a.status_text, fmt.cell)
            _write_rating(sheet, row, 6, a.activity_rating, fmt)
            _write_rating(sheet, row, 7, a.impact_rating, fmt)
            sheet.write_string(row, 8, signal_text(a), fmt.cell)
            sheet.write_string(row, 9, advice_text(a), fmt.cell)
            update = a.latest_update
            sheet.write_string(row, 10, update.narrative if update else "", fmt.cell)
            if update:
                sheet.write_datetime(row, 11, update.as_at, fmt.date)
            else:
                sheet.write_blank(row, 11, None, fmt.cell)
            sheet.write_string(row, 12, area.title, fmt.cell)
            sheet.write_string(row, 13, a.theme, fmt.cell)
            sheet.write_string(row, 14, a.notes, fmt.cell)
            row += 1
    sheet.autofilter(2, 0, max(row - 1, 2), len(PLAN_HEADERS) - 1)
    sheet.freeze_panes(3, 2)


def _scale(book: xlsxwriter.Workbook, state: PlanState, fmt: _Formats) -> None:
    sheet = book.add_worksheet("BRAG scale")
    for col, header in enumerate(("Rating", "Activity", "Impact")):
        sheet.write_string(0, col, header, fmt.header)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 2, 60)
    for row, rating in enumerate(Rating.values, start=1):
        activity, impact = state.descriptors.get(rating, ("", ""))
        _write_rating(sheet, row, 0, rating, fmt)
        sheet.write_string(row, 1, activity, fmt.cell)
        sheet.write_string(row, 2, impact, fmt.cell)


def to_xlsx(state: PlanState, content: str = "full") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = _Formats(book)
    _summary(book, state, fmt)
    if content == "full":
        _full(book, state, fmt)
    _scale(book, state, fmt)
    book.close()
    return buffer.getvalue()
