"""Turning figures into what a page shows: formatted values, RAG and SPC as words and symbols, suppression.

RAG, direction of travel and the SPC icons are always words (with a symbol beside them), never colour
alone. For people who must not see small numbers (policy.suppressed) every figure goes through
lineofsight.reports.suppression first, so the page, the CSV and the printed pack hide the same cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from lineofsight.reports import formatting as fmt
from lineofsight.reports import suppression
from lineofsight.reports.published import Published
from lineofsight.web.dashboard import svg

C = suppression.SUPPRESSED
SUPPRESSED_NOTE = '"c" marks a figure hidden because it rests on a count from 1 to 5 (or would reveal one).'

UNIT_LABELS = {
    "percent": "%", "rate_per_10000": "per 10,000 children", "count": "count", "days": "days (mean)",
    "working_days": "working days (median)", "ratio": "ratio",
}
POLARITY_LABELS = {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better",
                   "neutral": "No better direction"}

RAG = {
    "green": ("Green", "✓", "meets the target"),
    "amber": ("Amber", "⚠", "meets the threshold but not the target"),
    "red": ("Red", "✗", "below the threshold"),
    None: ("No rating", "–", "no threshold or target, or no figure"),
}
VARIATION = {
    "common_cause": ("Common cause", "~", "no significant change"),
    "special_cause_improving": ("Improving", "▲", "special cause variation: improving"),
    "special_cause_concerning": ("Concerning", "▼", "special cause variation: concerning"),
    "special_cause_neither": ("Special cause", "◆", "special cause variation, neither better nor worse"),
    None: ("Too few points", "–", "fewer than 15 months: no SPC judgement"),
}
ASSURANCE = {
    "consistently_passing": ("Passing", "P", "consistently meets the target"),
    "consistently_failing": ("Failing", "F", "consistently misses the target"),
    "hit_and_miss": ("Hit and miss", "?", "will sometimes meet the target and sometimes not"),
    None: ("No target", "–", "no target to assure against"),
}


def value_text(value: object, unit: str) -> str:
    """A figure as text, exactly as the printed pack shows it: "85.7%", "1,234", "12.3 days"; "c"; "–"."""
    return fmt.format_value(value, unit)


def count_text(value: object) -> str:
    if value is None:
        return "–"
    if value == C:
        return C
    return f"{int(value):,}"  # type: ignore[call-overload]


def month_text(iso: str | dt.date | None) -> str:
    if iso is None:
        return ""
    day = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return day.strftime("%b %Y")


def badge(table: Mapping, key: object) -> dict:
    word, symbol, meaning = table.get(key, table[None])
    return {"key": key or "none", "word": word, "symbol": symbol, "meaning": meaning}


def direction_text(change: Mapping | None, unit: str) -> dict | None:
    """{"arrow", "text", "judgement"}: e.g. "▲ up 2.1 points, better"; None when not comparable."""
    if not change:
        return None
    arrow = {"up": "▲", "down": "▼", "same": "▶"}[change["direction"]]
    size = abs(change["change"])
    amount = f"{size:.1f} points" if unit == "percent" else value_text(size, unit)
    text = "no change" if change["direction"] == "same" else f"{change['direction']} {amount}"
    if change.get("judgement") in ("better", "worse"):
        text += f", {change['judgement']}"
    return {"arrow": arrow, "text": text, "judgement": change.get("judgement") or "neutral"}


# ---------------------------------------------------------------- suppression

def as_shown(figures: Iterable[Mapping]) -> list[dict]:
    """Figures for a reader who sees every number (readers shown "c" get lineofsight.reports.published)."""
    return [{**f, "suppressed": None} for f in figures]


def hide_count(count: int | None, suppress: bool) -> int | str | None:
    return suppression.suppress_count(count) if suppress else count


def hide_counts(rows: Iterable[Mapping], fields: Sequence[str], suppress: bool) -> list[dict]:
    """Rows of independent counts (findings per rule): each 1 to 5 shown as "c"."""
    out = []
    for r in rows:
        r = dict(r)
        if suppress:
            for f in fields:
                r[f] = suppression.suppress_count(r.get(f))
        out.append(r)
    return out


# ---------------------------------------------------------------- scorecard rows

def scorecard_row(row: Mapping, published: Published | None = None, team: str | None = None) -> dict:
    """One scorecard line ready for the template (see measures.selectors.scorecard for the input).

    For a reader shown "c", `published` holds the measure's figures suppressed together across the
    authority, every team and every month (lineofsight.reports.published): the line for `team` (or
    the authority) takes its headline and its series from there, so no filter reveals more.
    """
    unit = row["unit"]
    suppress = published is not None
    if published is None:
        fig = {**{k: row[k] for k in ("numerator", "denominator", "value")}, "suppressed": None}
        points: list[dict] = []
    else:
        fig = published.headline(team)
        points = published.rolling.get(team, [])
    hidden_ends = {p["period_end"] for p in points if p.get("suppressed")}
    latest_hidden = bool(fig.get("suppressed"))
    spark = [(p["period_end"], None if p["period_end"] in hidden_ends else p["value"]) for p in row["sparkline"]]

    def compare(key: str, months_back: int) -> dict | None:
        change = row.get(key)
        if change is None or latest_hidden:
            return None
        if suppress and len(points) > months_back and points[-1 - months_back].get("suppressed"):
            return None
        return direction_text(change, unit)

    england = row.get("england")
    return {
        "id": row["id"], "title": row["title"], "area": row["area"], "unit": unit,
        "unit_label": UNIT_LABELS.get(unit, unit), "polarity": POLARITY_LABELS.get(row["polarity"], row["polarity"]),
        "value": row.get("unavailable") or value_text(fig["value"], unit), "suppressed": latest_hidden,
        "unavailable": row.get("unavailable"),
        "numerator": count_text(fig.get("numerator")), "denominator": count_text(fig.get("denominator")),
        "rag": badge(RAG, None if latest_hidden else row["rag"]),
        "vs_previous_month": compare("vs_previous_month", 1), "vs_last_year": compare("vs_last_year", 12),
        "variation": badge(VARIATION, (row.get("spc") or {}).get("variation")),
        "assurance": badge(ASSURANCE, (row.get("spc") or {}).get("assurance")),
        "sparkline": spark,
        "threshold": value_text(row.get("threshold"), unit) if row.get("threshold") is not None else "–",
        "target": value_text(row.get("target"), unit) if row.get("target") is not None else "–",
        "england": value_text(england["value"], unit) if england else "–",
        "england_period": england["period"] if england else "",
    }


def group_by_area(rows: Iterable[dict], areas: Sequence[str]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {a: [] for a in areas}
    for r in rows:
        groups.setdefault(r["area"], []).append(r)
    return [(a, rs) for a, rs in groups.items() if rs]


# ---------------------------------------------------------------- measure page

DIMENSION_LABELS = {"team": "Team", "worker": "Worker", "age": "Age band", "sex": "Sex", "ethnicity": "Ethnic group",
                    "disability": "Disability", "uasc": "Unaccompanied asylum-seeking child"}
LONG_BREAKDOWN = 30  # cells beyond this (workers) are summarised rather than listed


def breakdown_tables(cells: Mapping[str, Sequence[Mapping]], unit: str, team_names: Mapping[str, str]) -> list[dict]:
    """One table per breakdown (largest cells first for teams and workers), values formatted."""
    out = []
    for dim, rows in cells.items():
        if dim in ("team", "worker"):
            rows = sorted(rows, key=lambda c: (-_size(c), str(team_names.get(c["key"], c["key"]))))
        shaped = [{
            "key": c["key"], "label": team_names.get(c["key"], c["key"]) if dim == "team" else c["key"],
            "numerator": count_text(c.get("numerator")), "denominator": count_text(c.get("denominator")),
            "value": c.get("value"), "text": value_text(c.get("value"), unit), "suppressed": c.get("suppressed"),
        } for c in rows]
        kept = shaped[:LONG_BREAKDOWN]
        largest = max((r["value"] for r in kept if _is_number(r["value"])), default=0.0)
        for r in kept:
            r["bar"] = svg.bar(r["value"], largest, f"{r['label']}: {r['text']}")
        out.append({"dimension": dim, "label": DIMENSION_LABELS.get(dim, dim), "rows": kept,
                    "more": max(0, len(shaped) - LONG_BREAKDOWN)})
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _size(cell: Mapping) -> float:
    """How many records a cell rests on (for ordering the largest teams and workers first); "c" is 0."""
    for key in ("denominator", "numerator"):
        if _is_number(cell.get(key)):
            return float(cell[key])
    return 0.0


# ---------------------------------------------------------------- data quality

QUALITY_COUNTS = ("open_children", "errors", "warnings", "queries", "findings")


def _quality_row(row: Mapping, suppress: bool) -> dict:
    r = dict(row)
    if suppress:
        small_children = suppression.is_small(r.get("open_children"))
        small_findings = suppression.is_small(r.get("findings"))
        for f in QUALITY_COUNTS:
            if f in r:
                r[f] = suppression.suppress_count(r[f])
        if "findings_per_100" in r and (small_children or small_findings):
            r["findings_per_100"] = C
        if small_children:
            r["score"] = C
    return r


def quality_teams(rows: Iterable[Mapping], suppress: bool) -> list[dict]:
    return [_quality_row({k: v for k, v in r.items() if k != "by_rule"}, suppress) for r in rows]


def quality_trend(rows: Iterable[Mapping], suppress: bool) -> list[dict]:
    return [_quality_row(r, suppress) for r in rows]
