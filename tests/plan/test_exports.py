"""Every export format, opened again and read: JSON shape, .xlsx cells and fills, .docx text and shading, PDF."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from lineofsight.plan import exporters, selectors, services
from lineofsight.plan.models import Action
from lineofsight.plan.scale import RAG_COLOURS, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def state(small_plan, today):
    action = Action.objects.get(ref="1.2")
    services.set_sub_items(action, [services.SubItemSpec("a", "Clinic for front door", today + timedelta(days=3)),
                                    services.SubItemSpec("b", "Clinic for care leavers")])
    services.add_update(action, as_at=today, narrative="Three clinics held", status="in_progress",
                        activity_rating=Rating.GREEN, impact_rating=Rating.AMBER)
    return selectors.plan_state(small_plan)


def test_json_export_has_exactly_the_published_shape(state, today) -> None:
    data = json.loads(exporters.render(state, "json"))
    assert list(data) == ["plan", "as_at", "areas"]
    assert data["plan"] == "Test improvement plan" and data["as_at"] == today.isoformat()
    area = data["areas"][0]
    assert list(area) == ["ref", "title", "lead", "impact_sought", "measures", "actions"]
    assert area["measures"] == ["supervision_on_time", "unallocated"]
    action = area["actions"][1]
    assert list(action) == ["ref", "text", "owners", "due", "status", "closed_reason", "activity_rating",
                            "impact_rating", "overdue", "due_as_written", "theme", "notes"]
    assert action == {
        "ref": "1.2",
        "text": "Monthly performance clinics\na. Clinic for front door\nb. Clinic for care leavers",
        "owners": ["Assistant Director", "Olive Owner"],
        "due": [(today + timedelta(days=3)).isoformat(), (today + timedelta(days=20)).isoformat()],
        "status": "In progress", "closed_reason": "", "activity_rating": "Green", "impact_rating": "Amber",
        "overdue": False, "due_as_written": "", "theme": "", "notes": "",
    }
    assert area["actions"][0]["overdue"] is True
    assert data["areas"][1]["actions"][1]["status"] == "Closed"


def test_json_export_gives_null_for_unrated(small_plan) -> None:
    services.add_action(small_plan.areas.get(ref="1"), "1.3", "Not yet rated")
    data = exporters.to_json_dict(selectors.plan_state(small_plan))
    unrated = data["areas"][0]["actions"][2]
    assert (unrated["activity_rating"], unrated["impact_rating"], unrated["due"]) == (None, None, [])


def _fill(cell) -> str:
    return cell.fill.fgColor.rgb[-6:].upper()


def test_xlsx_has_the_rating_word_and_its_colour_in_every_rating_cell(state) -> None:
    book = load_workbook(io.BytesIO(exporters.render(state, "xlsx")))
    assert book.sheetnames == ["Summary", "Full plan", "BRAG scale"]
    plan = book["Full plan"]
    header = [c.value for c in plan[3]]
    assert header[:8] == ["Area", "Ref", "Action", "Action owner", "Due by", "Status", "Activity (BRAG)", "Impact (BRAG)"]
    rows = {row[1].value: row for row in plan.iter_rows(min_row=4)}
    assert list(rows) == ["1.1", "1.2", "2.1", "2.10"]
    activity, impact = rows["1.2"][6], rows["1.2"][7]
    assert (activity.value, _fill(activity)) == ("Green", RAG_COLOURS[Rating.GREEN][0])
    assert (impact.value, _fill(impact)) == ("Amber", RAG_COLOURS[Rating.AMBER][0])
    assert (rows["2.1"][6].value, _fill(rows["2.1"][6])) == ("Blue", RAG_COLOURS[Rating.BLUE][0])
    assert (rows["1.1"][7].value, _fill(rows["1.1"][7])) == ("Red", RAG_COLOURS[Rating.RED][0])
    assert (rows["2.10"][6].value, _fill(rows["2.10"][6])) == ("NA", RAG_COLOURS[Rating.NA][0])
    assert rows["1.1"][8].value == "Overdue"
    assert rows["2.10"][5].value == "Closed – to be captured as part of another programme"
    assert rows["1.2"][3].value == "Assistant Director\nOlive Owner"
    assert rows["1.2"][10].value == "Three clinics held"
    summary = book["Summary"]
    assert summary["B4"].value == "Leaders' oversight"
    assert (summary["I4"].value, _fill(summary["I4"])) == ("Red", RAG_COLOURS[Rating.RED][0])
    assert summary["H4"].value == "supervision_on_time, unallocated"


def test_xlsx_summary_only_has_no_full_plan_sheet(state) -> None:
    book = load_workbook(io.BytesIO(exporters.render(state, "xlsx", "summary")))
    assert book.sheetnames == ["Summary", "BRAG scale"]


def _docx_cells(data: bytes) -> list[list[tuple[str, str | None]]]:
    """Each table as rows of (text, shading fill) per cell."""
    doc = Document(io.BytesIO(data))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    tables = []
    for table in doc.tables:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                shd = cell._tc.find(f"{ns}tcPr/{ns}shd")
                cells.append((cell.text, shd.get(f"{ns}fill") if shd is not None else None))
            rows.append(cells)
        tables.append(rows)
    return tables


def test_docx_is_editable_text_with_shaded_rating_cells(state) -> None:
    data = exporters.render(state, "docx")
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:3] == ["Test improvement plan", "Summary", "Full plan"]
    assert "Area 1: Leaders' oversight" in headings and "Area 2: Front door timeliness" in headings
    summary, area_one, area_two, scale = _docx_cells(data)
    assert summary[1][0][0].startswith("1. Leaders' oversight")
    assert summary[1][5] == ("Red", RAG_COLOURS[Rating.RED][0])
    by_ref = {row[0][0]: row for row in area_one[1:]}
    assert by_ref["1.2"][1][0].startswith("Monthly performance clinics\na. Clinic for front door")
    assert by_ref["1.2"][5] == ("Green", RAG_COLOURS[Rating.GREEN][0])
    assert by_ref["1.2"][6] == ("Amber", RAG_COLOURS[Rating.AMBER][0])
    assert "Overdue" in by_ref["1.1"][1][0]
    assert by_ref["1.2"][7][0].endswith("Three clinics held")
    assert [row[0] for row in scale[1:]][0] == ("Blue", RAG_COLOURS[Rating.BLUE][0])


def test_docx_summary_only(state) -> None:
    tables = _docx_cells(exporters.render(state, "docx", "summary"))
    assert len(tables) == 2  # the summary and the scale


def test_pdf_renders_with_the_plan_text_and_rating_words(state) -> None:
    data = exporters.render(state, "pdf")
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # lines wrap in cells
    assert len(reader.pages) >= 3  # summary, full plan, scale
    for expected in ("Test improvement plan", "Leaders' oversight", "Monthly performance clinics",
                     "Clinic for care leavers", "Overdue", "Green", "Amber", "Three clinics held", "The BRAG scale"):
        assert expected in text, expected


def test_pdf_summary_is_shorter_and_has_no_actions(state) -> None:
    reader = PdfReader(io.BytesIO(exporters.render(state, "pdf", "summary")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Leaders' oversight" in text and "Monthly performance clinics" not in text


def test_unknown_format_or_content_is_refused(state) -> None:
    with pytest.raises(ValueError, match="format must be one of"):
        exporters.render(state, "odt")
    with pytest.raises(ValueError, match="content must be one of"):
        exporters.render(state, "json", "everything")


@pytest.mark.parametrize("fmt", ["json", "xlsx", "docx", "pdf"])
def test_export_downloads_from_the_web(client, people, small_plan, fmt: str) -> None:
    client.force_login(people["councillor"])
    response = client.get(f"/plans/{small_plan.slug}/export.{fmt}?content=summary")
    assert response.status_code == 200
    assert response["Content-Type"] == exporters.CONTENT_TYPES[fmt]
    assert "-summary-" in response["Content-Disposition"] and response["Content-Disposition"].endswith(f'.{fmt}"')
    assert len(response.content) > 100
