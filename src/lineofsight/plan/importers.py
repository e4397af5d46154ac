"""Import a plan from the spreadsheet councils already keep (.xlsx or .csv), one row per action.

Tolerant of what real plans look like: header spelling, case and spacing ("Action owner", "ACTION OWNER",
"Acton owner"), title rows above the header, merged cells (the top-left value applies to the whole range),
sub-items "a. ... b. ..." in one cell, due dates such as "March 2025" or "a. 31/01/2025 b. 30/04/2025",
area rows ("1" or "Area 1: Leaders' oversight") between the actions. Strict about meaning: a bad file gives
every problem found, row by row (file, row, column, value, what was expected), and imports nothing.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from lineofsight.plan import services
from lineofsight.plan.models import Action, Area, Plan
from lineofsight.plan.refs import ACTION_REF, area_of, ref_key
from lineofsight.plan.scale import Rating, Status

SUFFIXES = (".xlsx", ".xlsm", ".csv")
HEADER_SEARCH_ROWS = 15

# Canonical column -> header spellings (normalised: lower case, letters and digits only).
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "reference", "refno", "no", "number", "actionno", "actionref", "actionnumber", "item", "id"),
    "action": ("action", "actions", "actiondescription", "description", "whatwewilldo", "actiontobetaken",
               "actionrequired", "keyaction", "keyactions", "task"),
    "owner": ("actionowner", "actionowners", "owner", "owners", "actionlead", "responsible",
              "responsibleofficer", "leadofficer", "whoisresponsible", "responsibility"),
    "due": ("dueby", "duedate", "duedates", "due", "deadline", "timescale", "timescales", "targetdate", "bywhen",
            "completionby", "completiondate", "targetcompletiondate", "when"),
    "status": ("status", "actionstatus", "currentstatus", "progressstatus"),
    "activity": ("activity", "activitybrag", "activityrag", "activityrating", "bragactivity", "ragactivity",
                 "activitybragrating", "activityragrating", "brag", "rag", "ragrating", "bragrating"),
    "impact": ("impact", "impactbrag", "impactrag", "impactrating", "bragimpact", "ragimpact",
               "impactbragrating", "impactragrating"),
    "update": ("update", "progressupdate", "latestupdate", "commentary", "narrative", "updatenarrative",
               "comments", "progresscommentary", "progress"),
    "update_date": ("updatedate", "dateofupdate", "lastupdated", "updated"),
    "closed_reason": ("closedreason", "reasonforclosure", "closurereason", "reasonclosed"),
    "impact_sought": ("impactsought", "intendedimpact", "impactwewanttosee", "outcomesought", "desiredoutcome",
                      "outcome", "outcomes"),
    "how_monitored": ("howmonitored", "howwillimpactbemonitored", "howimpactwillbemonitoredandmeasured",
                      "howwillimpactbemonitoredandmeasured", "howwillwemeasureimpact", "monitoring",
                      "measuresofsuccess", "howwillweknow", "evidenceofimpact"),
    "measures": ("measures", "measureids", "kpis", "kpi", "linkedmeasures", "kpiids"),
    "area_lead": ("sectionlead", "arealead", "lead"),
    "findings": ("findings", "whatinspectorsfound", "ofstedfinding", "inspectionfinding"),
    "start": ("startdate", "start", "startby"),
}
_SPELLINGS = {spelling: column for column, spellings in COLUMNS.items() for spelling in spellings}
EXPECTED_HEADER = "a header row with at least a Ref column and an Action column"


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{self.file}, row {self.row}, column {self.column!r}: found {value!r}; expected {self.expected}"


class PlanImportError(ValueError):
    """The file cannot be imported; nothing was imported. `problems` lists every problem found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was imported:\n" + "\n".join(map(str, problems)))


@dataclass
class Cell:
    value: Any
    spill_from: tuple[int, int] | None = None  # (row, col) of the merged range's top-left, if a copy


@dataclass
class ParsedArea:
    ref: str
    row: int
    title: str = ""
    inferred: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    measures: list[str] | None = None


@dataclass
class ParsedAction:
    ref: str
    row: int
    text: str
    sub_items: list[services.SubItemSpec]
    owners: list[str] | None = None
    due: list[date] | None = None
    status: str | None = None
    closed_reason: str = ""
    activity: str | None = None
    impact: str | None = None
    update: str = ""
    update_date: date | None = None
    start: date | None = None


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    areas_created: int
    areas_updated: int
    actions_created: int
    actions_updated: int
    actions_unchanged: int
    updates_added: int


# --- Reading the grid ------------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> list[list[Cell]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise PlanImportError([ImportProblem(path.name, 0, "(file)", type(exc).__name__,
                                             "a readable .xlsx workbook")]) from exc
    sheet = next((ws for ws in book.worksheets if _find_header(_sheet_grid(ws))[0] is not None), book.worksheets[0])
    return _sheet_grid(sheet)


def _sheet_grid(sheet: Any) -> list[list[Cell]]:
    grid = [[Cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid):
            continue
        value = grid[top][left].value if left < len(grid[top]) else None
        for r in range(top, min(merged.max_row, len(grid))):
            row = grid[r]
            row.extend(Cell(None) for _ in range(merged.max_col - len(row)))
            for c in range(left, merged.max_col):
                if (r, c) != (top, left):
                    row[c] = Cell(value, spill_from=(top, left))
    return grid


def _read_csv(path: Path) -> list[list[Cell]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise PlanImportError([ImportProblem(path.name, 0, "(file)", "binary data", "a text .csv file")])
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[Cell(v) for v in row] for row in csv.reader(text.splitlines(), dialect)]


def read_grid(path: Path) -> list[list[Cell]]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PlanImportError([ImportProblem(path.name, 0, "(file)", path.suffix or "(none)",
                                             "a .xlsx or .csv file")])
    if not path.exists():
        raise PlanImportError([ImportProblem(path.name, 0, "(file)", str(path), "a file that exists")])
    return _read_xlsx(path) if suffix in (".xlsx", ".xlsm") else _read_csv(path)


# --- Headers ---------------------------------------------------------------------------------------------


def normalise_header(text: Any) -> str:
    text = re.sub(r"\(.*?\)", lambda m: m.group(0)[1:-1], str(text or "")).lower().replace("&", "and")
    return re.sub(r"[^a-z0-9]", "", text)


def match_header(text: Any) -> str | None:
    """The canonical column a header names, allowing small misspellings ("Acton owner", "Staus")."""
    key = normalise_header(text)
    if not key:
        return None
    if key in _SPELLINGS:
        return _SPELLINGS[key]
    close = difflib.get_close_matches(key, _SPELLINGS.keys(), n=1, cutoff=0.85)
    return _SPELLINGS[close[0]] if close else None


def _find_header(grid: list[list[Cell]]) -> tuple[int | None, dict[str, int]]:
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            if cell.spill_from is not None and cell.spill_from[0] == r:
                continue
            name = match_header(cell.value)
            if name and name not in columns:
                columns[name] = c
        if "ref" in columns and "action" in columns:
            if "owner" not in columns and "area_lead" in columns:
                columns["owner"] = columns.pop("area_lead")
            return r, columns
    return None, {}


# --- Values ----------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


_MONTH_ONLY = ("%B %Y", "%b %Y", "%b-%y", "%B-%y", "%b %y", "%b-%Y", "%B %y")
_FULL_DATES = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y",
               "%d-%b-%Y", "%d-%b-%y", "%d %B %y", "%d %b %y")
_NO_DATE = {"", "ongoing", "tbc", "tba", "na", "n/a", "-", "--", "none", "bau", "continuous", "monthly",
            "quarterly", "annually", "as required"}


def parse_date(value: Any) -> date | None:
    """A single due date; "March 2025" means the end of March. Raises ValueError if it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 <= value <= 80000:  # an Excel serial date in a CSV
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = re.sub(r"\s+", " ", _text(value)).strip(" .,")
    text = re.sub(r"^(?:by|end of|by end of|by the end of|due)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    if text.lower() in _NO_DATE:
        return None
    for fmt in _FULL_DATES:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    for fmt in _MONTH_ONLY:
        try:
            start = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    raise ValueError(text)


LETTERED = re.compile(r"(?:^|(?<=\s))([a-z])[.)]\s+", re.IGNORECASE)


def split_lettered(text: str) -> tuple[str, list[tuple[str, str]]]:
    """ "Do X. a. first b. second" -> ("Do X.", [("a", "first"), ("b", "second")]).

    Only a run of letters in order from "a" counts, so "see para a. above" alone is not split."""
    marks = list(LETTERED.finditer(text))
    run: list[re.Match[str]] = []
    for m in marks:
        expected = chr(ord("a") + len(run))
        if m.group(1).lower() == expected:
            run.append(m)
        elif m.group(1).lower() == "a":
            run = [m]
    if len(run) < 2:
        return text.strip(), []
    head = text[: run[0].start()].strip()
    items = []
    for i, m in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(text)
        items.append((m.group(1).lower(), text[m.end():end].strip().rstrip(";").strip()))
    return head, items


def parse_dates(value: Any) -> tuple[list[date], dict[str, date]]:
    """Due dates in one cell: plain ones, and lettered ones ("a. Jan 2025 b. Mar 2025") for sub-items."""
    if isinstance(value, date | int | float):
        one = parse_date(value)
        return ([one] if one else []), {}
    text = _text(value)
    head, lettered = split_lettered(text)
    by_letter: dict[str, date] = {}
    for letter, part in lettered:
        found = parse_date(part)
        if found:
            by_letter[letter] = found
    plain: list[date] = []
    if head:
        try:
            one = parse_date(head)
            plain = [one] if one else []
        except ValueError:
            pieces = [p for p in re.split(r"[;\n]|,(?!\s*\d{4})|\band\b|&", head) if p.strip()]
            plain = [d for d in (parse_date(p) for p in pieces) if d]
    return plain, by_letter


def _status_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[()\-–:/,.]", " ", text.lower())).strip()


_STATUSES = {
    Status.NOT_STARTED: ("not yet started", "not started", "yet to start", "not due to start", "planned",
                         "not yet due"),
    Status.IN_PROGRESS: ("in progress", "ongoing", "on track", "started", "underway", "in hand", "progressing"),
    Status.COMPLETE: ("complete", "completed", "done", "achieved"),
    Status.COMPLETE_BAU: ("complete bau", "completed bau", "bau", "business as usual", "complete business as usual",
                          "completed business as usual", "complete now bau", "complete and bau"),
}
_STATUS_WORDS = {_status_key(w): s for s, words in _STATUSES.items() for w in words}
EXPECTED_STATUS = "Not yet started, In progress, Complete, Complete/BAU, or Closed (with a reason)"


def parse_status(value: Any) -> tuple[str, str]:
    """(status, closed reason); raises ValueError when it is not a status."""
    text = _text(value)
    key = _status_key(text)
    if not key:
        return Status.NOT_STARTED, ""
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key], ""
    match = re.match(r"^\s*closed\b[\s\-–:(,]*(.*?)[)\s.]*$", text, flags=re.IGNORECASE | re.DOTALL)
    if match:
        return Status.CLOSED, match.group(1).strip()
    raise ValueError(text)


_RATINGS = {"b": Rating.BLUE, "blue": Rating.BLUE, "g": Rating.GREEN, "green": Rating.GREEN,
            "a": Rating.AMBER, "amber": Rating.AMBER, "r": Rating.RED, "red": Rating.RED,
            "na": Rating.NA, "n a": Rating.NA, "not applicable": Rating.NA, "": ""}
EXPECTED_RATING = "Blue, Red, Amber, Green, NA (or B, R, A, G) or blank"


def parse_rating(value: Any) -> str:
    key = re.sub(r"\s+", " ", re.sub(r"[/.\-]", " ", _text(value).lower())).strip()
    if key in _RATINGS:
        return _RATINGS[key]
    raise ValueError(key)


def _owners(value: Any) -> list[str]:
    return [o.strip() for o in re.split(r"[;\n]", _text(value)) if o.strip()]


AREA_TEXT = re.compile(r"^area\s*(?:for\s+improvement\s*)?(\d+)\b[\s:.\-–]*(.*)$", re.IGNORECASE | re.DOTALL)


# --- Parsing rows ----------------------------------------------------------------------------------------


@dataclass
class _Parse:
    file: str
    columns: dict[str, int]
    problems: list[ImportProblem] = field(default_factory=list)

    def cell(self, row: list[Cell], name: str) -> Cell:
        c = self.columns.get(name)
        return row[c] if c is not None and c < len(row) else Cell(None)

    def value(self, row: list[Cell], name: str) -> Any:
        return self.cell(row, name).value

    def header(self, name: str, grid_header: list[Cell]) -> str:
        return _text(grid_header[self.columns[name]].value)

    def problem(self, row: int, column: str, value: Any, expected: str) -> None:
        self.problems.append(ImportProblem(self.file, row, column, _text(value), expected))


def _iter_rows(grid: list[list[Cell]], start: int) -> Iterator[tuple[int, list[Cell]]]:
    for r in range(start, len(grid)):
        yield r, grid[r]


def parse(path: Path) -> tuple[list[ParsedArea], list[ParsedAction]]:
    """Read and check the whole file; raises PlanImportError listing every problem."""
    path = Path(path)
    grid = read_grid(path)
    header_row, columns = _find_header(grid)
    if header_row is None:
        first = next((" | ".join(_text(c.value) for c in row if _text(c.value)) for row in grid if any(
            _text(c.value) for c in row)), "(empty file)")
        raise PlanImportError([ImportProblem(path.name, 1, "(header)", first, EXPECTED_HEADER)])
    p = _Parse(path.name, columns)
    header = grid[header_row]

    def col(name: str) -> str:
        return p.header(name, header)

    areas: dict[str, ParsedArea] = {}
    actions: list[ParsedAction] = []
    seen_refs: dict[str, int] = {}
    for r, row in _iter_rows(grid, header_row + 1):
        rownum = r + 1
        if not any(_text(c.value) for c in row):
            continue
        ref_text = _text(p.value(row, "ref")).rstrip(".").strip()
        action_text = _text(p.value(row, "action"))
        area_match = AREA_TEXT.match(ref_text) or (AREA_TEXT.match(action_text) if not ref_text else None)
        if area_match or re.fullmatch(r"\d+", ref_text):
            ref = area_match.group(1) if area_match else ref_text
            title = (area_match.group(2).strip() if area_match and area_match.group(2).strip() else "")
            if not title:
                title = AREA_TEXT.sub(lambda m: m.group(2), action_text).strip() if action_text else ""
            _parse_area(p, row, r, rownum, ref, title, areas, col)
            continue
        if not ref_text:
            if action_text:
                p.problem(rownum, col("ref"), "", "the action's ref, e.g. 1.1 (or an area row such as 'Area 1')")
            continue
        if not ACTION_REF.match(ref_text):
            p.problem(rownum, col("ref"), ref_text, "an action ref like 1.1 or 2.10, or an area row like 1 or 'Area 1'")
            continue
        if ref_text in seen_refs:
            p.problem(rownum, col("ref"), ref_text, f"a ref not used before (already on row {seen_refs[ref_text]})")
            continue
        seen_refs[ref_text] = rownum
        action = _parse_action(p, row, rownum, ref_text, action_text, col)
        if action is not None:
            actions.append(action)
            area_ref = area_of(ref_text)
            if area_ref not in areas:
                areas[area_ref] = ParsedArea(area_ref, rownum, title=f"Area {area_ref}", inferred=True)
    if not actions and not p.problems:
        p.problem(header_row + 2, col("action"), "", "at least one action row")
    if p.problems:
        raise PlanImportError(p.problems)
    return sorted(areas.values(), key=lambda a: ref_key(a.ref)), actions


def _parse_area(p: _Parse, row: list[Cell], r: int, rownum: int, ref: str, title: str,
                areas: dict[str, ParsedArea], col: Any) -> None:
    def own(name: str) -> Any:
        cell = p.cell(row, name)  # ignore copies spilled sideways from the title's merged cell
        return None if cell.spill_from is not None and cell.spill_from[0] == r else cell.value

    if not title:
        p.problem(rownum, col("action"), "", f"the title of area {ref}")
        return
    existing = areas.get(ref)
    if existing is not None and not existing.inferred:
        p.problem(rownum, col("ref"), ref, f"area {ref} only once (already on row {existing.row})")
        return
    area = ParsedArea(ref, rownum, title=title)
    lead = own("area_lead") if "area_lead" in p.columns else own("owner")
    for name, value in (("lead", lead), ("impact_sought", own("impact_sought")),
                        ("how_monitored", own("how_monitored")), ("findings", own("findings")),
                        ("update_narrative", own("update"))):
        if _text(value):
            area.fields[name] = _text(value)
    for name, column in (("activity_rating", "activity"), ("impact_rating", "impact")):
        if column in p.columns and _text(own(column)):
            try:
                area.fields[name] = parse_rating(own(column))
            except ValueError:
                p.problem(rownum, col(column), own(column), EXPECTED_RATING)
    if "measures" in p.columns and _text(own("measures")):
        area.measures = [m.strip() for m in re.split(r"[,;\s]+", _text(own("measures"))) if m.strip()]
    areas[ref] = area


def _parse_action(p: _Parse, row: list[Cell], rownum: int, ref: str, action_text: str,
                  col: Any) -> ParsedAction | None:
    before = len(p.problems)
    if not action_text:
        p.problem(rownum, col("action"), "", f"the text of action {ref}")
    head, lettered = split_lettered(action_text)
    action = ParsedAction(ref, rownum, head or action_text, [])
    if "owner" in p.columns:
        action.owners = _owners(p.value(row, "owner"))
    by_letter: dict[str, date] = {}
    if "due" in p.columns:
        try:
            action.due, by_letter = parse_dates(p.value(row, "due"))
        except ValueError:
            p.problem(rownum, col("due"), p.value(row, "due"),
                      "a date such as 31/03/2025 or 'March 2025' (several separated by ';', or 'a. ... b. ...')")
    unknown = set(by_letter) - {letter for letter, _ in lettered}
    if unknown:
        p.problem(rownum, col("due"), p.value(row, "due"),
                  f"due dates only for the sub-items in the Action cell ({', '.join(sorted(unknown))} not found)")
    action.sub_items = [services.SubItemSpec(letter, text, by_letter.get(letter)) for letter, text in lettered]
    if "status" in p.columns:
        try:
            action.status, action.closed_reason = parse_status(p.value(row, "status"))
        except ValueError:
            p.problem(rownum, col("status"), p.value(row, "status"), EXPECTED_STATUS)
        reason = _text(p.value(row, "closed_reason"))
        action.closed_reason = action.closed_reason or reason
        if action.status == Status.CLOSED and not action.closed_reason:
            p.problem(rownum, col("status"), p.value(row, "status"),
                      "the reason it was closed, e.g. 'Closed - to be captured as part of another programme'")
    for name in ("activity", "impact"):
        if name in p.columns:
            try:
                setattr(action, name, parse_rating(p.value(row, name)))
            except ValueError:
                p.problem(rownum, col(name), p.value(row, name), EXPECTED_RATING)
    action.update = _text(p.value(row, "update"))
    for name, target in (("update_date", "update_date"), ("start", "start")):
        if name in p.columns and _text(p.value(row, name)):
            try:
                setattr(action, target, parse_date(p.value(row, name)))
            except ValueError:
                p.problem(rownum, col(name), p.value(row, name), "a date such as 31/03/2025")
    return action if len(p.problems) == before else None


# --- Writing ---------------------------------------------------------------------------------------------


def import_plan(path: Path | str, plan_name: str, user: Any = None, today: date | None = None) -> ImportResult:
    """Import (or re-import) a file into plan `plan_name`: areas and actions are matched by ref and
    changed where the file differs; all or nothing."""
    path = Path(path)
    today = today or timezone.localdate()
    areas, actions = parse(path)
    counts = {"areas_created": 0, "areas_updated": 0, "actions_created": 0, "actions_updated": 0,
              "actions_unchanged": 0, "updates_added": 0}
    row = 0
    try:
        with transaction.atomic():
            plan, _ = services.get_or_create_plan(plan_name, user=user)
            by_ref: dict[str, Area] = {a.ref: a for a in plan.areas.all()}
            for parsed in areas:
                row = parsed.row
                area = by_ref.get(parsed.ref)
                if area is None:
                    area = services.add_area(plan, parsed.ref, parsed.title, user=user, **parsed.fields)
                    counts["areas_created"] += 1
                else:
                    changes = {k: v for k, v in parsed.fields.items() if getattr(area, k) != v}
                    if not parsed.inferred and parsed.title != area.title:
                        changes["title"] = parsed.title
                    if changes:
                        services.update_area(area, user=user, reason="import", **changes)
                        counts["areas_updated"] += 1
                if parsed.measures is not None:
                    services.set_area_measures(area, parsed.measures, user=user)
                by_ref[parsed.ref] = area
            existing = {a.ref: a for a in Action.objects.filter(area__plan=plan)}
            for parsed in actions:
                row = parsed.row
                outcome, action = _write_action(parsed, by_ref[area_of(parsed.ref)], existing.get(parsed.ref), user)
                counts[f"actions_{outcome}"] += 1
                if parsed.update:
                    counts["updates_added"] += _write_update(parsed, action, user, today)
    except services.PlanError as exc:
        raise PlanImportError([ImportProblem(path.name, row, "(row)", "", str(exc))]) from exc
    return ImportResult(plan=plan, **counts)


def _write_action(parsed: ParsedAction, area: Area, action: Action | None, user: Any) -> tuple[str, Action]:
    """Create the action or change what the file changes; returns (created|updated|unchanged, action)."""
    fields: dict[str, Any] = {"text": parsed.text}
    for name, value in (("owners", parsed.owners), ("due", parsed.due), ("status", parsed.status),
                        ("activity_rating", parsed.activity), ("impact_rating", parsed.impact),
                        ("start_date", parsed.start)):
        if value is not None:
            fields[name] = value
    if parsed.status is not None:
        fields["closed_reason"] = parsed.closed_reason
    if action is None:
        return "created", services.add_action(area, parsed.ref, sub_items=parsed.sub_items, user=user, **fields)
    current = {"text": action.text, "owners": action.owner_names, "due": action.due, "status": action.status,
               "activity_rating": action.activity_rating, "impact_rating": action.impact_rating,
               "start_date": action.start_date, "closed_reason": action.closed_reason}
    changed = {k: v for k, v in fields.items() if current[k] != (sorted(set(v)) if k == "due" else v)}
    current_subs = [services.SubItemSpec(s.letter, s.text, s.due, s.complete) for s in action.sub_items.all()]
    wanted_subs = [services.SubItemSpec(s.letter, s.text, s.due,
                                        next((c.complete for c in current_subs if c.letter == s.letter), False))
                   for s in parsed.sub_items]
    if changed:
        services.update_action(action, user=user, reason="import", **changed)
    if wanted_subs != current_subs:
        services.set_sub_items(action, wanted_subs, user=user)
    return ("updated" if changed or wanted_subs != current_subs else "unchanged"), action


def _write_update(parsed: ParsedAction, action: Action, user: Any, today: date) -> int:
    """Add the file's update narrative as a progress update unless it is already the latest one."""
    latest = action.updates.order_by("-as_at", "-created_at").first()
    if latest is not None and latest.narrative == parsed.update:
        return 0
    services.add_update(
        action, as_at=min(parsed.update_date or today, today), narrative=parsed.update,
        status=action.status, closed_reason=action.closed_reason,
        activity_rating=action.activity_rating, impact_rating=action.impact_rating,
        author=user, author_name="" if user else "imported", today=today,
    )
    return 1
