"""Exports of a plan: JSON for tools; .xlsx, .docx and .pdf for people. All built from one PlanState.

`content` is "summary" (the one-page summary per area) or "full" (the summary then every action).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importable before Django is set up (the CLI checks options first)
    from lineofsight.plan.selectors import ActionState, PlanState

FORMATS = ("json", "xlsx", "docx", "pdf")
CONTENTS = ("full", "summary")
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _action_json(a: ActionState) -> dict[str, Any]:
    return {
        "ref": a.ref,
        "text": a.full_text,
        "owners": list(a.owners),
        "due": [d.isoformat() for d in a.all_due],
        "status": a.status_label,
        "closed_reason": a.closed_reason,
        "activity_rating": a.activity_rating or None,
        "impact_rating": a.impact_rating or None,
        "overdue": a.signals.overdue,
        "due_as_written": a.due_text,
        "theme": a.theme,
        "notes": a.notes,
    }


def to_json_dict(state: PlanState) -> dict[str, Any]:
    """The JSON export, exactly: {"plan", "as_at", "areas": [{"ref", "title", "lead", "impact_sought",
    "measures", "actions": [{"ref", "text", "owners", "due", "status", "closed_reason", "activity_rating",
    "impact_rating", "overdue", "due_as_written", "theme", "notes"}]}]}. `due` is every date (the action is due
    by the last); `due_as_written` is the plan's own words for it; `notes` keeps cells with no field of their own."""
    return {
        "plan": state.name,
        "as_at": state.as_at.isoformat(),
        "areas": [
            {
                "ref": area.ref,
                "title": area.title,
                "lead": area.lead,
                "impact_sought": area.impact_sought,
                "measures": list(area.measures),
                "actions": [_action_json(a) for a in area.actions],
            }
            for area in state.areas
        ],
    }


def area_summary_dict(state: PlanState) -> dict[str, dict[str, str]]:
    """Per area ref: what the one-page summary shows beyond the JSON export (kept with a frozen meeting)."""
    return {
        area.ref: {
            "key_activities": area.key_activities,
            "activity_rating": area.activity_rating,
            "how_monitored": area.how_monitored,
            "impact_rating": area.impact_rating,
            "update_narrative": area.update_narrative,
        }
        for area in state.areas
    }


def render(state: PlanState, fmt: str, content: str = "full") -> bytes:
    """The plan in format `fmt` as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if content not in CONTENTS:
        raise ValueError(f"content must be one of {', '.join(CONTENTS)}, not {content!r}")
    if fmt == "json":
        import json

        return (json.dumps(to_json_dict(state), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "xlsx":
        from lineofsight.plan.exporters.xlsx import to_xlsx

        return to_xlsx(state, content)
    if fmt == "docx":
        from lineofsight.plan.exporters.docx import to_docx

        return to_docx(state, content)
    from lineofsight.plan.exporters.pdf import to_pdf

    return to_pdf(state, content)


def filename(state: PlanState, fmt: str, content: str = "full") -> str:
    part = "summary" if content == "summary" else "plan"
    return f"{state.slug}-{part}-{state.as_at.isoformat()}.{fmt}"


def due_text(a: ActionState) -> str:
    """Due dates as the plan wrote them ("March 25 / September 25"), else "31 Mar 2025; 30 Jun 2025"."""
    return a.due_text or "; ".join(f"{d:%d %b %Y}" for d in a.all_due)


def due_cell(a: ActionState) -> str:
    """The due cell of the .xlsx export: as written, else the action's and each sub-item's dates in a form the
    importer reads back to the same dates ("30 Jun 2025 a. 31 Jan 2025 b. none")."""
    from lineofsight.plan.readings import format_due

    return a.due_text or format_due(a.due, [(s.letter, s.due) for s in a.sub_items])


def marked_text(a: ActionState) -> str:
    """The action's text with its sub-items, finished ones marked " (complete)" (read back on import)."""
    from lineofsight.plan.importers import COMPLETE_MARK

    return "\n".join([a.text, *(f"{s.letter}. {s.text}{COMPLETE_MARK if s.complete else ''}" for s in a.sub_items)])


def signal_text(a: ActionState) -> str:
    return "; ".join(a.signals.flags)


def advice_text(a: ActionState) -> str:
    advice = a.signals.advice
    return f"{advice.rating} ({advice.reason})" if advice else ""
