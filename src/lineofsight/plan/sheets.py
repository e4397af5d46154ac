"""Reading a plan file into a grid of cells, and finding its header row: .xlsx (every sheet, merged cells
spread over their range, fill colours kept) or .csv (any encoding Excel writes, any delimiter).

Pure: no database. Headers are matched ignoring case, spacing, punctuation and small misspellings.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lineofsight.plan.readings import text_of as _text

SUFFIXES = (".xlsx", ".xlsm", ".csv")
HEADER_SEARCH_ROWS = 15

# Canonical column -> header spellings (normalised: lower case, letters and digits only).
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "reference", "refno", "no", "number", "actionno", "actionref", "actionnumber", "item", "id"),
    "action": ("action", "actions", "actiondescription", "description", "whatwewilldo", "actiontobetaken",
               "actionrequired", "keyaction", "task"),
    "area": ("whatneedstoimprove", "areaforimprovement", "areasforimprovement", "areaofimprovement",
             "recommendation", "recommendations", "ofstedrecommendation", "priority", "priorities",
             "improvementarea", "areaforimprovementtitle"),
    "area_ref": ("area", "arearef", "areano", "areanumber"),
    "theme": ("theme", "themes", "workstream"),
    "notes": ("notes", "note", "othercells"),
    "owner": ("actionowner", "actionowners", "owner", "owners", "actionlead", "responsible",
              "responsibleofficer", "leadofficer", "whoisresponsible", "responsibility", "who"),
    "due": ("dueby", "duedate", "duedates", "due", "deadline", "timescale", "timescales", "targetdate", "bywhen",
            "completionby", "completiondate", "targetcompletiondate", "when", "timeframe"),
    "status": ("status", "actionstatus", "currentstatus", "progressstatus"),
    "activity": ("activity", "activitybrag", "activityrag", "activityrating", "bragactivity", "ragactivity",
                 "activitybragrating", "activityragrating", "brag", "rag", "ragrating", "bragrating"),
    "impact": ("impact", "impactbrag", "impactrag", "impactrating", "bragimpact", "ragimpact",
               "impactbragrating", "impactragrating"),
    "update": ("update", "progressupdate", "latestupdate", "commentary", "narrative", "updatenarrative",
               "comments", "progresscommentary", "progress", "updatecomments"),
    "update_date": ("updatedate", "dateofupdate", "lastupdated", "updated"),
    "closed_reason": ("closedreason", "reasonforclosure", "closurereason", "reasonclosed"),
    "impact_sought": ("impactsought", "intendedimpact", "impactwewanttosee", "outcomesought", "desiredoutcome",
                      "outcome", "outcomes"),
    "how_monitored": ("howmonitored", "howwillimpactbemonitored", "howimpactwillbemonitoredandmeasured",
                      "howwillimpactbemonitoredandmeasured", "howwillwemeasureimpact", "monitoring",
                      "measuresofsuccess", "howwillweknow", "evidenceofimpact", "howimpactismonitoredandmeasured"),
    "measures": ("measures", "measureids", "kpis", "kpi", "linkedmeasures", "kpiids"),
    "area_lead": ("sectionlead", "arealead", "lead"),
    "findings": ("findings", "whatinspectorsfound", "ofstedfinding", "inspectionfinding"),
    "key_activities": ("keyactivities",),
    "start": ("startdate", "start", "startby"),
    # Line of Sight's own exports carry figures it works out again on import; they are not stored.
    "computed": ("signals", "advisoryactivityrating"),
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
    fill: str | None = None  # the fill colour as RRGGBB (solid fills only)


# --- Reading the grid ------------------------------------------------------------------------------------


def _fill(cell: Any) -> str | None:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].upper()
    if colour.type == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        return COLOR_INDEX[colour.indexed][-6:].upper() if colour.indexed < len(COLOR_INDEX) else None
    return None  # theme colours need the workbook's theme; reported as unread where a rating is missing


def _shown(cell: Any) -> Any:
    """A number as the sheet shows it: a ref typed as 2.10 is stored as 2.1 and shown "2.10" by a "0.00"
    number format, so read it as shown (2.1 and 2.10 are different actions)."""
    value = cell.value
    places = re.fullmatch(r"0\.(0+)", str(getattr(cell, "number_format", "") or ""))
    if isinstance(value, float) and places:
        return f"{value:.{len(places.group(1))}f}"
    return value


def _sheet_grid(sheet: Any) -> list[list[Cell]]:
    grid = [[Cell(_shown(c), fill=_fill(c)) for c in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid):
            continue
        source = grid[top][left] if left < len(grid[top]) else Cell(None)
        for r in range(top, min(merged.max_row, len(grid))):
            row = grid[r]
            row.extend(Cell(None) for _ in range(merged.max_col - len(row)))
            for c in range(left, merged.max_col):
                if (r, c) != (top, left):
                    row[c] = Cell(source.value, spill_from=(top, left), fill=source.fill)
    return grid


def _read_xlsx(path: Path) -> list[tuple[str, list[list[Cell]]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise PlanImportError([ImportProblem(path.name, 0, "(file)", type(exc).__name__,
                                             "a readable .xlsx workbook")]) from exc
    return [(ws.title, _sheet_grid(ws)) for ws in book.worksheets]


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
    import io

    return [[Cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def read_sheets(path: Path) -> list[tuple[str, list[list[Cell]]]]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PlanImportError([ImportProblem(path.name, 0, "(file)", path.suffix or "(none)",
                                             "a .xlsx or .csv file")])
    if not path.exists():
        raise PlanImportError([ImportProblem(path.name, 0, "(file)", str(path), "a file that exists")])
    return _read_xlsx(path) if suffix in (".xlsx", ".xlsm") else [(path.stem, _read_csv(path))]


def read_grid(path: Path) -> list[list[Cell]]:
    """The grid of the sheet holding the actions (the first with a Ref and an Action header)."""
    sheets = read_sheets(path)
    return next((g for _, g in sheets if find_header(g)[0] is not None), sheets[0][1])


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


def header_columns(grid: list[list[Cell]], r: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    area_rank = len(COLUMNS["area"])
    for c, cell in enumerate(grid[r]):
        if cell.spill_from is not None and cell.spill_from[0] == r:
            continue
        name = match_header(cell.value)
        if name == "computed":
            name = f"computed:{c}"  # there may be several
        if name == "area":  # "What needs to improve" beats "Priority" when a plan has both
            key = normalise_header(cell.value)
            rank = COLUMNS["area"].index(key) if key in COLUMNS["area"] else len(COLUMNS["area"]) - 1
            if rank < area_rank:
                columns["area"], area_rank = c, rank
            continue
        if name and name not in columns:
            columns[name] = c
    return columns


PRIORITY_LEVELS = {"high", "medium", "med", "low", "critical", "h", "m", "l", "1", "2", "3", "4", "5"}


def priority_levels(grid: list[list[Cell]], header_row: int, columns: dict[str, int]) -> bool:
    """A "Priority" column holding High/Medium/Low is a priority level, not the plan's areas."""
    c = columns.get("area")
    if c is None or not normalise_header(grid[header_row][c].value).startswith("priorit"):
        return False
    values = {_text(row[c].value).lower() for row in grid[header_row + 1:] if c < len(row) and _text(row[c].value)}
    return bool(values) and values <= PRIORITY_LEVELS


def find_header(grid: list[list[Cell]]) -> tuple[int | None, dict[str, int]]:
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        columns = header_columns(grid, r)
        if "ref" in columns and "action" in columns:
            if "owner" not in columns and "area_lead" in columns:
                columns["owner"] = columns.pop("area_lead")
            return r, columns
    return None, {}
