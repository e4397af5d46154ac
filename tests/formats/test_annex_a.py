"""Annex A: lists recognised by their headers (whatever the sheet name), variants tolerated; no formula injection."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from formats.builders import cin_rows, load_authority
from formats.ssd_csv import rows
from lineofsight.formats import FormatError, convert_to_ssd, detect_format
from lineofsight.formats.annex_a_spec import LISTS, identify_list
from lineofsight.formats.annex_a_write import period, write_annex_a
from lineofsight.warehouse.snapshots import open_snapshot


def workbook(path, sheets: dict[str, list[list]]):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, data in sheets.items():
        ws = wb.create_sheet(name)
        for row in data:
            ws.append(row)
    wb.save(path)
    return path


def convert(tmp_path, path):
    out = tmp_path / "ssd"
    return out, convert_to_ssd([path], out, la_code="201", population=40_000)


def test_every_list_is_recognised_from_its_own_headers():
    for a in LISTS:
        found = identify_list([col.header for col in a.columns])
        assert found is not None and found[0].number == a.number


def test_header_variants_extra_columns_blank_rows_and_any_sheet_name(tmp_path):
    path = workbook(tmp_path / "lists.xlsx", {
        "Sheet7": [
            ["Annex A - referrals (title row above the headers)"],
            [],
            ["CHILD UNIQUE ID", "gender", "Ethnicity ", "date of birth", "Our own notes", "date_of_referral",
             "Referral source", "REFERRAL NFA?"],
            ["C1", "a) Male", "wbri", dt.datetime(2015, 1, 2), "x", "06/05/2024", "2A", "No"],
            [None, None, None, None, None, None, None, None],
            ["C2", "Female", "BAFR", "03/04/2012", None, dt.datetime(2024, 6, 3), "6", "Yes"],
        ],
        "Contacts (do not rename)": [
            ["Child ID", "Sex", "Ethnicity", "DOB", "Contact Date", "Source of Contact"],
        ],
    })
    assert detect_format(path) == "annex_a"
    out, report = convert(tmp_path, path)
    refs = [(r["cine_person_id"], r["cine_referral_date"], r["cine_referral_source_code"], r["cine_referral_nfa"])
            for r in rows(out, "ssd_cin_episodes")]
    assert refs == [("C1", "2024-05-06", "2A", "N"), ("C2", "2024-06-03", "6", "Y")]
    people = {p["pers_person_id"]: p for p in rows(out, "ssd_person")}
    assert (people["C1"]["pers_sex"], people["C1"]["pers_ethnicity"], people["C1"]["pers_dob"]) == ("M", "WBRI", "2015-01-02")
    assert people["C2"]["pers_dob"] == "2012-04-03"
    assert report.read["Annex A List 3 Referrals"] == 2
    assert report.read["Annex A List 1 Contacts"] == 0  # headers with no data
    assert "Our own notes" in report.unmapped["Annex A List 3"]


def test_bad_value_names_sheet_row_and_column(tmp_path):
    path = workbook(tmp_path / "bad.xlsx", {"Lists": [
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date of Contact", "Contact Source"],
        ["C1", "Male", "WBRI", "01/01/2015", "32/01/2025", "2A"],
    ]})
    with pytest.raises(FormatError) as err:
        convert(tmp_path, path)
    e = err.value
    assert e.file.endswith("bad.xlsx") and e.line == 2 and e.column == "Date of Contact"
    assert "sheet 'Lists' (List 1)" in e.where and "'32/01/2025'" in str(e)


def test_missing_child_id_and_not_a_workbook(tmp_path):
    path = workbook(tmp_path / "noid.xlsx", {"L": [
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date of Contact", "Contact Source"],
        [None, "Male", "WBRI", "01/01/2015", "02/01/2025", "2A"],
    ]})
    with pytest.raises(FormatError, match="Child Unique ID is required"):
        convert(tmp_path, path)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    with pytest.raises(FormatError, match="cannot be opened as an Excel workbook"):
        convert(tmp_path, fake)


def test_six_and_twelve_month_periods():
    assert period(dt.date(2025, 3, 31), 6) == (dt.date(2024, 10, 1), dt.date(2025, 3, 31))
    assert period(dt.date(2025, 3, 31), 12) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert period(dt.date(2024, 8, 30), 6) == (dt.date(2024, 2, 29), dt.date(2024, 8, 30))


def test_export_writes_every_list_with_template_headers(snapshot, tmp_path):
    out = tmp_path / "annex.xlsx"
    summary = write_annex_a(open_snapshot(), dt.date(2025, 3, 31), out, months=6)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == [f"List {n}" for n in range(1, 12)]
    for a in LISTS:
        header = next(wb[a.sheet_name()].iter_rows(values_only=True))
        assert list(header) == [col.header for col in a.columns]
    refs = list(wb["List 3"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5].date()) for r in refs] == [("P3", dt.date(2024, 11, 4)), ("P5", dt.date(2025, 2, 17))]
    assert summary.start == dt.date(2024, 10, 1) and summary.rows["List 11 Adopters"] == 0


def test_no_formula_injection(tmp_path):
    rows_ = cin_rows()
    rows_["ssd_department"] = [{"dept_team_id": "T9", "dept_team_name": '=HYPERLINK("http://x","click")'}]
    rows_["ssd_professionals"] = [{"prof_professional_id": "W9", "prof_professional_name": "@SUM(A1:A9)"},
                                  {"prof_professional_id": "W8", "prof_professional_name": "+1+1"}]
    rows_["ssd_cin_episodes"][0].update(cine_referral_team="T9", cine_referral_worker_id="W9")
    rows_["ssd_cin_episodes"][1].update(cine_referral_worker_id="W8")
    rows_["ssd_person"][0]["pers_ethnicity"] = "WBRI"
    load_authority(tmp_path / "ssd", rows_)
    out = tmp_path / "annex.xlsx"
    write_annex_a(open_snapshot(), dt.date(2025, 3, 31), out, months=12)
    ws = openpyxl.load_workbook(out)["List 3"]
    cells = {c.value: c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    for text in ('=HYPERLINK("http://x","click")', "@SUM(A1:A9)", "+1+1"):
        assert text in cells, text
        assert cells[text].data_type == "s"  # a string, never a formula
        assert cells[text].quotePrefix


def test_a_list_sheet_with_the_wrong_headers_is_refused(tmp_path):
    """Issue 13, finding 4: a list's own sheet whose headers match nothing was skipped, losing the list."""
    a = next(x for x in LISTS if x.number == 1)
    good_headers = [c.header for c in a.columns]
    path = workbook(tmp_path / "annex.xlsx", {"Cover": [["Annex A return"]],
                                              "List 1": [["Who", "When", "What"], ["K1", "2025-01-01", "x"]],
                                              "List 2": [good_headers]})
    with pytest.raises(FormatError) as err:
        convert(tmp_path, path)
    assert "sheet 'List 1'" in str(err.value) and f"expected {good_headers[0]}, " in str(err.value)


def test_headers_of_the_sectors_annex_a_schema_are_recognised():
    """Header wordings in liiatools' Annex A schema (Social Finance; see docs/formats.md) read as ours."""
    from lineofsight.formats.annex_a_spec import LISTS, norm

    by_header = {norm(h): (lst.number, col.field) for lst in LISTS for col in lst.columns
                 for h in (col.header, *col.aliases)}
    assert by_header[norm("Does the Child have a Disability")][1] == "disability"
    assert by_header[norm("Primary Need Code")] == (6, "case_reason")
    assert by_header[norm("Date of Last Social Work Visit")] == (8, "last_visit")
    assert by_header[norm("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months")] == (8, "missing_count")
    assert by_header[norm("LA in Touch")] == (9, "in_touch")
    assert by_header[norm("Allocated Personal Advisor")] == (9, "pa")
