"""The scrutiny pack on a tiny authority worked out by hand (tiny_authority.py): the figures it shows, the
ones it hides as "c", the sections of the PDF and the .docx, the snapshot stamp on every page, and no
count from 1 to 5 anywhere a reader can see."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from lineofsight.measures import selectors
from lineofsight.reports import scrutiny
from lineofsight.reports.scrutiny_pdf import to_html
from lineofsight.reports.suppression import is_small
from lineofsight.warehouse.snapshots import open_snapshot, snapshot_authority

from .plans import PLAN_NAME, make_plan
from .scan import before_last, docx_text, normalise, pdf_pages, small_numbers
from .tiny_authority import CONTACTS_2025, CONTACTS_IN_MONTH_2025, TO, load_tiny


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Load the tiny authority, build the pack and render both formats, once for the module. The plan
    summary needs the app database, so it is tested on its own below (and in the browser test)."""
    home = tmp_path_factory.mktemp("scrutiny-home")
    old = os.environ.get("LINEOFSIGHT_HOME")
    os.environ["LINEOFSIGHT_HOME"] = str(home)
    try:
        sid = load_tiny(home / "tiny")
        con = open_snapshot()
        authority = snapshot_authority(con)
        pack = scrutiny.build_scrutiny_pack(con, authority, TO, include_plan=False)
        truth = {m["id"]: m for m in selectors.measure_window(con, authority, dt.date(2025, 1, 1), TO, by="team")}
        months = selectors.measure_series(con, authority, "contacts", kind="month", to=TO, months=12)
        scorecard = selectors.scorecard(con, authority, TO)
        context = scrutiny.Context.of(con)
        data = {m.id: scrutiny.measure_data(con, authority, m.id, TO, context) for m in selectors.catalogue()}
        series = {m.id: selectors.measure_series(con, authority, m.id, to=TO, months=13) for m in selectors.catalogue()}
        con.close()
        pdf = scrutiny.render_pdf(pack, home / "pack.pdf")
        docx = scrutiny.render_docx(pack, home / "pack.docx")
        yield {"sid": sid, "pack": pack, "pdf": pdf, "docx": docx, "truth": truth, "months": months,
               "home": home, "scorecard": scorecard, "data": data, "series": series}
    finally:
        if old is None:
            os.environ.pop("LINEOFSIGHT_HOME", None)
        else:
            os.environ["LINEOFSIGHT_HOME"] = old


def section(pack, measure_id):
    return next(m for m in pack.measures() if m.id == measure_id)


# ---------------------------------------------------------------- the figures, worked by hand

def test_the_packs_rows_are_the_scorecards(built):
    """The pack reads each measure's series once (by team) and derives its scorecard row and its last
    13 rolling points from it: the same as selectors.scorecard's row and the series without breakdown."""
    fields = ("value", "numerator", "denominator", "threshold", "target", "rag", "england", "neighbours",
              "unavailable")
    for row in built["scorecard"]:
        data = built["data"][row["id"]]
        assert {k: data.row[k] for k in fields} == {k: row[k] for k in fields}, row["id"]
        assert data.rolling == built["series"][row["id"]], row["id"]


def test_the_tiny_authority_really_has_small_numbers_to_hide(built):
    """The premise of every test below: the unsuppressed figures include counts from 1 to 5."""
    truth = built["truth"]
    contacts = {c["key"]: c["numerator"] for c in truth["contacts"]["cells"] if c["dimension"] == "team"}
    assert contacts == CONTACTS_2025 and truth["contacts"]["numerator"] == 131
    assert [p["numerator"] for p in built["months"]] == list(CONTACTS_IN_MONTH_2025.values())
    small = [c for m in truth.values() for c in m["cells"] if is_small(c["numerator"]) or is_small(c["denominator"])]
    assert len(small) >= 3


def test_contacts_show_the_total_and_the_big_team_and_hide_the_small_ones(built):
    contacts = section(built["pack"], "contacts")
    assert contacts.value == "131" and not contacts.suppressed
    assert [(r["key"], r["value"]) for r in contacts.team_rows] == [("T1", "104"), ("T2", "c"), ("T3", "c")]
    table = contacts.breakdown_chart.table
    assert table["rows"] == [["T1", "104"], ["T2", "c"], ["T3", "c"]]
    assert "two shown as c (small numbers)" in contacts.breakdown_chart.alt


def test_contacts_by_month_hide_june_and_july_2025(built):
    rows = {r[0]: r[1] for r in section(built["pack"], "contacts").spc_chart.table["rows"]}
    assert rows["Jun 2025"] == rows["Jul 2025"] == "c"
    assert rows["May 2025"] == "12" and rows["Dec 2024"] == "10"


def test_a_small_monthly_referral_count_is_hidden_every_month_but_the_year_is_shown(built):
    rate = section(built["pack"], "referrals_rate")
    assert rate.value == "34.0 per 10,000" and rate.basis == "34 children"
    assert {r[1] for r in rate.spc_chart.table["rows"]} == {"c"}
    assert rate.variation == "Too few points for process limits"


def test_a_percentage_of_small_monthly_numbers_is_hidden_but_the_year_is_shown(built):
    timely = section(built["pack"], "assessment_45wd")
    assert timely.value == "70.6%" and timely.basis == "24 of 34"
    assert {r[1] for r in timely.spc_chart.table["rows"][-12:]} == {"c"}
    assert timely.rag_text == "✗ Red" and timely.england == "85.7% (year ending 31 March 2025)"
    assert timely.benchmark_chart is not None
    assert "England (year ending 31 March 2025) 85.7%" in timely.benchmark_chart.alt


def test_the_pack_has_every_area_and_measure_and_a_definition_for_each(built):
    pack = built["pack"]
    assert [a.name for a in pack.areas] == ["Front door", "Assessment", "Child protection",
                                           "Children in need and allocation", "Children in care", "Care leavers"]
    assert len(pack.measures()) == len(selectors.catalogue()) == len(pack.definitions)
    assert pack.snapshot_id == built["sid"] and pack.period_text == "1 January 2025 to 31 December 2025"


def test_spc_uses_the_published_months_only_and_prompts_about_the_signal(built):
    """June (5) and July (4) 2025 are hidden; every 12-month total a reader sees (the sparkline's)
    must keep two hidden months, and the teams' months (T2's 2s) must too, so January to July 2024
    go as well (lineofsight.reports.published). Published months: Aug-Dec 2024 five 10s, then
    12 12 13 12 12 _ _ 12 13 12 12 12: mean 172 / 15 = 11.47; moving ranges 2 + 1 + 1 + 1 + 1 = 6 over
    14, so the limits are 11.47 -/+ 2.66 x 6/14 = 10.3 and 12.6, and the run above the mean is special."""
    contacts = section(built["pack"], "contacts")
    assert "mean 11.5, process limits 10.3 to 12.6; nine months shown as c" in contacts.spc_chart.alt
    assert contacts.prompts[0].startswith("Special cause (neither better nor worse)")
    assert "above the mean" in contacts.prompts[0]
    assert contacts.variation == "Special cause variation"


# ---------------------------------------------------------------- the PDF

def test_the_pdf_opens_and_every_page_is_stamped_with_the_snapshot(built):
    pdf = built["pdf"]
    assert pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf)
    assert len(pages) > 10
    for number, text in enumerate(pages, start=1):
        assert f"snapshot {built['sid']}" in text, f"page {number} has no snapshot stamp"
    first = normalise(pages[0])
    assert "Testshire" in first and "Children's services performance report for scrutiny" in first
    assert "As at 31 December 2025" in first


def test_the_pdf_has_the_sections(built):
    text = normalise(" ".join(pdf_pages(built["pdf"])))
    for heading in ("Scorecard", "Front door", "Care leavers", "Questions for the committee",
                    "Improvement plan summary", "Annex: definitions and sources"):
        assert heading in text
    assert "The improvement plan is not part of this pack." in text


def test_the_pdf_draws_each_chart_in_the_font_it_was_measured_in_and_the_teams_as_a_table(built):
    import io

    import pypdf

    pack = built["pack"]
    shown = [c for m in pack.measures() for c in (m.spc_chart, m.benchmark_chart) if c]
    assert to_html(pack).count('src="data:image/svg+xml') == len(shown)  # no team chart: its table
    assert any(m.breakdown_chart for m in pack.measures())
    fonts: dict[str, set[str]] = {}

    def visit(text: str, _cm, _tm, font: dict | None, _size) -> None:
        for word in ("Upper limit", "Variation", "Month", "Questions"):
            if word in text:
                fonts.setdefault(word, set()).add(str((font or {}).get("/BaseFont", "")).split("+")[-1])

    for page in pypdf.PdfReader(io.BytesIO(built["pdf"])).pages:
        page.extract_text(visitor_text=visit)
    # a chart's figures and legend in Liberation Sans (what vl-convert measured them in), its axes in
    # the condensed face, the pack's own text in DejaVu Sans
    assert fonts["Upper limit"] == {"Liberation-Sans"}, fonts  # an SPC chart's level label
    assert fonts["Variation"] == {"Liberation-Sans-Bold", "DejaVu-Sans-Bold"}, fonts  # its legend; a column
    assert all("Condensed" in f for f in fonts["Month"]) and fonts["Questions"] == {"DejaVu-Sans-Bold"}, fonts
    contacts = section(pack, "contacts")
    assert contacts.breakdown_chart.table["caption"] in normalise(" ".join(pdf_pages(built["pdf"])))


def test_no_count_from_one_to_five_appears_in_the_pdf(built):
    pages = pdf_pages(built["pdf"])
    scanned = before_last(" ".join(pages), "Improvement plan summary")
    assert scanned.count(" c ") >= 10  # the hidden figures are there, as c
    assert small_numbers(scanned) == []


def test_the_pdf_renderer_fetches_nothing(built):
    from weasyprint.urls import FatalURLFetchingError

    from lineofsight.reports import scrutiny_pdf

    html = to_html(built["pack"])
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    fetcher = scrutiny_pdf.url_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.org/font.woff2")
    from weasyprint import HTML

    with pytest.raises(FatalURLFetchingError):
        HTML(string='<img src="https://example.org/x.png">', url_fetcher=fetcher).render()
    # files: the chart fonts and nothing else, not even another file beside them
    from lineofsight.reports.charts import FONT_FILES

    with pytest.raises(ValueError, match="fetches no file but its fonts"):
        fetcher.fetch((FONT_FILES["normal"].parent / "OFL.txt").as_uri())
    with pytest.raises(ValueError, match="fetches no file but its fonts"):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch(FONT_FILES["bold"].as_uri()).read(4) == b"\x00\x01\x00\x00"  # a TrueType font


# ---------------------------------------------------------------- the .docx

def test_the_docx_has_the_sections_charts_and_stamp(built):
    import io

    from docx import Document

    body, footers = docx_text(built["docx"])
    for heading in ("Scorecard", "Front door", "Care leavers", "Questions for the committee", "Commentary:",
                    "Improvement plan summary", "Annex: definitions and sources", "Data snapshot: " + built["sid"]):
        assert heading in body
    assert all(f"snapshot {built['sid']}" in f for f in footers)
    doc = Document(io.BytesIO(built["docx"]))
    assert len(doc.inline_shapes) >= len(selectors.catalogue())  # an SPC chart per measure, as PNG
    assert all(s._inline.docPr.get("descr") for s in doc.inline_shapes)  # each with its text alternative


def test_no_count_from_one_to_five_appears_in_the_docx(built):
    body, footers = docx_text(built["docx"])
    scanned = before_last(body, "Improvement plan summary")
    assert " c " in scanned.replace("|", " ")
    assert small_numbers(scanned) == []
    assert small_numbers(" ".join(footers)) == []


# ---------------------------------------------------------------- the scanner itself can fail

def test_the_scanner_finds_a_small_count_and_ignores_dates_titles_and_durations():
    assert small_numbers("Contacts received 3 in June") != []
    assert small_numbers("T1 | 104 | T2 | 4") != []
    assert small_numbers("Children looked after with 3 or more placements 7.2% on 1 January 2025, Jan 2025, "
                         "5 working days, Page 3 of 9, snapshot 20261123-171500-3f2a, 2.5%, 1,234") == []


# ---------------------------------------------------------------- no plan, and bad requests

def bare_pack(plan=None, note: str = "") -> scrutiny.ScrutinyPack:
    """A pack with no measures, for the plan summary on its own."""
    return scrutiny.ScrutinyPack(
        authority="Testshire", la_code="E09000998", period_start=dt.date(2025, 1, 1), period_end=TO,
        snapshot_id="20261123-171500-3f2a", loaded_at="", generated_at=dt.datetime(2026, 1, 5, 9, 30), areas=[],
        definitions=[], plan=plan, plan_note=note)


@pytest.mark.django_db
def test_the_plan_summary_is_the_plan_registers_with_its_ratings():
    make_plan()
    plan, note = scrutiny.plan_summary(None)
    assert plan.name == PLAN_NAME and note.startswith(f"{PLAN_NAME}, as at ")
    pack = bare_pack(plan, note)
    pdf_text = normalise(" ".join(pdf_pages(scrutiny.render_pdf(pack))))
    body, _ = docx_text(scrutiny.render_docx(pack))
    for text in (pdf_text, normalise(body)):
        assert "Improvement plan summary" in text and PLAN_NAME in text
        assert "Leaders' grip on performance" in text and "Timely assessments" in text
        assert "A core data set reported monthly" in text and "Recruitment is under way." in text
        assert "Green" in text and "Amber" in text and "Red" in text
        assert "Director of Children's Services" in text


@pytest.mark.django_db
def test_with_no_plan_the_pack_says_so():
    plan, note = scrutiny.plan_summary(None)
    assert plan is None and note.startswith("No improvement plan has been set up")
    body, _ = docx_text(scrutiny.render_docx(bare_pack(None, note)))
    assert "No improvement plan has been set up in Line of Sight" in body


@pytest.mark.django_db
def test_an_unknown_plan_is_refused_with_the_plans_there_are():
    with pytest.raises(scrutiny.ReportError, match="no improvement plan called 'Nope' \\(plans: none yet\\)"):
        scrutiny.plan_summary("Nope")


def test_the_period_end_must_be_a_month_end_within_the_data(built, monkeypatch):
    monkeypatch.setenv("LINEOFSIGHT_HOME", str(built["home"]))
    with open_snapshot() as con:
        authority = snapshot_authority(con)
        with pytest.raises(scrutiny.ReportError, match="must be a month end \\(such as 2025-12-31\\)"):
            scrutiny.build_scrutiny_pack(con, authority, dt.date(2025, 12, 15), include_plan=False)
        with pytest.raises(scrutiny.ReportError, match="the data runs from 2024-01-01 to 2025-12-31"):
            scrutiny.build_scrutiny_pack(con, authority, dt.date(2026, 1, 31), include_plan=False)

