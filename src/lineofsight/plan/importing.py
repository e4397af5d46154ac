"""Write a parsed plan into the register through services, all or nothing, or preview it (a dry run).

A dry run does the whole import inside a transaction and rolls it back, so the preview (CLI and web) shows
exactly what the real import would do: the same refs, counts, derived due dates and interpretations.
Re-importing a newer version of a plan matches actions by ref, changes only what differs (history keeps
the values before), adds new ones, and reports those no longer in the file without deleting them.
"""

from __future__ import annotations

import re
import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from lineofsight.plan import services
from lineofsight.plan import signals as sig
from lineofsight.plan.importers import (
    Finding,
    ImportProblem,
    ParsedAction,
    ParsedArea,
    PlanImportError,
    parse,
)
from lineofsight.plan.models import Action, Area, Plan
from lineofsight.plan.refs import AREA_REF, ref_key
from lineofsight.plan.scale import Status


@dataclass(frozen=True)
class AreaLine:
    ref: str
    title: str
    outcome: str  # created | updated | unchanged


@dataclass(frozen=True)
class ActionLine:
    """One action as the preview shows it: what was read and what was derived."""

    area_ref: str
    ref: str
    text: str
    theme: str
    owners: tuple[str, ...]
    due_text: str
    due: tuple[date, ...]  # every date read (action and sub-items), ascending
    due_by: date | None  # the date the action is due by: the last of its own dates
    start: date | None
    status: str
    closed_reason: str
    activity_rating: str
    impact_rating: str
    overdue: bool  # on the day of the import
    notes: str
    outcome: str  # created | updated | unchanged


@dataclass(frozen=True)
class ImportResult:
    plan: Plan | None  # None after a dry run
    plan_name: str
    dry_run: bool
    rows_read: int
    areas_created: int
    areas_updated: int
    actions_created: int
    actions_updated: int
    actions_unchanged: int
    updates_added: int
    cells_as_notes: int
    findings: tuple[Finding, ...] = ()
    disappeared: tuple[tuple[str, str], ...] = ()  # (ref, text) of actions in the register, not in the file
    areas: tuple[AreaLine, ...] = ()
    actions: tuple[ActionLine, ...] = ()

    @property
    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        text = (f"{verb} into {self.plan_name}: {self.rows_read} row(s) read; {self.areas_created} area(s) created, "
                f"{self.areas_updated} updated; {self.actions_created} action(s) created, {self.actions_updated} "
                f"updated, {self.actions_unchanged} unchanged; {self.cells_as_notes} cell(s) kept as notes; "
                f"{self.updates_added} progress update(s) added.")
        if self.disappeared:
            text += (f" {len(self.disappeared)} action(s) in the register are not in the file and were kept: "
                     + ", ".join(ref for ref, _ in self.disappeared) + ".")
        return text


class _DryRun(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def import_plan(path: Path | str, plan_name: str, user: Any = None, today: date | None = None,
                dry_run: bool = False) -> ImportResult:
    """Import (or re-import) a file into plan `plan_name`, all or nothing; `dry_run` saves nothing."""
    path = Path(path)
    today = today or timezone.localdate()
    parsed = parse(path)
    try:
        with transaction.atomic():
            result = _write(parsed, path.name, plan_name, user, today, dry_run)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        return done.result
    return result


def _write(parsed: Any, file: str, plan_name: str, user: Any, today: date, dry_run: bool) -> ImportResult:
    counts = {"areas_created": 0, "areas_updated": 0, "actions_created": 0, "actions_updated": 0,
              "actions_unchanged": 0, "updates_added": 0}
    row = 0
    area_lines: list[AreaLine] = []
    lines: list[ActionLine] = []
    try:
        plan = Plan.objects.filter(name=plan_name.strip()).first() or services.create_plan(
            plan_name, description=parsed.preamble, user=user)
        by_key: dict[str, Area] = {}
        for pa in sorted(parsed.areas, key=lambda a: a.ref is None):  # the plan's own numbers first
            row = pa.row
            area, outcome = _write_area(plan, pa, parsed.explicit_areas, user)
            if outcome != "unchanged":
                counts[f"areas_{outcome}"] += 1
            by_key[pa.key] = area
            area_lines.append(AreaLine(area.ref, area.title, outcome))
        existing = {a.ref: a for a in Action.objects.filter(area__plan=plan).select_related("area")}
        for pa in parsed.actions:
            row = pa.row
            area = by_key[pa.area_key]
            outcome, action = _write_action(pa, area, existing.get(pa.ref), user)
            counts[f"actions_{outcome}"] += 1
            if pa.update:
                counts["updates_added"] += _write_update(pa, action, user, today)
            lines.append(_line(pa, area, action, outcome, today))
    except services.PlanError as exc:
        raise PlanImportError([ImportProblem(file, row, "(row)", "", str(exc))]) from exc
    in_file = {pa.ref for pa in parsed.actions}
    gone = tuple((ref, existing[ref].text) for ref in sorted(existing, key=ref_key) if ref not in in_file)
    return ImportResult(
        plan=None if dry_run else plan, plan_name=plan.name, dry_run=dry_run, rows_read=parsed.rows_read,
        cells_as_notes=parsed.cells_as_notes, findings=tuple(parsed.findings), disappeared=gone,
        areas=tuple(sorted(area_lines, key=lambda a: ref_key(a.ref))), actions=tuple(lines), **counts,
    )


def _next_ref(plan: Plan) -> str:
    numbers = [int(r) for r in plan.areas.values_list("ref", flat=True) if AREA_REF.match(r)]
    return str(max(numbers, default=0) + 1)


def _write_area(plan: Plan, pa: ParsedArea, explicit: bool, user: Any) -> tuple[Area, str]:
    """The area the file names: found by ref, else (an explicit area column) by its title; else created."""
    area = plan.areas.filter(ref=pa.ref).first() if pa.ref else None
    if area is None and explicit:
        area = plan.areas.filter(title=pa.title).first()
    if area is None:
        ref = pa.ref if pa.ref and not plan.areas.filter(ref=pa.ref).exists() else _next_ref(plan)
        area = services.add_area(plan, ref, pa.title, user=user, **pa.fields)
        outcome = "created"
    else:
        changes = {k: v for k, v in pa.fields.items() if getattr(area, k) != v}
        if not pa.inferred and pa.title != area.title:
            changes["title"] = pa.title
        if changes:
            services.update_area(area, user=user, reason="import", **changes)
        outcome = "updated" if changes else "unchanged"
    if pa.measures is not None and list(area.measures.values_list("measure_id", flat=True)) != pa.measures:
        services.set_area_measures(area, pa.measures, user=user)
        outcome = "updated" if outcome == "unchanged" else outcome
    return area, outcome


def _write_action(pa: ParsedAction, area: Area, action: Action | None, user: Any) -> tuple[str, Action]:
    """Create the action or change what the file changes; returns (created|updated|unchanged, action)."""
    fields: dict[str, Any] = {"text": pa.text, "due_text": pa.due_text, "theme": pa.theme,
                              "notes": "\n".join(pa.notes), "position": pa.position}
    for name, value in (("owners", pa.owners), ("due", pa.due), ("status", pa.status),
                        ("activity_rating", pa.activity), ("impact_rating", pa.impact), ("start_date", pa.start)):
        if value is not None:
            fields[name] = value
    if pa.status is not None:
        fields["closed_reason"] = pa.closed_reason
    subs = [services.SubItemSpec(s.letter, s.text, s.due, s.complete) for s in pa.sub_items]
    if action is None:
        return "created", services.add_action(area, pa.ref, sub_items=subs, user=user, ref_names_area=not pa.free_ref,
                                              reason_required=False, **fields)
    current = {"text": action.text, "owners": action.owner_names, "due": action.due, "status": action.status,
               "activity_rating": action.activity_rating, "impact_rating": action.impact_rating,
               "start_date": action.start_date, "closed_reason": action.closed_reason,
               "due_text": action.due_text, "theme": action.theme, "notes": action.notes,
               "position": action.position}
    changed = {k: v for k, v in fields.items() if current[k] != (sorted(set(v)) if k == "due" else v)}
    if action.area_id != area.pk:
        changed["area"] = area
    current_subs = [services.SubItemSpec(s.letter, s.text, s.due, s.complete) for s in action.sub_items.all()]
    wanted_subs = [services.SubItemSpec(s.letter, s.text, s.due, s.complete or
                                        next((c.complete for c in current_subs if c.letter == s.letter), False))
                   for s in subs]
    if changed:
        services.update_action(action, user=user, reason="import", reason_required=False, **changed)
    if wanted_subs != current_subs:
        services.set_sub_items(action, wanted_subs, user=user)
    return ("updated" if changed or wanted_subs != current_subs else "unchanged"), action


def _write_update(pa: ParsedAction, action: Action, user: Any, today: date) -> int:
    """Add the file's update narrative as a progress update unless it is already the latest one."""
    latest = action.updates.order_by("-as_at", "-created_at").first()
    if latest is not None and latest.narrative == pa.update:
        return 0
    services.add_update(
        action, as_at=min(pa.update_date or today, today), narrative=pa.update,
        status=action.status, closed_reason=action.closed_reason,
        activity_rating=action.activity_rating, impact_rating=action.impact_rating,
        author=user, author_name="" if user else "imported", today=today, reason_required=False,
    )
    return 1


def _line(pa: ParsedAction, area: Area, action: Action, outcome: str, today: date) -> ActionLine:
    subs = tuple(sig.SubItemFacts(s.letter, s.due, False) for s in pa.sub_items)
    facts = sig.ActionFacts(status=action.status, due=tuple(action.due), sub_items=subs)
    return ActionLine(
        area_ref=area.ref, ref=action.ref, text=action.text, theme=action.theme, owners=tuple(action.owner_names),
        due_text=action.due_text, due=tuple(pa.all_due), due_by=sig.final_due(facts), start=action.start_date,
        status=Status(action.status).label, closed_reason=action.closed_reason,
        activity_rating=action.activity_rating, impact_rating=action.impact_rating,
        overdue=sig.is_overdue(facts, today), notes=action.notes, outcome=outcome,
    )



# --- Uploads waiting for confirmation (the web page's preview, then its confirm button) --------------------

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
STASH_SECONDS = 24 * 60 * 60


def _uploads() -> Path:
    from lineofsight import config

    folder = config.home() / "uploads" / "plan-import"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def stash_upload(name: str, chunks: Iterable[bytes]) -> str:
    """Keep an uploaded plan until the editor confirms it (or not); returns the token that names it. The
    file keeps its own name (made safe) so that problems name the file the editor chose."""
    from django.utils.text import slugify

    suffix = Path(name).suffix.lower()
    token = uuid.uuid4().hex
    for old in _uploads().iterdir():  # previews never confirmed are not kept beyond a day
        if time.time() - old.stat().st_mtime > STASH_SECONDS:
            shutil.rmtree(old, ignore_errors=True)
    folder = _uploads() / token
    folder.mkdir(mode=0o700)
    with (folder / f"{slugify(Path(name).stem) or 'plan'}{suffix}").open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return token


def stashed(token: str) -> Path | None:
    """The stashed upload named by `token`, or None when there is none (already imported, or a bad token)."""
    if not _TOKEN.match(token or ""):
        return None
    folder = _uploads() / token
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return files[0] if files else None


def discard(token: str) -> None:
    path = stashed(token)
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)
