"""Reading single cells of a plan as officers type them: due dates, owners, BRAG fill colours.

Pure functions (no database, no files), so every form is unit-tested on its own. The importer keeps the
text as written beside what is read from it, and reports whatever had to be interpreted.
"""

from __future__ import annotations

import calendar
import colorsys
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lineofsight.plan.scale import Rating, Status

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4}|\d{2})(?!\d)"
# Longest forms first; each match is removed before the next pattern looks, so "31 March 2025" is not also
# read as "March 2025".
_DATE_PATTERNS = (
    ("day", re.compile(r"(?<!\d)(?P<y4>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    ("day", re.compile(r"(?<!\d)(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-]" + _YEAR)),
    ("day", re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?" + _MONTH + r"[\s,\-']*" + _YEAR,
                       re.IGNORECASE)),
    ("month", re.compile(r"\b" + _MONTH + r"[\s,\-'/]*" + _YEAR, re.IGNORECASE)),
    ("month", re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<y4>\d{4})(?!\d)")),
)
# An entry that recurs or never ends: no due date, never overdue.
_RECURRING = re.compile(
    r"\b(ongoing|on-going|continuous|continual|daily|weekly|fortnightly|monthly|bi-?monthly|quarterly|"
    r"annually|annual|yearly|regular(ly)?|every|each|as required|as needed|bau|business as usual|meetings?)\b",
    re.IGNORECASE,
)
_NO_DATE = {"", "tbc", "tba", "na", "n/a", "-", "--", "none", "not applicable"}
_FROM = re.compile(r"^\s*(from|starting|start(?:s|ing)? in|commencing|beginning)\b", re.IGNORECASE)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _found(kind: str, m: re.Match[str]) -> tuple[date, bool] | None:
    """(the date, whether only its month was written) or None when the numbers are not a date."""
    groups = m.groupdict()
    try:
        year = int(groups["y4"]) if groups.get("y4") else _year(groups["year"])
        month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["m"])
        if kind == "month":
            return month_end(year, month), True
        return date(year, month, int(groups["d"])), False
    except (ValueError, KeyError):
        return None


def find_dates(text: str) -> list[tuple[date, bool]]:
    """Every date written in `text`, in the order written: (date, month only). "Mar 25" is March 2025 and
    a month on its own means the end of that month."""
    spans: list[tuple[int, date, bool]] = []
    rest = text
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(rest):
            got = _found(kind, m)
            if got is not None:
                spans.append((m.start(), *got))
        rest = pattern.sub(lambda m: " " * len(m.group(0)), rest)
    return [(d, month_only) for _, d, month_only in sorted(spans, key=lambda s: s[0])]


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


LETTERED = re.compile(r"(?:^|(?<=\s))([a-z])[.)]\s+", re.IGNORECASE)


def split_lettered(text: str) -> tuple[str, list[tuple[str, str]]]:
    """ "Do X. a. first b. second" -> ("Do X.", [("a", "first"), ("b", "second")]).

    Only a run of letters in order from "a" counts, so "see para a. above" alone is not split; a lone "a." counts
    when it starts a line ("Do X.\na. first", as the export writes an action with one part)."""
    marks = list(LETTERED.finditer(text))
    run: list[re.Match[str]] = []
    for m in marks:
        expected = chr(ord("a") + len(run))
        if m.group(1).lower() == expected:
            run.append(m)
        elif m.group(1).lower() == "a":
            run = [m]
    on_its_own_line = len(run) == 1 and run[0].start() > 0 and text[run[0].start() - 1] == "\n"
    if len(run) < 2 and not on_its_own_line:  # one "a." counts only on a line of its own
        return text.strip(), []
    head = text[: run[0].start()].strip()
    items = []
    for i, m in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(text)
        items.append((m.group(1).lower(), text[m.end():end].strip().rstrip(";").strip()))
    return head, items


@dataclass(frozen=True)
class DueReading:
    """A due cell: the text as written and everything read from it.

    `dates` holds every date written (ascending). The action is due by the LAST of them (signals.final_due);
    the earlier ones are kept as milestones. `by_letter` holds dates lettered "a. ... b. ..." when the action
    has sub-items with those letters. A recurring or open-ended entry has no date and is never overdue."""

    text: str
    dates: tuple[date, ...] = ()
    by_letter: dict[str, date] = field(default_factory=dict)
    start: date | None = None
    recurring: bool = False
    notes: tuple[str, ...] = ()

    @property
    def due(self) -> date | None:
        return max(self.dates) if self.dates else None


def read_due(value: Any, letters: frozenset[str] = frozenset()) -> DueReading:
    """Read a due cell. `letters` are the action's sub-item letters, so "a. Dec 24 b. Jan 25" gives those
    sub-items their dates; when the action has no such sub-items, the lettered dates are the action's own."""
    if isinstance(value, datetime):
        return DueReading(text_of(value), (value.date(),))
    if isinstance(value, date):
        return DueReading(value.isoformat(), (value,))
    text = re.sub(r"[ \t]+", " ", text_of(value)).strip()
    if text.lower().strip(" .") in _NO_DATE:
        return DueReading(text)
    notes: list[str] = []
    head, lettered = split_lettered(text)
    by_letter: dict[str, date] = {}
    loose: list[tuple[date, bool]] = []
    if lettered and {letter for letter, _ in lettered} <= letters:
        for letter, part in lettered:
            found = find_dates(part)
            if found:
                by_letter[letter] = max(d for d, _ in found)
                loose += found[:-1] if len(found) > 1 else []
        loose += find_dates(head)
    else:
        if lettered:
            notes.append("lettered dates kept as the action's own (the action has no such sub-items)")
        loose = find_dates(text)
    start = None
    if _FROM.match(text) and loose:
        start_date, month_only = loose.pop(0)
        start = start_date.replace(day=1) if month_only else start_date
        notes.append(f"start {start:%d %b %Y}" + ("; open-ended, never overdue" if not loose else ""))
    dates = tuple(sorted({d for d, _ in loose}))
    recurring = not dates and not by_letter and (start is not None or bool(_RECURRING.search(text)))
    if recurring and start is None:
        notes.append("recurring or open-ended: no due date, never overdue")
    if any(month_only for _, month_only in loose):
        notes.append("a month on its own means the end of that month")
    if len(dates) > 1:
        notes.append(f"{len(dates)} dates: due by the last, {dates[-1]:%d %b %Y}; all kept")
    if not dates and not by_letter and not recurring:
        notes.append("no date could be read: kept as written, no due date")
    return DueReading(text, dates, by_letter, start, recurring, tuple(notes))


def format_due(own: Any, subs: Any = ()) -> str:
    """Dates as Line of Sight writes them: "31 Mar 2025; 30 Jun 2025\na. 31 Jan 2025\nb. none". `subs` is
    (letter, date or None) per sub-item. read_due reads this back to the same dates, and the importer keeps no
    "as written" text when a cell says exactly this (it adds nothing to the dates)."""
    text = "; ".join(f"{d:%d %b %Y}" for d in sorted(own))
    dated = [(letter, d) for letter, d in subs]
    if any(d for _, d in dated):
        text = text or "none"  # the parts' letters then start lines of their own
        text += "".join(f"\n{letter}. {d:%d %b %Y}" if d else f"\n{letter}. none" for letter, d in dated)
    return text.strip()


def parse_date(value: Any) -> date | None:
    """One date ("31/03/2025", "March 2025" = end of March, "Mar 25"); None for no date ("Ongoing", "TBC").
    Raises ValueError when the text is neither."""
    reading = read_due(value)
    if len(reading.dates) == 1 and not reading.start:
        return reading.dates[0]
    if not reading.dates and (reading.recurring or text_of(value).lower().strip(" .") in _NO_DATE):
        return None
    raise ValueError(text_of(value))


# --- Owners ----------------------------------------------------------------------------------------------

_ROLE_WORD = re.compile(
    r"\b(head|heads|director|directors|manager|managers|lead|leads|leader|officer|officers|worker|workers|"
    r"advis[eo]r|practitioner|chair|co-?ordinator|principal|commissioner|consultant|analyst|partner|partners|"
    r"dcs|ad|ads|hos|psw|iro|iros|ceo|executive|designated)\b",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,2}$")  # "KW", "HoS", "PSW"
_STRONG = re.compile(r"\s*[;\n]\s*")
_WEAK = re.compile(r"(\s*/\s*|\s*,\s*|\s+and\s+|\s*&\s*)")


def _an_owner(piece: str) -> bool:
    """Whether a piece can stand alone as an owner (a job title or someone's initials)."""
    return bool(_ROLE_WORD.search(piece) or _INITIALS.match(piece))


def split_owners(value: Any) -> list[str]:
    """Several owners in one cell. Lines or ";" separate owners outright. Otherwise "/", ",", "and" and "&"
    separate them, except where the piece after the separator cannot stand alone as an owner (no job-title
    word, not initials): then it qualifies the owner before it ("Head of Service, MASH", "Head of Quality and
    Performance" stay whole)."""
    text = text_of(value)
    if not text:
        return []
    strong = [p for p in _STRONG.split(text) if p.strip()]
    if len(strong) > 1:
        return [p.strip() for p in strong]
    parts = _WEAK.split(text)
    owners = [parts[0]]
    for sep, piece in zip(parts[1::2], parts[2::2], strict=True):
        if piece.strip() and _an_owner(piece.strip()) and _an_owner(owners[-1].strip()):
            owners.append(piece)
        else:
            owners[-1] += sep + piece
    return [o.strip() for o in owners if o.strip()]


# --- BRAG as a fill colour ---------------------------------------------------------------------------------


def rating_of_colour(rgb: str | None) -> str | None:
    """The BRAG rating a cell's fill colour shows ("FFC000" -> Amber), or None for no/white/unclear fill.
    Grey is NA. Hue bands: red 0-15 and 340-360, amber/yellow 16-65, green 66-170, blue 171-260 degrees."""
    if not rgb or len(rgb) < 6:
        return None
    try:
        r, g, b = (int(rgb[-6:][i:i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    if light > 0.95 or light < 0.05:
        return None  # white or black: no rating shown
    if sat < 0.15:
        return Rating.NA
    degrees = hue * 360
    if degrees <= 15 or degrees >= 340:
        return Rating.RED
    if degrees <= 65:
        return Rating.AMBER
    if degrees <= 170:
        return Rating.GREEN
    if degrees <= 260:
        return Rating.BLUE
    return None


# --- Status and BRAG words ------------------------------------------------------------------------------


def status_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[()\-–:/,.]", " ", text.lower())).strip()


_STATUSES = {
    Status.NOT_STARTED: ("not yet started", "not started", "yet to start", "not due to start", "planned",
                         "not yet due"),
    Status.IN_PROGRESS: ("in progress", "ongoing", "on track", "started", "underway", "in hand", "progressing"),
    Status.COMPLETE: ("complete", "completed", "done", "achieved"),
    Status.COMPLETE_BAU: ("complete bau", "completed bau", "bau", "business as usual", "complete business as usual",
                          "completed business as usual", "complete now bau", "complete and bau"),
}
_STATUS_WORDS = {status_key(w): s for s, words in _STATUSES.items() for w in words}
# Words plans use that say more than our statuses: read as the nearest status, the words kept in the notes.
NEAREST_STATUS = {status_key(w): Status.IN_PROGRESS for w in (
    "delayed", "behind", "behind schedule", "off track", "at risk", "overdue", "partially complete",
    "partially completed", "part complete", "part completed", "in train", "commenced", "slipped")}
EXPECTED_STATUS = "Not yet started, In progress, Complete, Complete/BAU, or Closed (with or without a reason)"


def parse_status(value: Any) -> tuple[str, str]:
    """(status, closed reason written in the same cell); raises ValueError when it is not a status."""
    text = text_of(value)
    key = status_key(text)
    if not key:
        return Status.NOT_STARTED, ""
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key], ""
    if key in NEAREST_STATUS:
        return NEAREST_STATUS[key], ""
    match = re.match(r"^\s*closed\b\s*(\()?[\s\-–:,]*(.*?)\s*$", text, flags=re.IGNORECASE | re.DOTALL)
    if match:
        reason = match.group(2)
        return Status.CLOSED, (reason.removesuffix(")") if match.group(1) else reason).strip()
    raise ValueError(text)


_RATINGS = {"b": Rating.BLUE, "blue": Rating.BLUE, "g": Rating.GREEN, "green": Rating.GREEN,
            "a": Rating.AMBER, "amber": Rating.AMBER, "r": Rating.RED, "red": Rating.RED,
            "na": Rating.NA, "n a": Rating.NA, "not applicable": Rating.NA, "": "", "not rated": ""}
EXPECTED_RATING = "Blue, Red, Amber, Green, NA (or B, R, A, G), blank, or a cell filled in one of those colours"


def parse_rating(value: Any) -> str:
    key = re.sub(r"\s+", " ", re.sub(r"[/.\-]", " ", text_of(value).lower())).strip()
    if key in _RATINGS:
        return _RATINGS[key]
    raise ValueError(key)
