"""Importing the spreadsheet layout councils keep: tolerant of layout, strict about meaning, all or nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from lineofsight.plan import importers, selectors, services
from lineofsight.plan.importers import PlanImportError
from lineofsight.plan.importing import import_plan
from lineofsight.plan.models import Action, Area, Plan
from lineofsight.plan.scale import Rating, Status

HEADER = ["REF", " Action ", "Acton owner", "Due By", "STATUS", "Activity (BRAG)", "Impact RAG"]
TODAY = date(2025, 6, 30)


def write_xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), title_rows: int = 0) -> Path:
    book = Workbook()
    sheet = book.active
    for i in range(title_rows):
        sheet.append([f"Improvement plan title row {i + 1}"])
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def good_rows() -> list[list[object]]:
    return [
        HEADER,
        ["Area 1: Leaders' information and management oversight", None, None, None, None, None, None],
        ["1.1", "Agree a core data set for leaders", "Head of Performance; Assistant Director",
         "31/03/2025", "Complete/BAU", "B", "amber"],
        ["1.2", "Supervision standard. a. Agree the standard b. Add a record type c. Report by team",
         "Principal Social Worker", "a. 31 Jan 2025 b. March 2025 c. 30/09/2025", "In progress", "Green", "A"],
        ["1.10", "Replace legacy reports", "Head of Performance", "Ongoing",
         "Closed - to be captured as part of another programme", "NA", "n/a"],
        ["2", "Timeliness of responses to contacts and referrals", "Head of Service, MASH", None, None, None, None],
        ["2.1", "Daily screening huddle", "Head of Service, MASH", date(2025, 5, 31), "not started", "R", "R"],
        ["2.2", "Recruit senior practitioners", None, "June 2025; December 2025", "", "", ""],
    ]


# The title of area 1 is merged across the whole row (A2:G2 once the header is row 1 of the data).
AREA_TITLE_MERGE = "A3:G3"


@pytest.mark.django_db
def test_import_of_a_typical_xlsx(tmp_path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", good_rows(), merges=(AREA_TITLE_MERGE,), title_rows=1)
    result = import_plan(path, "Ofsted plan", today=TODAY)
    assert (result.areas_created, result.actions_created) == (2, 5)
    plan = Plan.objects.get(name="Ofsted plan")
    assert list(plan.areas.values_list("ref", "title")) == [
        ("1", "Leaders' information and management oversight"),
        ("2", "Timeliness of responses to contacts and referrals"),
    ]
    assert plan.areas.get(ref="2").lead == "Head of Service, MASH"
    a11 = Action.objects.get(ref="1.1")
    assert a11.owner_names == ["Head of Performance", "Assistant Director"]
    assert (a11.status, a11.activity_rating, a11.impact_rating) == (Status.COMPLETE_BAU, Rating.BLUE, Rating.AMBER)
    assert a11.due == [date(2025, 3, 31)]
    a12 = Action.objects.get(ref="1.2")
    assert a12.text == "Supervision standard."
    assert list(a12.sub_items.values_list("letter", "text", "due")) == [
        ("a", "Agree the standard", date(2025, 1, 31)),
        ("b", "Add a record type", date(2025, 3, 31)),  # "March 2025" means by the end of March
        ("c", "Report by team", date(2025, 9, 30)),
    ]
    a110 = Action.objects.get(ref="1.10")
    assert (a110.status, a110.closed_reason, a110.due) == (Status.CLOSED, "to be captured as part of another programme", [])
    a21 = Action.objects.get(ref="2.1")
    assert (a21.status, a21.due) == (Status.NOT_STARTED, [date(2025, 5, 31)])
    a22 = Action.objects.get(ref="2.2")
    assert (a22.status, a22.activity_rating, a22.owner_names) == (Status.NOT_STARTED, "", [])
    assert a22.due == [date(2025, 6, 30), date(2025, 12, 31)]


@pytest.mark.django_db
def test_merged_cells_give_their_value_to_the_whole_range(tmp_path) -> None:
    rows = [
        ["Ref", "Action", "Action owner", "Due by", "Status", "Activity", "Impact"],
        ["1", "Area one", None, None, None, None, None],
        ["1.1", "First", "Head of Service, MASH", "31/03/2025", "In progress", "Amber", "Red"],
        ["1.2", "Second", None, "30/04/2025", None, "Green", None],
        ["1.3", "Third", None, "31/05/2025", None, "Red", "Amber"],
    ]
    # Owner and status merged down over all three actions; impact merged over 1.1-1.2.
    path = write_xlsx(tmp_path / "merged.xlsx", rows, merges=("C3:C5", "E3:E5", "G3:G4"))
    import_plan(path, "Merged", today=TODAY)
    got = {a.ref: (a.owner_names, a.status, a.impact_rating) for a in Action.objects.all()}
    assert got == {
        "1.1": (["Head of Service, MASH"], Status.IN_PROGRESS, Rating.RED),
        "1.2": (["Head of Service, MASH"], Status.IN_PROGRESS, Rating.RED),
        "1.3": (["Head of Service, MASH"], Status.IN_PROGRESS, Rating.AMBER),
    }


@pytest.mark.django_db
def test_csv_with_semicolons_windows_encoding_and_area_rows_by_number(tmp_path) -> None:
    rows = [
        ["Ref.", "What we will do", "Responsible officer", "Target date", "Progress status", "RAG", "Impact rating",
         "Impact sought", "Measures", "Progress update"],
        ["1", "Care leavers – support when reluctant", "Head of Leaving Care", "", "", "", "",
         "Every care leaver in touch", "care_leavers_in_touch, care_leavers_in_custody", ""],
        ["1.1", "Persistent outreach protocol", "Head of Leaving Care", "30.04.2025", "Completed", "Blue", "Green",
         "", "", "Protocol in use by all personal advisers"],
    ]
    path = write_csv(tmp_path / "plan.csv", rows, encoding="cp1252", delimiter=";")
    result = import_plan(path, "Care leavers", today=TODAY)
    assert result.updates_added == 1
    area = Area.objects.get(ref="1")
    assert area.title == "Care leavers – support when reluctant"
    assert area.impact_sought == "Every care leaver in touch"
    assert list(area.measures.values_list("measure_id", flat=True)) == ["care_leavers_in_touch", "care_leavers_in_custody"]
    action = Action.objects.get(ref="1.1")
    assert (action.status, action.activity_rating, action.due) == (Status.COMPLETE, Rating.BLUE, [date(2025, 4, 30)])
    update = action.updates.get()
    assert (update.narrative, update.as_at, update.author_name) == ("Protocol in use by all personal advisers", TODAY, "imported")


@pytest.mark.django_db
def test_actions_without_area_rows_get_their_area_from_the_ref(tmp_path) -> None:
    rows = [["Ref", "Action"], ["3.1", "Something"], ["3.2", "Something else"]]
    import_plan(write_csv(tmp_path / "bare.csv", rows), "Bare", today=TODAY)
    assert list(Area.objects.values_list("ref", "title")) == [("3", "Area 3")]


@pytest.mark.django_db
def test_reimport_changes_only_what_changed_and_history_keeps_the_before(tmp_path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", good_rows())
    import_plan(path, "Ofsted plan", today=TODAY)
    rows = good_rows()
    rows[6][4], rows[6][5] = "In progress", "Amber"  # 2.1 has started
    second = import_plan(write_xlsx(tmp_path / "plan2.xlsx", rows), "Ofsted plan", today=TODAY)
    assert (second.actions_created, second.actions_updated, second.actions_unchanged) == (0, 1, 4)
    action = Action.objects.get(ref="2.1")
    before, = [h for h in action.history.all() if h.history_change_reason == "created"]
    assert (before.status, action.status) == (Status.NOT_STARTED, Status.IN_PROGRESS)
    assert action.history.first().history_change_reason == "import"


# --- Bad files: every kind gives row-by-row problems and imports nothing ---------------------------------
# (A due date nobody can read, "Closed" without a reason and lettered dates without lettered parts are normal
# in councils' plans: they are accepted and reported as interpreted; see test_real_plan.py.)


def _problems(path: Path) -> list[importers.ImportProblem]:
    with pytest.raises(PlanImportError) as caught:
        import_plan(path, "Bad plan", today=TODAY)
    assert not Plan.objects.filter(name="Bad plan").exists()
    assert "nothing was imported" in str(caught.value)
    return caught.value.problems


def _one(problems: list[importers.ImportProblem]) -> importers.ImportProblem:
    assert len(problems) == 1, problems
    return problems[0]


def _with_row(change: dict[int, object], row: int = 6) -> list[list[object]]:
    rows = good_rows()
    for column, value in change.items():
        rows[row][column] = value
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value", "header", "expected"),
    [
        (4, "Nearly there", "STATUS", "Not yet started, In progress"),
        (5, "Purple", "Activity (BRAG)", "Blue, Red, Amber, Green"),
        (0, "one.one", "REF", "an action ref like 1.1"),
    ],
)
def test_each_kind_of_bad_value_is_reported_with_row_column_value_and_expectation(
    tmp_path, column: int, value: object, header: str, expected: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", _with_row({column: value}))
    problem = _one(_problems(path))
    assert (problem.file, problem.row, problem.column, problem.value) == ("bad.csv", 7, header, str(value))
    assert expected in problem.expected


@pytest.mark.django_db
def test_a_duplicate_ref_names_the_row_it_first_appeared_on(tmp_path) -> None:
    rows = good_rows() + [["1.1", "Again", "", "", "", "", ""]]
    problem = _one(_problems(write_xlsx(tmp_path / "dup.xlsx", rows)))
    assert (problem.row, problem.column, problem.value) == (9, "REF", "1.1")
    assert "already on row 3" in problem.expected


@pytest.mark.django_db
def test_an_action_without_a_ref_is_reported(tmp_path) -> None:
    problem = _one(_problems(write_csv(tmp_path / "noref.csv", _with_row({0: ""}))))
    assert (problem.row, problem.column) == (7, "REF") and "the action's ref" in problem.expected


@pytest.mark.django_db
def test_a_file_without_a_ref_and_action_header_is_refused(tmp_path) -> None:
    rows = [["Number", "Owner", "Status"], ["1.1", "Someone", "In progress"]]
    problem = _one(_problems(write_csv(tmp_path / "noheader.csv", rows)))
    assert problem.row == 1 and problem.column == "(header)" and "Ref column and an Action column" in problem.expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plan.txt", b"Ref,Action\n1.1,x\n", "a .xlsx or .csv file"),
        ("broken.xlsx", b"this is not a workbook", "a readable .xlsx workbook"),
        ("empty.csv", b"", "a header row"),
        ("headeronly.csv", b"Ref,Action\n", "at least one action row"),
    ],
)
def test_files_that_are_not_plans_are_refused(tmp_path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _one(_problems(path)).expected


@pytest.mark.django_db
def test_every_problem_in_a_file_is_listed_not_just_the_first(tmp_path) -> None:
    rows = _with_row({4: "Nearly there", 5: "Purple"})
    rows[3][6] = "Purple"
    problems = _problems(write_csv(tmp_path / "many.csv", rows))
    assert [(p.row, p.column) for p in problems] == [(4, "Impact RAG"), (7, "STATUS"), (7, "Activity (BRAG)")]


@pytest.mark.django_db
def test_a_bad_file_leaves_an_existing_plan_untouched(tmp_path) -> None:
    import_plan(write_xlsx(tmp_path / "good.xlsx", good_rows()), "Bad plan", today=TODAY)
    before = selectors.plan_state(Plan.objects.get(name="Bad plan"))
    rows = good_rows()
    rows[3][4] = "Complete"  # a good change ...
    rows[6][5] = "Purple"  # ... and a bad one elsewhere
    with pytest.raises(PlanImportError):
        import_plan(write_csv(tmp_path / "bad.csv", rows), "Bad plan", today=TODAY)
    assert selectors.plan_state(Plan.objects.get(name="Bad plan")) == before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_back_everything(tmp_path, monkeypatch) -> None:
    real = services.add_action
    calls = {"n": 0}

    def failing_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise services.PlanError("simulated failure")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "add_action", failing_third)
    problem = _one(_problems(write_xlsx(tmp_path / "plan.xlsx", good_rows())))
    assert problem.row == 5 and "simulated failure" in problem.expected
    assert not Action.objects.exists() and not Area.objects.exists()


@pytest.mark.parametrize(
    ("header", "column"),
    [("Action Owner", "owner"), ("ACTION OWNER ", "owner"), ("Acton owner", "owner"), ("Staus", "status"),
     ("Due by", "due"), ("Impact (BRAG)", "impact"), ("Activity RAG", "activity"), ("Ref.", "ref"),
     ("How will impact be monitored & measured?", "how_monitored"), ("Colour", None)],
)
def test_header_spelling_case_and_spacing_are_tolerated(header: str, column: str | None) -> None:
    assert importers.match_header(header) == column


@pytest.mark.parametrize(
    ("text", "head", "items"),
    [
        ("Do X. a. first b. second", "Do X.", [("a", "first"), ("b", "second")]),
        ("a) one; b) two; c) three", "", [("a", "one"), ("b", "two"), ("c", "three")]),
        ("See para a. above for detail", "See para a. above for detail", []),
    ],
)
def test_sub_items_in_one_cell(text: str, head: str, items: list[tuple[str, str]]) -> None:
    assert importers.split_lettered(text) == (head, items)


@pytest.mark.django_db
def test_without_an_area_column_a_plain_number_with_a_date_or_status_is_an_action_not_an_area(tmp_path) -> None:
    rows = [["Ref", "Action", "Action owner", "Due by", "Status"],
            ["1", "Leaders' oversight", "Director", None, None],
            ["1.1", "Core data set", "Head of Performance", "Mar 25", "In progress"],
            ["4", "Weekly performance meeting", "Head of Service", "Ongoing", "In progress"],
            ["2", "Front door", "Head of Service, MASH", None, None],
            ["5", "Screening huddle", "Team Manager", "June 25", "Complete"]]
    result = import_plan(write_csv(tmp_path / "plain.csv", rows), "Plain", today=TODAY)
    assert (result.areas_created, result.actions_created) == (2, 3)
    assert sorted(Action.objects.values_list("ref", "area__ref")) == [("1.1", "1"), ("4", "1"), ("5", "2")]
    assert "row 4, Ref: ref 4 has a due date or status: an action of area 1" in [str(f) for f in result.findings]


@pytest.mark.django_db
def test_a_long_reason_for_closing_is_shortened_and_kept_whole_in_the_notes(tmp_path) -> None:
    reason = "to be captured as part of another programme " * 10
    rows = [HEADER, ["1.1", "Replace legacy reports", "Head of Performance", "", f"Closed - {reason}", "", ""]]
    import_plan(write_csv(tmp_path / "long.csv", rows), "Long", today=TODAY)
    action = Action.objects.get()
    assert len(action.closed_reason) == 300 and action.notes == f"Reason closed (in full): {reason.strip()}"


@pytest.mark.django_db
def test_status_and_rating_words_that_say_more_are_read_and_kept_in_the_notes(tmp_path) -> None:
    rows = [HEADER, ["1.1", "Core data set", "Head of Performance", "Mar 25", "Delayed", "Amber/Green", "Red"]]
    result = import_plan(write_csv(tmp_path / "words.csv", rows), "Words", today=TODAY)
    action = Action.objects.get()
    assert (action.status, action.activity_rating, action.impact_rating) == (Status.IN_PROGRESS, Rating.AMBER,
                                                                             Rating.RED)
    assert action.notes == "STATUS (as written): Delayed\nActivity (BRAG) (as written): Amber/Green"
    assert result.cells_as_notes == 2
    said = [str(f) for f in result.findings]
    assert "row 2, STATUS: 'Delayed' read as In progress; the words kept in the notes" in said
    assert "row 2, Activity (BRAG): 'Amber/Green' read as Amber; the words kept in the notes" in said


@pytest.mark.django_db
def test_area_level_cells_on_action_rows_are_kept_when_they_differ_from_the_area(tmp_path) -> None:
    rows = [["Ref", "Action", "Action owner", "Impact sought", "Area"],
            ["1", "Leaders' oversight", "Director", "Leaders know", ""],
            ["1.1", "Core data set", "Head of Performance", "Leaders know", "1"],
            ["1.2", "Clinics", "Assistant Director", "Managers use the data", "2"]]
    result = import_plan(write_csv(tmp_path / "levels.csv", rows), "Levels", today=TODAY)
    assert dict(Action.objects.values_list("ref", "notes")) == {
        "1.1": "", "1.2": "Impact sought: Managers use the data\nArea: 2"}
    assert result.cells_as_notes == 2
