"""A council's own post-inspection plan, laid out as officers keep it, imports whole (issue 11).

The workbook is built here with every feature real plans have: an explicit "What needs to improve" column
(merged down, and repeated down), refs at mixed depths, a theme row, every due-date form, Closed with and
without a reason, BRAG ratings as words and only as fill colours, blank ratings, several owners per cell,
a column the importer has no field for, and a title row above the header.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from lineofsight.plan import exporters, selectors
from lineofsight.plan.importing import import_plan
from lineofsight.plan.models import Action, Plan
from lineofsight.plan.scale import Rating, Status

TODAY = date(2025, 7, 15)
TITLE = "Children's Services Improvement Plan following the ILACS inspection"
HEADER = ["What needs to improve", "Ref", "Action", "Action owner", "Timescale", "Status", "Activity BRAG",
          "Impact BRAG", "Update / comments", "Evidence"]
REC1 = "1. The quality and impact of management oversight and supervision"
REC2 = "2. The timeliness of assessments for children in need"
REC3 = "3. Visits to children in care and the sufficiency of placements"
FILLS = {"amber": "FFC000", "red": "FF0000", "green": "00B050", "yellow": "FFFF00"}

# (row cells, {column index: fill}); None area cells sit inside the merged range A3:A7.
ROWS: list[tuple[list[object], dict[int, str]]] = [
    ([REC1, "1.1", "Launch the supervision policy", "KW/ME/HL/JJ/RR", "June 25", "In progress", "green", "Amber",
      "Policy drafted", None], {}),
    ([None, "1.2", "Quarterly audit programme", "Head of Service, MASH", "Mar 25", "Complete", "BLUE", "green",
      None, None], {}),
    ([None, "1.3", "Practice week", "Head of Service and Principal Social Worker", "December 2025", "Not started",
      None, None, None, None], {}),
    ([None, "14", "Workforce", None, None, None, None, None, None, None], {}),
    ([None, "14.1", "Recruit an ASYE cohort", "Head of Workforce, Assistant Director", "From March 25",
      "In progress", None, None, None, None], {6: FILLS["amber"], 7: FILLS["red"]}),
    ([REC2, "2.1", "Daily screening huddles", "Team Managers", "Ongoing", "In progress", "Green", "Green", None,
      None], {}),
    ([REC2, "2.13", "Performance clinic for assessments", "Head of Performance", "In weekly performance meetings",
      "In progress", None, None, None, None], {6: FILLS["green"], 7: FILLS["yellow"]}),
    ([REC2, "4", "Assessment tracker", "DCS", "Bimonthly", "Closed", "NA", "na", None, None], {}),
    ([REC2, "5", "Retire the old workflow", "AD", "March 25 / September 25", "Closed", None, None,
      "Superseded by the new case system", None], {}),
    ([None, None, None, None, None, None, None, None, None, None], {}),  # a blank row between areas
    ([REC3, "24", "Visits to children in care", "Head of Children in Care",
      "LAC visiting: May 25 Contacts/referrals: Sept 25", "In progress", "Red", "Red", None, "Visit audit Q1"], {}),
    ([REC3, "15.1", "Sufficiency strategy a. Draft b. Consult c. Publish d. Review", "Head of Commissioning",
      "a. Dec 24 b. Jan 25 c. Mar 25 d. May 25", "In progress", "Amber", "Red", None, None], {}),
    ([REC3, "15.2", "Foster carer recruitment campaign", "Fostering Manager",
      "a. Dec 24 b. Jan 25 c. Mar 25 d. May 25", "In progress", "Amber", "Amber", None, None], {}),
    ([REC3, "25", "Review this plan with the board", None, None, None, None, None, None, None], {}),
]

# ref -> (area ref, owners, due dates (action and sub-items), overdue on TODAY, status, reason, activity, impact)
EXPECTED = {
    "1.1": ("1", ["KW", "ME", "HL", "JJ", "RR"], ["2025-06-30"], True, "In progress", "", "Green", "Amber"),
    "1.2": ("1", ["Head of Service, MASH"], ["2025-03-31"], False, "Complete", "", "Blue", "Green"),
    "1.3": ("1", ["Head of Service", "Principal Social Worker"], ["2025-12-31"], False, "Not yet started", "",
            None, None),
    "14.1": ("1", ["Head of Workforce", "Assistant Director"], [], False, "In progress", "", "Amber", "Red"),
    "2.1": ("2", ["Team Managers"], [], False, "In progress", "", "Green", "Green"),
    "2.13": ("2", ["Head of Performance"], [], False, "In progress", "", "Green", "Amber"),
    "4": ("2", ["DCS"], [], False, "Closed", "", "NA", "NA"),
    "5": ("2", ["AD"], ["2025-03-31", "2025-09-30"], False, "Closed", "Superseded by the new case system", None, None),
    "24": ("3", ["Head of Children in Care"], ["2025-05-31", "2025-09-30"], False, "In progress", "", "Red", "Red"),
    "15.1": ("3", ["Head of Commissioning"], ["2024-12-31", "2025-01-31", "2025-03-31", "2025-05-31"], True,
             "In progress", "", "Amber", "Red"),
    "15.2": ("3", ["Fostering Manager"], ["2024-12-31", "2025-01-31", "2025-03-31", "2025-05-31"], True,
             "In progress", "", "Amber", "Amber"),
    "25": ("3", [], [], False, "Not yet started", "", None, None),
}


def write_real_plan(path: Path, rows: list[tuple[list[object], dict[int, str]]] = ROWS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append([TITLE])
    sheet.append(HEADER)
    for cells, fills in rows:
        sheet.append(cells)
        for col, colour in fills.items():
            sheet.cell(row=sheet.max_row, column=col + 1).fill = PatternFill(fill_type="solid", fgColor=colour)
    sheet.merge_cells("A3:A7")  # recommendation 1 merged down over its rows (the theme row included)
    book.save(path)
    return path


def write_real_plan_csv(path: Path) -> Path:
    """The same plan saved as .csv: no merges (the area written once, then carried down) and no colours, so
    the two colour-only rows carry their ratings as words."""
    words = {FILLS["amber"]: "Amber", FILLS["red"]: "Red", FILLS["green"]: "Green", FILLS["yellow"]: "Amber"}
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow([TITLE])
        out.writerow(HEADER)
        for cells, fills in ROWS:
            row = ["" if c is None else c for c in cells]
            for col, colour in fills.items():
                row[col] = words[colour]
            out.writerow(row)
    return path


def _actions(data: dict) -> dict[str, tuple]:
    return {a["ref"]: (area["ref"], a["owners"], a["due"], a["overdue"], a["status"], a["closed_reason"],
                       a["activity_rating"], a["impact_rating"])
            for area in data["areas"] for a in area["actions"]}


@pytest.mark.django_db
def test_the_real_layout_imports_whole(tmp_path) -> None:
    result = import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=TODAY)
    assert (result.rows_read, result.areas_created, result.actions_created) == (13, 3, 12)  # blank row not read
    assert result.cells_as_notes == 1 and result.updates_added == 2
    data = exporters.to_json_dict(selectors.plan_state(Plan.objects.get(name="ILACS plan"), today=TODAY))
    assert [(a["ref"], a["title"]) for a in data["areas"]] == [("1", REC1), ("2", REC2), ("3", REC3)]
    assert [[a["ref"] for a in area["actions"]] for area in data["areas"]] == [
        ["1.1", "1.2", "1.3", "14.1"], ["2.1", "2.13", "4", "5"], ["24", "15.1", "15.2", "25"]]  # as written
    assert _actions(data) == {ref: tuple(v) for ref, v in EXPECTED.items()}


@pytest.mark.django_db
def test_what_each_row_keeps(tmp_path) -> None:
    import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=TODAY)
    by_ref = {a.ref: a for a in Action.objects.all()}
    assert by_ref["14.1"].theme == "14 Workforce" and by_ref["1.1"].theme == ""
    assert (by_ref["14.1"].due_text, by_ref["14.1"].start_date) == ("From March 25", date(2025, 3, 1))
    assert by_ref["24"].due_text == "LAC visiting: May 25 Contacts/referrals: Sept 25"
    assert by_ref["24"].notes == "Evidence: Visit audit Q1"
    assert list(by_ref["15.1"].sub_items.values_list("letter", "due")) == [
        ("a", date(2024, 12, 31)), ("b", date(2025, 1, 31)), ("c", date(2025, 3, 31)), ("d", date(2025, 5, 31))]
    assert by_ref["15.2"].sub_items.count() == 0  # the letters were only in the due cell
    assert (by_ref["4"].status, by_ref["4"].closed_reason) == (Status.CLOSED, "")
    assert by_ref["1.1"].updates.get().narrative == "Policy drafted"
    assert by_ref["2.13"].activity_rating == Rating.GREEN  # from the fill colour alone
    plan = Plan.objects.get(name="ILACS plan")
    assert plan.description == TITLE


@pytest.mark.django_db
def test_what_was_interpreted_is_reported(tmp_path) -> None:
    result = import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=TODAY)
    said = [str(f) for f in result.findings]
    assert "row 6, Ref: theme row: groups the actions under it (14 Workforce)" in said
    assert "row 7, Activity BRAG: rating read from the cell's colour (#FFC000): Amber" in said
    assert "row 10, Status: closed without a reason given (accepted)" in said
    assert "row 11, Status: closed: the reason is taken from 'Update / comments'" in said
    assert any(s.startswith("row 3, Action owner: 5 owners") for s in said)
    assert any(s.startswith("row 11, Timescale: 'March 25 / September 25'") and "due by the last, 30 Sep 2025" in s
               for s in said)
    assert any("never overdue" in s for s in said if s.startswith("row 8,"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.mark.django_db
def test_no_cell_is_lost(tmp_path) -> None:
    """Every word of every non-empty cell is somewhere in the register: a field, a note, a theme, an update."""
    import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=TODAY)
    plan = Plan.objects.get(name="ILACS plan")
    state = selectors.plan_state(plan, today=TODAY)
    register = [plan.description]
    for area in state.areas:
        register += [area.title]
        for a in area.actions:
            register += [a.ref, a.full_text, " ".join(a.owners), a.due_text, a.status_label, a.closed_reason,
                         a.activity_rating, a.impact_rating, a.theme, a.notes,
                         a.latest_update.narrative if a.latest_update else ""]
    kept = _words(" ".join(register))
    cells = [TITLE] + [str(c) for cells, _ in ROWS for c in cells if c not in (None, "")]
    lost = {c: _words(c) - kept for c in cells if _words(c) - kept}
    assert lost == {}


@pytest.mark.django_db
def test_the_csv_of_the_same_plan_gives_the_same_register(tmp_path) -> None:
    import_plan(write_real_plan(tmp_path / "plan.xlsx"), "From xlsx", today=TODAY)
    import_plan(write_real_plan_csv(tmp_path / "plan.csv"), "From csv", today=TODAY)
    xlsx, csv_ = (exporters.to_json_dict(selectors.plan_state(Plan.objects.get(name=n), today=TODAY))
                  for n in ("From xlsx", "From csv"))
    assert xlsx["areas"] == csv_["areas"]


@pytest.mark.django_db
def test_a_row_that_cannot_be_placed_names_file_row_and_column_and_nothing_is_saved(tmp_path) -> None:
    from lineofsight.plan.importers import PlanImportError

    rows = [([None, "1.1", "An action before any area", "Someone", "June 25", "In progress", None, None, None, None],
             {}), *ROWS[5:]]
    book_path = tmp_path / "bad.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for cells, _ in rows:
        sheet.append(cells)
    book.save(book_path)
    with pytest.raises(PlanImportError) as caught:
        import_plan(book_path, "Bad", today=TODAY)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("bad.xlsx", 2, "What needs to improve")
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_reimport_of_a_newer_version_updates_by_ref_adds_new_and_reports_what_went(tmp_path) -> None:
    import_plan(write_real_plan(tmp_path / "v1.xlsx"), "ILACS plan", today=TODAY)
    newer = [(list(cells), dict(fills)) for cells, fills in ROWS]
    newer[0][0][5:8] = ["Complete", "Blue", "Green"]  # 1.1 done
    newer[-1] = ([REC3, "26", "Publish the sufficiency statement", "Head of Commissioning", "Oct 25",
                  "Not started", None, None, None, None], {})  # 25 gone, 26 new
    path = write_real_plan(tmp_path / "v2.xlsx", newer)

    preview = import_plan(path, "ILACS plan", today=TODAY, dry_run=True)
    assert (preview.actions_created, preview.actions_updated, preview.actions_unchanged) == (1, 1, 10)
    assert Action.objects.get(ref="1.1").status == Status.IN_PROGRESS  # the dry run saved nothing

    result = import_plan(path, "ILACS plan", today=TODAY)
    assert (result.areas_created, result.actions_created, result.actions_updated, result.actions_unchanged) == (
        0, 1, 1, 10)
    assert result.disappeared == (("25", "Review this plan with the board"),)
    assert "not in the file and were kept: 25" in result.summary
    assert Action.objects.filter(ref="25").exists()  # reported, never deleted
    a11 = Action.objects.get(ref="1.1")
    assert (a11.status, a11.activity_rating) == (Status.COMPLETE, Rating.BLUE)
    before = a11.history.filter(history_change_reason="created").get()
    assert (before.status, before.activity_rating) == (Status.IN_PROGRESS, Rating.GREEN)
    assert a11.history.first().history_change_reason == "import"
    assert Action.objects.get(ref="26").due == [date(2025, 10, 31)]


@pytest.mark.django_db
def test_reimport_matches_areas_by_their_title_and_numbers_a_new_one_next(tmp_path) -> None:
    import_plan(write_real_plan(tmp_path / "v1.xlsx"), "ILACS plan", today=TODAY)
    rec4 = "4. Care leavers' pathway plans"
    newer = [*ROWS, ([rec4, "30", "Pathway plan audit", "Head of Leaving Care", "Nov 25", "In progress", "Amber",
                      "Red", None, None], {})]
    result = import_plan(write_real_plan(tmp_path / "v2.xlsx", newer), "ILACS plan", today=TODAY)
    assert (result.areas_created, result.areas_updated, result.actions_created) == (1, 0, 1)
    plan = Plan.objects.get(name="ILACS plan")
    assert list(plan.areas.order_by("ref").values_list("ref", "title")) == [
        ("1", REC1), ("2", REC2), ("3", REC3), ("4", rec4)]


def _round_trip(tmp_path: Path, plan: Plan, today: date | None = None) -> tuple[dict, dict]:
    """Export `plan` as .xlsx, import that into a new plan, and give both plans' JSON exports (without names)."""
    before = exporters.to_json_dict(selectors.plan_state(plan, today=today))
    path = tmp_path / "export.xlsx"
    path.write_bytes(exporters.render(selectors.plan_state(plan, today=today), "xlsx"))
    import_plan(path, f"{plan.name} (re-imported)", today=today)
    after = exporters.to_json_dict(selectors.plan_state(Plan.objects.get(name=f"{plan.name} (re-imported)"),
                                                        today=today))
    return ({k: v for k, v in before.items() if k != "plan"}, {k: v for k, v in after.items() if k != "plan"})


@pytest.mark.django_db
def test_the_xlsx_export_imports_back_to_the_same_json(tmp_path) -> None:
    import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=TODAY)
    before, after = _round_trip(tmp_path, Plan.objects.get(name="ILACS plan"), today=TODAY)
    assert after == before


@pytest.mark.django_db
def test_the_demo_plan_exported_to_xlsx_imports_back_to_the_same_json(tmp_path, people) -> None:
    from lineofsight.plan.demo import load_demo_plan

    before, after = _round_trip(tmp_path, load_demo_plan())
    assert sum(len(a["actions"]) for a in before["areas"]) > 10
    assert after == before


@pytest.mark.django_db
def test_editing_the_due_dates_drops_the_words_they_replace(tmp_path) -> None:
    from lineofsight.plan import services

    import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=TODAY)
    action = Action.objects.get(ref="5")
    services.update_action(action, text="Retire the old workflow for good")
    assert action.due_text == "March 25 / September 25"  # a change that leaves the dates alone keeps them
    assert action.status == Status.CLOSED and action.closed_reason  # and an imported Closed stays valid
    services.update_action(Action.objects.get(ref="4"), text="Assessment tracker (retired)")  # closed, no reason
    services.update_action(action, due=[date(2025, 12, 31)])
    assert (action.due_text, action.due) == ("", [date(2025, 12, 31)])


@pytest.mark.django_db
def test_an_action_merged_over_two_rows_keeps_both_rows(tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([REC1, "1.1", "Launch the supervision policy", "Head of Service", "June 25", "In progress",
                  "Green", "Amber", "Drafted", None])
    sheet.append([None, None, None, "Principal Social Worker", None, None, None, None, "Consulted on", None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:C3")
    book.save(tmp_path / "merged.xlsx")
    result = import_plan(tmp_path / "merged.xlsx", "Merged", today=TODAY)
    assert result.actions_created == 1
    action = Action.objects.get()
    assert action.owner_names == ["Head of Service", "Principal Social Worker"]
    assert action.notes == "Update / comments: Consulted on"
    assert "row 3: continues action 1.1 (its ref or text is merged down): owners added, other cells kept in its " \
           "notes" in [str(f) for f in result.findings]


@pytest.mark.django_db
def test_a_priority_column_of_levels_is_not_the_areas(tmp_path) -> None:
    rows = [["Ref", "Priority", "Action", "Action owner", "Due by", "Status"],
            ["1.1", "High", "Core data set", "Head of Performance", "Mar 25", "In progress"],
            ["2.1", "Low", "Screening huddle", "Team Manager", "June 25", "Complete"]]
    from .test_import import write_csv

    import_plan(write_csv(tmp_path / "levels.csv", rows), "Levels", today=TODAY)
    assert sorted(Action.objects.values_list("ref", "area__ref", "notes")) == [
        ("1.1", "1", "Priority: High"), ("2.1", "2", "Priority: Low")]


@pytest.mark.django_db
def test_what_needs_to_improve_beats_priority_when_a_plan_has_both(tmp_path) -> None:
    rows = [["Ref", "Priority", "What needs to improve", "Action", "Action owner"],
            ["1.1", "High", REC1, "Core data set", "Head of Performance"]]
    from .test_import import write_csv

    import_plan(write_csv(tmp_path / "both.csv", rows), "Both", today=TODAY)
    action = Action.objects.get()
    assert (action.area.title, action.notes) == (REC1, "Priority: High")


@pytest.mark.django_db
def test_refs_typed_as_numbers_are_read_as_the_sheet_shows_them(tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for ref in (2.1, 2.1, 4):  # the second 2.1 is shown "2.10" by its number format
        sheet.append([REC2, ref, f"Action {ref}", "Head of Service", "June 25", "In progress", None, None, None, None])
    sheet["B3"].number_format = "0.00"
    book.save(tmp_path / "numbers.xlsx")
    import_plan(tmp_path / "numbers.xlsx", "Numbers", today=TODAY)
    assert sorted(Action.objects.values_list("ref", flat=True)) == ["2.1", "2.10", "4"]


@pytest.mark.django_db
def test_an_area_title_keeps_its_line_breaks_and_area_level_cells_must_agree(tmp_path) -> None:
    from lineofsight.plan.importers import PlanImportError

    from .test_import import write_csv

    title = "1. Management oversight\n\nInspectors found supervision was not regular."
    rows = [["What needs to improve", "Ref", "Action", "Action owner", "Impact sought"],
            [title, "", "", "", "Children are seen by managers"],
            ["", "1.1", "Supervision policy", "Head of Service", ""]]
    import_plan(write_csv(tmp_path / "ok.csv", rows), "Titles", today=TODAY)
    area = Plan.objects.get(name="Titles").areas.get()
    assert (area.title, area.impact_sought) == (title, "Children are seen by managers")

    rows.append(["", "", "", "", "Something else"])
    with pytest.raises(PlanImportError) as caught:
        import_plan(write_csv(tmp_path / "bad.csv", rows), "Titles 2", today=TODAY)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "Impact sought", "Something else")
    assert "one Impact sought per area" in problem.expected


@pytest.mark.django_db
def test_a_recommendation_row_with_its_own_number_numbers_the_area(tmp_path) -> None:
    from .test_import import write_csv

    rows = [["What needs to improve", "Ref", "Action", "Action owner"],
            [REC2, "2", "", ""],
            [REC2, "2.1", "Daily screening huddles", "Team Managers"],
            [REC1, "1", "", ""],
            [REC1, "1.1", "Supervision policy", "Head of Service"]]
    import_plan(write_csv(tmp_path / "numbered.csv", rows), "Numbered", today=TODAY)
    plan = Plan.objects.get(name="Numbered")
    assert list(plan.areas.order_by("ref").values_list("ref", "title")) == [("1", REC1), ("2", REC2)]


@pytest.mark.django_db
def test_the_plans_own_area_numbers_are_kept_when_only_some_areas_have_one(tmp_path) -> None:
    from .test_import import write_csv

    rows = [["What needs to improve", "Ref", "Action", "Action owner"],
            [REC1, "1.1", "Supervision policy", "Head of Service"],
            [REC2, "1", "", ""],
            [REC2, "2.1", "Daily screening huddles", "Team Managers"]]
    result = import_plan(write_csv(tmp_path / "some.csv", rows), "Some", today=TODAY)
    assert [(a.ref, a.title) for a in result.areas] == [("1", REC2), ("2", REC1)]


@pytest.mark.django_db
def test_an_action_added_later_to_an_imported_plan_comes_last(tmp_path) -> None:
    from lineofsight.plan import services

    import_plan(write_real_plan(tmp_path / "plan.xlsx"), "ILACS plan", today=TODAY)
    plan = Plan.objects.get(name="ILACS plan")
    services.add_action(plan.areas.get(ref="1"), "1.0", "Added on the web", ref_names_area=False)
    refs = [a.ref for a in selectors.plan_state(plan, today=TODAY).areas[0].actions]
    assert refs == ["1.1", "1.2", "1.3", "14.1", "1.0"]


@pytest.mark.django_db
def test_sheets_that_are_not_read_are_reported(tmp_path) -> None:
    from openpyxl import load_workbook

    path = write_real_plan(tmp_path / "plan.xlsx")
    book = load_workbook(path)
    book.create_sheet("Version history").append(["v1", "First draft for the board"])
    book.save(path)
    result = import_plan(path, "ILACS plan", today=TODAY)
    assert "file, Version history: sheet not read (2 filled cell(s)): only the plan's sheet and an area sheet are" \
        in [str(f) for f in result.findings]
