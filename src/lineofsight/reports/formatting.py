"""Figures as people read them, the same on a page, in a chart's table and in print.

RAG and direction of travel are always a word and a symbol, never colour alone (WCAG 1.4.1). The
symbols are in DejaVu Sans, which the PDF renderer uses, and in Word's symbol fallback fonts.
"""

from __future__ import annotations

import datetime as dt

from lineofsight.reports.suppression import SUPPRESSED

NO_DATA = "–"  # an en dash: nothing to show (no records), as distinct from "c" (hidden)

UNIT_LABELS = {
    "percent": "%", "rate_per_10000": "per 10,000 children", "count": "number", "days": "days",
    "working_days": "working days", "ratio": "per worker",
}

RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}
RAG_SYMBOLS = {"green": "✓", "amber": "⚠", "red": "✗"}  # shapes differ as well as colours
DIRECTION_SYMBOLS = {"up": "▲", "down": "▼", "same": "▶"}
VARIATION_WORDS = {
    "common_cause": "Common cause variation",
    "special_cause_improving": "Special cause variation – improving",
    "special_cause_concerning": "Special cause variation – concerning",
    "special_cause_neither": "Special cause variation",
}
ASSURANCE_WORDS = {
    "consistently_passing": "consistently passing the target",
    "consistently_failing": "consistently failing the target",
    "hit_and_miss": "hit and miss against the target",
}


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def format_value(value: object, unit: str, with_unit: bool = True) -> str:
    """84.2% · 45.3 per 10,000 · 1,234 · 212 days · 33 working days · 16.2; "c" and no data as such."""
    if value == SUPPRESSED:
        return SUPPRESSED
    if not is_number(value):
        return NO_DATA
    v = float(value)
    if unit == "percent":
        return f"{v:.1f}%" if with_unit else f"{v:.1f}"
    if unit == "count":
        return f"{round(v):,}"
    if unit == "rate_per_10000":
        return f"{v:,.1f} per 10,000" if with_unit else f"{v:,.1f}"
    if unit in ("days", "working_days"):
        text = f"{v:,.0f}" if v == round(v) else f"{v:,.1f}"
        return f"{text} {UNIT_LABELS[unit]}" if with_unit else text
    return f"{v:,.1f}"


def format_level(value: object, unit: str) -> str:
    """A level computed from figures (a mean, a process limit): like format_value, but counts keep a
    decimal place, since an average of counts is not itself a count."""
    if unit == "count" and is_number(value):
        return f"{float(value):,.1f}"
    return format_value(value, unit)


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(n: int) -> str:
    """Small numbers in prose as words (style guides say so, and a prose 'two' is never mistaken for a
    count of children): 3 -> 'three', 12 -> '12'."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """'two months', 'one team', '12 teams'."""
    return f"{number_words(n)} {word if n == 1 else (words or word + 's')}"


def format_count(value: object) -> str:
    if value == SUPPRESSED:
        return SUPPRESSED
    return f"{int(value):,}" if is_number(value) else NO_DATA


def month_label(iso: str | dt.date) -> str:
    """'2026-03-31' -> 'March 2026'."""
    day = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{day:%B %Y}"


def short_month(iso: str | dt.date) -> str:
    day = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{day:%b %Y}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def rag_text(rag: str | None) -> str:
    """'✓ Green' (RAG as a symbol and a word), or 'Not rated'."""
    if rag not in RAG_WORDS:
        return "Not rated"
    return f"{RAG_SYMBOLS[rag]} {RAG_WORDS[rag]}"


def direction_text(direction: dict | None) -> str:
    """'▲ up, better' from the selectors' direction of travel; '–' when there is nothing to compare."""
    if not direction:
        return NO_DATA
    moved = direction["direction"]
    judgement = direction.get("judgement")
    words = moved if moved != "same" else "no change"
    if judgement and judgement != "same":
        words += f", {judgement}"
    return f"{DIRECTION_SYMBOLS[moved]} {words}"


def variation_text(variation: str | None) -> str:
    return VARIATION_WORDS.get(variation or "", "Too few points for process limits")


def assurance_text(assurance: str | None) -> str:
    return ASSURANCE_WORDS.get(assurance or "", "")
