"""Read a plan from the spreadsheet councils already keep (.xlsx or .csv), one row per action, into plain
data (no database here: importing.py writes it through services).

Real plans, as officers type them:
- an explicit area column ("What needs to improve", "Area for improvement", "Recommendation", "Priority"),
  repeated or merged down the rows, defines the areas when present; refs never do then. Without one, area
  rows ("1" or "Area 1: ...") and the refs' first number do (the older layout);
- refs at mixed depths (1.1, 2.13, plain 4 ... 24, 14.1). A row with anything beyond a ref and a heading
  (an owner, a due date, a status, a rating, a note) is an action whatever its ref; a row with only a ref and
  a heading is a theme that groups the actions under it, when an action follows it;
- due dates as people write them (readings.read_due), owners several to a cell (readings.split_owners),
  "Closed" with or without a reason, BRAG ratings as words or only as the cell's fill colour;
- every other cell of an action's row is kept in its notes as "Header: value"; nothing is dropped.

Strict about meaning: a row that cannot be placed gives a problem naming file, row, column and what was
expected, every problem is listed, and nothing is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lineofsight.plan.readings import (
    EXPECTED_RATING,
    EXPECTED_STATUS,
    NEAREST_STATUS,
    format_due,
    parse_date,
    parse_rating,
    parse_status,
    rating_of_colour,
    read_due,
    split_lettered,
    split_owners,
    status_key,
    text_of,
)
from lineofsight.plan.refs import ACTION_REF, ANY_ACTION_REF, AREA_REF, area_of, ref_key
from lineofsight.plan.scale import Status
from lineofsight.plan.sheets import (
    COLUMNS,
    EXPECTED_HEADER,
    HEADER_SEARCH_ROWS,
    SUFFIXES,
    Cell,
    ImportProblem,
    PlanImportError,
    find_header,
    header_columns,
    match_header,
    normalise_header,
    priority_levels,
    read_grid,
    read_sheets,
)

__all__ = ["COLUMNS", "SUFFIXES", "Cell", "ImportProblem", "PlanImportError", "match_header",
           "normalise_header", "parse", "parse_date", "parse_rating", "parse_status", "read_grid", "split_lettered"]


AREA_FIELD_OF = {"area_lead": "lead", "impact_sought": "impact_sought", "how_monitored": "how_monitored",
                 "findings": "findings", "key_activities": "key_activities"}


@dataclass(frozen=True)
class Finding:
    """Something the importer had to interpret (shown in the preview and the report)."""

    row: int
    column: str
    text: str

    def __str__(self) -> str:
        where = (f"row {self.row}" if self.row else "file") + (f", {self.column}" if self.column else "")
        return f"{where}: {self.text}"


@dataclass
class SubItem:
    letter: str
    text: str
    due: date | None = None
    complete: bool = False


REASON_MAX = 300  # Action.closed_reason's length
COMPLETE_MARK = " (complete)"  # how the .xlsx export marks a finished sub-item; read back on import


@dataclass
class ParsedArea:
    key: str  # the ref (refs define areas) or the title as written (an explicit area column)
    row: int
    title: str = ""
    ref: str | None = None  # None: numbered when written (next free number, or the area with this title)
    inferred: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    measures: list[str] | None = None


@dataclass
class ParsedAction:
    ref: str
    row: int
    text: str
    area_key: str = ""
    sub_items: list[SubItem] = field(default_factory=list)
    owners: list[str] | None = None
    due: list[date] | None = None
    due_text: str = ""
    start: date | None = None
    status: str | None = None
    closed_reason: str = ""
    activity: str | None = None
    impact: str | None = None
    update: str = ""
    update_date: date | None = None
    theme: str = ""
    notes: list[str] = field(default_factory=list)
    position: int = 0
    free_ref: bool = False  # the ref does not name the area (an area column, or plain "4" under area 3)

    @property
    def all_due(self) -> list[date]:
        return sorted(set(self.due or []) | {s.due for s in self.sub_items if s.due})


@dataclass
class ParsedPlan:
    file: str
    explicit_areas: bool
    areas: list[ParsedArea]
    actions: list[ParsedAction]
    rows_read: int
    cells_as_notes: int
    findings: list[Finding]
    preamble: str = ""


# --- Values ----------------------------------------------------------------------------------------------

_text = text_of


AREA_TEXT = re.compile(r"^area\s*(?:for\s+improvement\s*)?(\d+)\b[\s:.\-–]*(.*)$", re.IGNORECASE | re.DOTALL)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- Parsing rows ----------------------------------------------------------------------------------------


@dataclass
class _Row:
    r: int  # 0-based index in the grid
    cells: list[Cell]
    kind: str = ""  # area | candidate | action | theme
    area_key: str = ""
    free_ref: bool = False  # an action whose ref does not name its area (plain "4" under area 3)

    @property
    def number(self) -> int:
        return self.r + 1


@dataclass
class _Parse:
    file: str
    columns: dict[str, int]
    headers: dict[int, str]  # column index -> header as written
    problems: list[ImportProblem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    cells_as_notes: int = 0
    areas: dict[str, ParsedArea] = field(default_factory=dict)
    pending_notes: list[str] = field(default_factory=list)  # notes for the action being read

    def areas_field(self, row: _Row, column: str) -> str:
        """What the row's area already holds for an area-level column (to tell the action's own values)."""
        area = self.areas.get(row.area_key)
        if area is None:
            return ""
        if column == "area_ref":
            return area.ref or ""
        if column == "measures":
            return ", ".join(area.measures or [])
        return area.fields.get(AREA_FIELD_OF[column], "")

    def cell(self, row: _Row, name: str) -> Cell:
        c = self.columns.get(name)
        return self.at(row, c) if c is not None else Cell(None)

    def at(self, row: _Row, c: int) -> Cell:
        """The cell, ignoring copies spilled sideways from a merged cell in another column."""
        cell = row.cells[c] if c < len(row.cells) else Cell(None)
        if cell.spill_from is not None and cell.spill_from[1] != c:
            return Cell(None)
        return cell

    def value(self, row: _Row, name: str) -> Any:
        return self.cell(row, name).value

    def text(self, row: _Row, name: str) -> str:
        return _text(self.value(row, name))

    def col(self, name: str) -> str:
        return self.headers.get(self.columns[name], name) if name in self.columns else name

    def problem(self, row: int, column: str, value: Any, expected: str) -> None:
        self.problems.append(ImportProblem(self.file, row, column, _text(value), expected))

    def found(self, row: int, column: str, text: str) -> None:
        self.findings.append(Finding(row, column, text))

    def unmapped(self, row: _Row) -> list[tuple[int, str]]:
        """(column, text) of the row's non-empty cells that no known column names."""
        known = set(self.columns.values())
        return [(c, _text(self.at(row, c).value)) for c in range(len(row.cells))
                if c not in known and _text(self.at(row, c).value)]

    def header_of(self, c: int) -> str:
        from openpyxl.utils import get_column_letter

        return self.headers.get(c) or f"Column {get_column_letter(c + 1)}"


# Columns whose content makes a row an action (beyond its ref and its heading).
_ACTION_DATA = ("owner", "due", "status", "activity", "impact", "update", "update_date", "closed_reason", "start",
                "theme", "notes")


def _has_data(p: _Parse, row: _Row) -> bool:
    if any(p.text(row, name) for name in _ACTION_DATA):
        return True
    if any(p.cell(row, name).fill and rating_of_colour(p.cell(row, name).fill) for name in ("activity", "impact")):
        return True
    return bool(p.unmapped(row))


def parse(path: Path | str) -> ParsedPlan:
    """Read and check the whole file; raises PlanImportError listing every problem."""
    path = Path(path)
    sheets = read_sheets(path)
    found = next(((name, g, *find_header(g)) for name, g in sheets if find_header(g)[0] is not None), None)
    if found is None:
        grid = sheets[0][1]
        first = next((" | ".join(_text(c.value) for c in row if _text(c.value)) for row in grid if any(
            _text(c.value) for c in row)), "(empty file)")
        raise PlanImportError([ImportProblem(path.name, 1, "(header)", first, EXPECTED_HEADER)])
    sheet_name, grid, header_row, columns = found
    headers = {c: _one_line(_text(cell.value)) for c, cell in enumerate(grid[header_row]) if _text(cell.value)}
    if priority_levels(grid, header_row, columns):
        del columns["area"]  # kept in each action's notes like any other column
    p = _Parse(path.name, columns, headers)
    explicit = "area" in columns
    preamble = "\n".join(" ".join(_text(c.value) for c in row if _text(c.value) and c.spill_from is None)
                         for row in grid[:header_row] if any(_text(c.value) for c in row)).strip()
    if preamble:
        p.found(0, "", f"title rows above the header kept as the plan's description: {_one_line(preamble)[:80]}")
    for name in (n for n in columns if n.startswith("computed:")):
        p.found(0, p.col(name), "worked out again by Line of Sight on import, not stored")
    rows = [_Row(r, grid[r]) for r in range(header_row + 1, len(grid))
            if any(_text(c.value) for c in grid[r])]
    areas = p.areas
    if explicit:
        _classify_explicit(p, rows, areas)
    else:
        _classify_by_refs(p, rows, areas)
    for row in rows:
        if _continues(p, row):
            row.kind = "continuation"
    _resolve_themes(p, rows)
    actions: list[ParsedAction] = []
    seen: dict[str, int] = {}
    theme = ""
    theme_area = ""
    for row in rows:
        if row.kind == "theme":
            theme, theme_area = _theme_of(p, row), row.area_key
            p.found(row.number, p.col("ref"), f"theme row: groups the actions under it ({theme[:60]})")
            continue
        if row.kind == "continuation":
            _continue_action(p, row, actions[-1] if actions else None)
            continue
        if row.kind != "action":
            continue
        if row.area_key != theme_area:
            theme = ""
        action = _parse_action(p, row, seen, explicit)
        if action is None:
            continue
        action.theme = action.theme or theme
        action.position = len(actions) + 1
        actions.append(action)
        if not explicit and action.area_key not in areas:
            areas[action.area_key] = ParsedArea(action.area_key, row.number, title=f"Area {action.area_key}",
                                                ref=action.area_key, inferred=True)
    if not actions and not p.problems:
        p.problem(header_row + 2, p.col("action"), "", "at least one action row")
    if sheet_name and len(sheets) > 1:
        _read_area_sheet(p, sheets, sheet_name, areas)
    if p.problems:
        raise PlanImportError(p.problems)
    ordered = list(areas.values()) if explicit else sorted(areas.values(), key=lambda a: ref_key(a.key))
    return ParsedPlan(path.name, explicit, ordered, actions, len(rows), p.cells_as_notes, p.findings, preamble)


def _classify_explicit(p: _Parse, rows: list[_Row], areas: dict[str, ParsedArea]) -> None:
    """The area column names each row's area (carried down when left blank under the first)."""
    current = ""
    for row in rows:
        written = _one_line(p.text(row, "area"))
        if written:
            current = written
            if written not in areas:
                ref = p.text(row, "area_ref") or None
                areas[written] = ParsedArea(written, row.number, title=p.text(row, "area"), ref=ref)
        row.area_key = current
        ref_text = p.text(row, "ref").rstrip(".").strip()
        heading = p.text(row, "action")
        if current:
            _area_fields(p, row, areas[current])
        if not heading and not _has_data(p, row):
            row.kind = "area"  # the area's own row, or a row of area-level cells: they must agree with the area
            if ref_text and current:  # the area's own number, e.g. "1" beside recommendation 1
                if AREA_REF.match(ref_text) and areas[current].ref in (None, ref_text):
                    areas[current].ref = ref_text
                else:
                    p.problem(row.number, p.col("ref"), ref_text, "an area number (1, 2 ...) used once, or an "
                              "action's text beside its ref")
            if not current:
                c, value = next((c, _text(p.at(row, c).value)) for c in range(len(row.cells))
                                if _text(p.at(row, c).value))
                p.problem(row.number, p.header_of(c), value, "the area (recommendation) this row belongs to")
            for column in (*AREA_FIELD_OF, "measures"):
                value = p.text(row, column)
                if current and value and value != p.areas_field(row, column) and column != "measures":
                    p.problem(row.number, p.col(column), value,
                              f"one {p.col(column)} per area (area {current[:40]!r} already has "
                              f"{p.areas_field(row, column)[:40]!r})")
            continue
        if not current:
            p.problem(row.number, p.col("area"), "", "the area (recommendation) this row belongs to")
            row.kind = "skip"
            continue
        row.kind = "action" if _has_data(p, row) else "candidate"


def _area_fields(p: _Parse, row: _Row, area: ParsedArea) -> None:
    """Area-level cells on an action row belong to its area; one that differs from the area's is kept with the
    action instead (see _parse_action)."""
    for column, name in AREA_FIELD_OF.items():
        value = p.text(row, column)
        if value and name not in area.fields:
            area.fields[name] = value
    if "measures" in p.columns and p.text(row, "measures") and area.measures is None:
        area.measures = [m.strip() for m in re.split(r"[,;\s]+", p.text(row, "measures")) if m.strip()]


def _classify_by_refs(p: _Parse, rows: list[_Row], areas: dict[str, ParsedArea]) -> None:
    """The older layout: area rows ("1", "Area 1: ...") and the first number of each action's ref. A plain
    number with a due date or a status is an action of the area above it, not an area."""
    current = ""
    for row in rows:
        ref_text = p.text(row, "ref").rstrip(".").strip()
        action_text = p.text(row, "action")
        area_match = AREA_TEXT.match(ref_text) or (AREA_TEXT.match(action_text) if not ref_text else None)
        if not area_match and re.fullmatch(r"\d+", ref_text) and current and (
                p.text(row, "due") or p.text(row, "status")):
            row.kind, row.area_key, row.free_ref = "action", current, True
            p.found(row.number, p.col("ref"), f"ref {ref_text} has a due date or status: an action of area {current}")
            continue
        if area_match or re.fullmatch(r"\d+", ref_text):
            ref = area_match.group(1) if area_match else ref_text
            title = area_match.group(2).strip() if area_match and area_match.group(2).strip() else ""
            if not title:
                title = AREA_TEXT.sub(lambda m: m.group(2), action_text).strip() if action_text else ""
            row.kind, row.area_key = "area", ref
            _parse_area_row(p, row, ref, title, areas)
            current = ref
            continue
        row.area_key = area_of(ref_text) if ACTION_REF.match(ref_text) else ""
        current = row.area_key or current
        row.kind = "action" if _has_data(p, row) or not action_text else "candidate"


def _continues(p: _Parse, row: _Row) -> bool:
    """A row whose ref (or, with no ref, whose action) is a merged cell running down from the row above: more
    of the same action (a second owner, another date, another comment)."""
    ref, action = p.cell(row, "ref"), p.cell(row, "action")
    if ref.spill_from is not None and ref.spill_from[0] != row.r:
        return True
    return not _text(ref.value) and action.spill_from is not None and action.spill_from[0] != row.r


def _continue_action(p: _Parse, row: _Row, action: ParsedAction | None) -> None:
    """The row's own cells (not the merged copies) join the action above: owners to its owners, everything
    else to its notes."""
    own = [(c, _text(cell.value)) for c, cell in enumerate(row.cells)
           if cell.spill_from is None and _text(cell.value) and c != p.columns.get("area")]
    if action is None:
        c, value = own[0] if own else (p.columns["ref"], "")
        p.problem(row.number, p.header_of(c), value, "an action above for this merged row to continue")
        return
    for c, value in own:
        if c == p.columns.get("owner") and action.owners is not None:
            action.owners += [o for o in split_owners(value) if o not in action.owners]
        else:
            action.notes.append(f"{p.header_of(c)}: {value}")
            p.cells_as_notes += 1
    p.found(row.number, "", f"continues action {action.ref} (its ref or text is merged down): owners added, "
                            "other cells kept in its notes")


def _resolve_themes(p: _Parse, rows: list[_Row]) -> None:
    """A row with only a ref and a heading is a theme when the next row of its area is an action with more
    than a heading; otherwise it is an action that has no owner, date or status yet."""
    for i, row in enumerate(rows):
        if row.kind != "candidate":
            continue
        following = next((r for r in rows[i + 1:] if r.kind in ("action", "candidate", "area")), None)
        is_theme = (following is not None and following.kind == "action" and following.area_key == row.area_key)
        row.kind = "theme" if is_theme else "action"


def _theme_of(p: _Parse, row: _Row) -> str:
    ref = p.text(row, "ref").rstrip(".").strip()
    heading = _one_line(p.text(row, "action"))
    return f"{ref} {heading}".strip()


def _parse_area_row(p: _Parse, row: _Row, ref: str, title: str, areas: dict[str, ParsedArea]) -> None:
    if not title:
        p.problem(row.number, p.col("action"), "", f"the title of area {ref}")
        return
    existing = areas.get(ref)
    if existing is not None and not existing.inferred:
        p.problem(row.number, p.col("ref"), ref, f"area {ref} only once (already on row {existing.row})")
        return
    area = ParsedArea(ref, row.number, title=title, ref=ref)
    used = {"ref", "action", "area_lead", "owner", "impact_sought", "how_monitored", "findings", "update",
            "activity", "impact", "measures", "key_activities", "computed"}
    lead = p.text(row, "area_lead") if "area_lead" in p.columns else p.text(row, "owner")
    for name, value in (("lead", lead), ("impact_sought", p.text(row, "impact_sought")),
                        ("how_monitored", p.text(row, "how_monitored")), ("findings", p.text(row, "findings")),
                        ("key_activities", p.text(row, "key_activities")),
                        ("update_narrative", p.text(row, "update"))):
        if value:
            area.fields[name] = value
    for name, column in (("activity_rating", "activity"), ("impact_rating", "impact")):
        if column in p.columns and p.text(row, column):
            try:
                area.fields[name] = parse_rating(p.value(row, column))
            except ValueError:
                p.problem(row.number, p.col(column), p.value(row, column), EXPECTED_RATING)
    if "measures" in p.columns and p.text(row, "measures"):
        area.measures = [m.strip() for m in re.split(r"[,;\s]+", p.text(row, "measures")) if m.strip()]
    left = [(c, v) for c, v in p.unmapped(row)]
    left += [(p.columns[n], p.text(row, n)) for n in p.columns
             if n not in used and not n.startswith("computed:") and p.text(row, n)]
    for c, value in left:
        p.problem(row.number, p.header_of(c), value, "nothing else on an area row (put it on an action's row)")
    areas[ref] = area


def _rating(p: _Parse, row: _Row, name: str) -> str | None:
    if name not in p.columns:
        return None
    cell = p.cell(row, name)
    if _text(cell.value):
        try:
            return parse_rating(cell.value)
        except ValueError:
            first = re.match(r"\s*(blue|green|amber|red|na)\b", _text(cell.value), re.IGNORECASE)
            if first is None:
                p.problem(row.number, p.col(name), cell.value, EXPECTED_RATING)
                return None
            rating = parse_rating(first.group(1))
            p.pending_notes.append(f"{p.col(name)} (as written): {_text(cell.value)}")
            p.found(row.number, p.col(name), f"{_text(cell.value)!r} read as {rating}; the words kept in the notes")
            return rating
    if cell.fill:
        colour = rating_of_colour(cell.fill)
        if colour:
            p.found(row.number, p.col(name), f"rating read from the cell's colour (#{cell.fill}): {colour}")
            return colour
        if colour is None and cell.fill not in ("FFFFFF", "000000"):
            p.found(row.number, p.col(name), f"the cell's colour #{cell.fill} is not a BRAG colour: not rated")
    return ""


def _parse_action(p: _Parse, row: _Row, seen: dict[str, int], explicit: bool) -> ParsedAction | None:
    before = len(p.problems)
    n = row.number
    ref = p.text(row, "ref").rstrip(".").strip()
    action_text = p.text(row, "action")
    if not ref:
        p.problem(n, p.col("ref"), "", "the action's ref, e.g. 1.1" + ("" if explicit else
                                                                       " (or an area row such as 'Area 1')"))
        return None
    if not (ANY_ACTION_REF if explicit or row.free_ref else ACTION_REF).match(ref):
        p.problem(n, p.col("ref"), ref, "an action ref like 1.1, 2.10 or 4" if explicit else
                  "an action ref like 1.1 or 2.10, or an area row like 1 or 'Area 1'")
        return None
    if ref in seen:
        p.problem(n, p.col("ref"), ref, f"a ref not used before (already on row {seen[ref]})")
        return None
    seen[ref] = n
    if not action_text:
        p.problem(n, p.col("action"), "", f"the text of action {ref}")
    head, lettered = split_lettered(action_text)
    action = ParsedAction(ref, n, head or action_text, area_key=row.area_key, free_ref=explicit or row.free_ref)
    action.sub_items = [SubItem(letter, text.removesuffix(COMPLETE_MARK), complete=text.endswith(COMPLETE_MARK))
                        for letter, text in lettered]
    if "owner" in p.columns:
        action.owners = split_owners(p.value(row, "owner"))
        if len(action.owners) > 1 and not re.search(r"[;\n]", p.text(row, "owner")):
            p.found(n, p.col("owner"), f"{len(action.owners)} owners: {' | '.join(action.owners)}")
    if "due" in p.columns:
        _due(p, row, action)
    if "status" in p.columns:
        _status(p, row, action)
    p.pending_notes = []
    action.activity, action.impact = _rating(p, row, "activity"), _rating(p, row, "impact")
    action.notes += p.pending_notes
    p.cells_as_notes += len(p.pending_notes)
    action.update = p.text(row, "update")
    for name in ("update_date", "start"):
        if name in p.columns and p.text(row, name):
            try:
                setattr(action, name, parse_date(p.value(row, name)))
            except ValueError:
                p.problem(n, p.col(name), p.value(row, name), "a date such as 31/03/2025")
    action.theme = _one_line(p.text(row, "theme"))
    _notes(p, row, action, explicit)
    return action if len(p.problems) == before else None


def _due(p: _Parse, row: _Row, action: ParsedAction) -> None:
    value = p.value(row, "due")
    reading = read_due(value, frozenset(s.letter for s in action.sub_items))
    action.due = list(reading.dates)
    action.due_text = reading.text if isinstance(value, str) else ""
    for sub in action.sub_items:
        sub.due = reading.by_letter.get(sub.letter)
    if action.due_text == format_due(reading.dates, [(s.letter, s.due) for s in action.sub_items]):
        action.due_text = ""  # exactly the dates, as Line of Sight writes them: nothing more to keep
    if reading.start and action.start is None:
        action.start = reading.start
    if reading.notes:
        p.found(row.number, p.col("due"), f"{reading.text!r}: " + "; ".join(reading.notes))


def _status(p: _Parse, row: _Row, action: ParsedAction) -> None:
    try:
        action.status, action.closed_reason = parse_status(p.value(row, "status"))
    except ValueError:
        p.problem(row.number, p.col("status"), p.value(row, "status"), EXPECTED_STATUS)
        return
    if status_key(p.text(row, "status")) in NEAREST_STATUS:
        action.notes.append(f"{p.col('status')} (as written): {p.text(row, 'status')}")
        p.cells_as_notes += 1
        p.found(row.number, p.col("status"), f"{p.text(row, 'status')!r} read as {Status(action.status).label}; "
                                             "the words kept in the notes")
    action.closed_reason = action.closed_reason or p.text(row, "closed_reason")
    if len(action.closed_reason) > REASON_MAX:
        action.notes.append(f"Reason closed (in full): {action.closed_reason}")
        action.closed_reason = action.closed_reason[:REASON_MAX - 1] + "…"
        p.found(row.number, p.col("status"), f"the reason for closing is longer than {REASON_MAX} characters: "
                                             "shortened, kept in full in the notes")
    if action.status != Status.CLOSED:
        return
    if not action.closed_reason and p.text(row, "update") and len(p.text(row, "update")) <= REASON_MAX:
        action.closed_reason = p.text(row, "update")
        p.found(row.number, p.col("status"), f"closed: the reason is taken from {p.col('update')!r}")
    elif not action.closed_reason:
        p.found(row.number, p.col("status"), "closed without a reason given (accepted)")


def _notes(p: _Parse, row: _Row, action: ParsedAction, explicit: bool) -> None:
    """Cells with no field of their own: kept as "Header: value" lines in the action's notes."""
    if p.text(row, "notes"):
        action.notes.append(p.text(row, "notes"))
        p.cells_as_notes += 1
    kept = [(c, v) for c, v in p.unmapped(row)]
    for column in (*AREA_FIELD_OF, "measures", "area_ref"):  # an area-level cell unlike its area's: the action's
        value = p.text(row, column)
        if column == "measures":
            value = ", ".join(m for m in re.split(r"[,;\s]+", value) if m)
        if value and value != p.areas_field(row, column):
            kept.append((p.columns[column], p.text(row, column)))
    for c, value in kept:
        action.notes.append(f"{p.header_of(c)}: {value}")
        p.cells_as_notes += 1


def _read_area_sheet(p: _Parse, sheets: list[tuple[str, list[list[Cell]]]], used: str,
                     areas: dict[str, ParsedArea]) -> None:
    """A second sheet with one row per area (as Line of Sight's own Summary sheet): its lead, key activities,
    impact sought, how monitored, measures, ratings and update fill in the areas it names."""
    area_sheet = None
    for name, grid in sheets:
        if name == used or area_sheet is not None:
            continue
        for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
            columns = header_columns(grid, r)
            if "action" in columns or not ({"area", "area_ref"} & set(columns)):
                continue
            if len(set(columns) & {"area_lead", "impact_sought", "how_monitored", "measures", "key_activities"}) < 2:
                continue
            _area_sheet_rows(p, name, grid, r, columns, areas)
            area_sheet = name
            break
    for name, grid in sheets:  # say what was not read, so nothing goes unnoticed
        filled = sum(1 for row in grid for c in row if _text(c.value) and c.spill_from is None)
        if name not in (used, area_sheet) and filled:
            p.found(0, name, f"sheet not read ({filled} filled cell(s)): only the plan's sheet and an area sheet are")


def _area_sheet_rows(p: _Parse, name: str, grid: list[list[Cell]], r: int, columns: dict[str, int],
                     areas: dict[str, ParsedArea]) -> None:
    by_ref = {a.ref: a for a in areas.values() if a.ref}
    by_title = {_one_line(a.title): a for a in areas.values()}
    for i in range(r + 1, len(grid)):
        cells = grid[i]

        def get(column: str, cells: list[Cell] = cells) -> str:
            c = columns.get(column)
            return _text(cells[c].value) if c is not None and c < len(cells) else ""

        area = by_ref.get(get("area_ref")) or by_title.get(_one_line(get("area")))
        if area is None and _one_line(get("area")) and "area" in p.columns:  # an area without actions yet
            key = _one_line(get("area"))
            area = areas[key] = by_title[key] = ParsedArea(key, i + 1, title=get("area"), ref=get("area_ref") or None)
            p.found(i + 1, name, f"area {key[:60]!r} has no actions yet")
        if area is None:
            if any(_text(c.value) for c in cells):
                p.found(i + 1, name, "a row of the area sheet naming no area of the plan: not read")
            continue
        for column, fieldname in (*AREA_FIELD_OF.items(), ("update", "update_narrative")):
            if get(column):
                area.fields[fieldname] = get(column)
        for column, fieldname in (("activity", "activity_rating"), ("impact", "impact_rating")):
            try:
                area.fields[fieldname] = parse_rating(get(column))
            except ValueError:
                p.problem(i + 1, f"{name}: {column}", get(column), EXPECTED_RATING)
        if "measures" in columns:
            area.measures = [m.strip() for m in re.split(r"[,;\s]+", get("measures")) if m.strip()]
    p.found(0, name, "areas' lead, activities, impact sought, monitoring, measures and ratings read from this sheet")
    read = set(columns.values())
    unread = [_text(cell.value) for c, cell in enumerate(grid[r]) if c not in read and _text(cell.value)]
    if unread:
        p.found(0, name, f"column(s) of the area sheet not read: {', '.join(unread)}")
