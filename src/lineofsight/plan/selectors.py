"""Reads of the plan register: a plan's state now, or as it stood at the end of a past day (from history).

Everything downstream (pages, exports, meetings) works from the same frozen `PlanState`, so a board pack,
the JSON export and the web page can never disagree about a rating or whether an action is overdue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from lineofsight.plan import signals as sig
from lineofsight.plan.models import Action, Area, AreaMeasure, Plan, ProgressUpdate, RatingDescriptor, SubItem
from lineofsight.plan.refs import ref_key
from lineofsight.plan.scale import Rating, Status


class AsAtError(ValueError):
    """An as-at date the plan cannot be shown for (in the future, or before the plan existed)."""


@dataclass(frozen=True)
class SubItemState:
    letter: str
    text: str
    due: date | None
    complete: bool


@dataclass(frozen=True)
class UpdateState:
    as_at: date
    narrative: str
    author: str
    status: str
    activity_rating: str
    impact_rating: str


@dataclass(frozen=True)
class ActionState:
    id: int
    ref: str
    text: str
    owners: tuple[str, ...]
    owner_user_ids: frozenset[int]
    due: tuple[date, ...]
    status: str
    closed_reason: str
    activity_rating: str
    impact_rating: str
    sub_items: tuple[SubItemState, ...]
    latest_update: UpdateState | None
    signals: sig.Signals
    due_text: str = ""  # the due cell as the plan wrote it
    theme: str = ""
    notes: str = ""

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def status_text(self) -> str:
        """The status as councils write it: "Closed – to be captured as part of another programme"."""
        return f"{self.status_label} – {self.closed_reason}" if self.closed_reason else self.status_label

    @property
    def all_due(self) -> tuple[date, ...]:
        """Every due date of the action and its sub-items, ascending."""
        return tuple(sorted(set(self.due) | {s.due for s in self.sub_items if s.due is not None}))

    @property
    def full_text(self) -> str:
        """The action's text with its sub-items as "a. ..." lines, as it reads in the plan."""
        return "\n".join([self.text, *(f"{s.letter}. {s.text}" for s in self.sub_items)])


@dataclass(frozen=True)
class AreaState:
    id: int
    ref: str
    title: str
    lead: str
    findings: str
    key_activities: str
    impact_sought: str
    how_monitored: str
    activity_rating: str
    impact_rating: str
    update_narrative: str
    measures: tuple[str, ...]
    actions: tuple[ActionState, ...]

    @property
    def overdue(self) -> tuple[ActionState, ...]:
        return tuple(a for a in self.actions if a.signals.overdue)

    def count_by(self, attribute: str) -> Counter[str]:
        return Counter(getattr(a, attribute) for a in self.actions)


@dataclass(frozen=True)
class PlanState:
    id: int
    name: str
    slug: str
    kind: str
    as_at: date
    historical: bool  # True when rebuilt from history for a past date
    descriptors: dict[str, tuple[str, str]]
    areas: tuple[AreaState, ...]

    @property
    def actions(self) -> tuple[ActionState, ...]:
        return tuple(a for area in self.areas for a in area.actions)

    @property
    def overdue(self) -> tuple[tuple[AreaState, ActionState], ...]:
        return tuple((area, a) for area in self.areas for a in area.actions if a.signals.overdue)

    def find_action(self, ref: str) -> ActionState | None:
        return next((a for a in self.actions if a.ref == ref), None)


def plans() -> QuerySet[Plan]:
    return Plan.objects.order_by("name")


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _user_names(ids: Iterable[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=set(ids))
    return {u.pk: (u.get_full_name() or u.get_username()) for u in users}


def _live_rows(plan: Plan) -> tuple[Any, list[Any], list[Any], list[Any], list[Any], dict[int, list[int]]]:
    areas = list(Area.objects.filter(plan=plan))
    actions = list(Action.objects.filter(area__plan=plan).prefetch_related("owner_users"))
    subs = list(SubItem.objects.filter(action__area__plan=plan))
    links = list(AreaMeasure.objects.filter(area__plan=plan))
    owners = {a.pk: [u.pk for u in a.owner_users.all()] for a in actions}
    return plan, areas, actions, subs, links, owners


def _history_rows(plan: Plan, moment: datetime) -> tuple[Any, list[Any], list[Any], list[Any], list[Any], dict[int, list[int]]]:
    """The rows as they were at `moment`, rebuilt from django-simple-history's records."""
    try:
        plan_then = plan.history.as_of(moment)
    except Plan.DoesNotExist as exc:
        raise AsAtError(f"{plan.name} did not exist at the end of {moment:%d %b %Y}") from exc

    def latest(model: Any, **filters: Any) -> list[Any]:
        records = model.history.filter(history_date__lte=moment, **filters).latest_of_each()
        return [r for r in records if r.history_type != "-"]

    areas = [r.instance for r in latest(Area, plan_id=plan.pk)]
    area_ids = [a.pk for a in areas]
    action_records = latest(Action, area_id__in=area_ids)
    actions = [r.instance for r in action_records]
    owners = {r.id: [m.user_id for m in r.owner_users.all()] for r in action_records}
    subs = [r.instance for r in latest(SubItem, action_id__in=[a.pk for a in actions])]
    links = [r.instance for r in latest(AreaMeasure, area_id__in=area_ids)]
    return plan_then, areas, actions, subs, links, owners


def _updates(action_ids: list[int], as_at: date, moment: datetime | None) -> dict[int, list[Any]]:
    if moment is None:
        rows: Iterable[Any] = ProgressUpdate.objects.filter(action_id__in=action_ids, as_at__lte=as_at)
    else:
        records = ProgressUpdate.history.filter(history_date__lte=moment, action_id__in=action_ids).latest_of_each()
        rows = [r.instance for r in records if r.history_type != "-" and r.as_at <= as_at]
    by_action: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_action[row.action_id].append(row)
    for updates in by_action.values():
        updates.sort(key=lambda u: (u.as_at, u.created_at), reverse=True)
    return by_action


def plan_state(plan: Plan, as_at: date | None = None, today: date | None = None) -> PlanState:
    """The plan now (signals on `today`, default the real today), or as it stood at the end of `as_at`."""
    real_today = timezone.localdate()
    if as_at is not None and as_at > real_today:
        raise AsAtError(f"the as-at date {as_at} is in the future")
    moment = _end_of_day(as_at) if as_at is not None and as_at < real_today else None
    day = as_at or today or real_today
    plan_row, areas, actions, subs, links, owners = (
        _history_rows(plan, moment) if moment is not None else _live_rows(plan)
    )
    descriptors = {
        d.rating: (d.activity, d.impact) for d in RatingDescriptor.objects.filter(plan=plan)
    }
    updates = _updates([a.pk for a in actions], day, moment)
    names = _user_names(uid for ids in owners.values() for uid in ids)
    subs_by_action: dict[int, list[SubItemState]] = defaultdict(list)
    for s in sorted(subs, key=lambda s: s.letter):
        subs_by_action[s.action_id].append(SubItemState(s.letter, s.text, s.due, s.complete))
    measures_by_area: dict[int, list[Any]] = defaultdict(list)
    for link in sorted(links, key=lambda m: (m.position, m.measure_id)):
        measures_by_area[link.area_id].append(link.measure_id)

    actions_by_area: dict[int, list[ActionState]] = defaultdict(list)
    for a in sorted(actions, key=lambda a: (a.position, ref_key(a.ref))):  # the plan's order, else by ref
        own = updates.get(a.pk, [])
        latest = own[0] if own else None
        user_owners = [names[uid] for uid in owners.get(a.pk, []) if uid in names]
        display_owners = tuple(a.owner_names) + tuple(n for n in user_owners if n not in a.owner_names)
        items = tuple(subs_by_action.get(a.pk, []))
        due = tuple(date.fromisoformat(d) for d in a.due_dates)
        facts = sig.ActionFacts(
            status=a.status, due=due,
            sub_items=tuple(sig.SubItemFacts(s.letter, s.due, s.complete) for s in items),
            start=a.start_date, recorded=_local_date(a.created_at),
            last_update=latest.as_at if latest else None,
        )
        actions_by_area[a.area_id].append(ActionState(
            id=a.pk, ref=a.ref, text=a.text, owners=display_owners,
            owner_user_ids=frozenset(owners.get(a.pk, [])), due=due, status=a.status,
            closed_reason=a.closed_reason, activity_rating=a.activity_rating, impact_rating=a.impact_rating,
            sub_items=items,
            latest_update=UpdateState(latest.as_at, latest.narrative, latest.author_name, latest.status,
                                      latest.activity_rating, latest.impact_rating) if latest else None,
            signals=sig.signals(facts, day), due_text=a.due_text, theme=a.theme, notes=a.notes,
        ))
    area_states = tuple(
        AreaState(
            id=ar.pk, ref=ar.ref, title=ar.title, lead=ar.lead, findings=ar.findings,
            key_activities=ar.key_activities, impact_sought=ar.impact_sought, how_monitored=ar.how_monitored,
            activity_rating=ar.activity_rating, impact_rating=ar.impact_rating,
            update_narrative=ar.update_narrative, measures=tuple(measures_by_area.get(ar.pk, [])),
            actions=tuple(actions_by_area.get(ar.pk, [])),
        )
        for ar in sorted(areas, key=lambda ar: ref_key(ar.ref))
    )
    return PlanState(
        id=plan.pk, name=plan_row.name, slug=plan.slug, kind=plan_row.kind, as_at=day,
        historical=moment is not None, descriptors=descriptors, areas=area_states,
    )


# --- The plan at a glance -------------------------------------------------------------------------------

RATING_COLUMNS: tuple[str, ...] = (*Rating.values, "")
STATUS_COLUMNS: tuple[str, ...] = tuple(Status.values)


@dataclass(frozen=True)
class GlanceRow:
    area: AreaState
    by_status: tuple[int, ...]
    by_activity: tuple[int, ...]
    by_impact: tuple[int, ...]
    overdue: int
    due_soon: int
    stale: int


@dataclass(frozen=True)
class Glance:
    rows: tuple[GlanceRow, ...]
    totals: GlanceRow | None = None
    status_labels: tuple[str, ...] = field(default=tuple(Status.labels))
    rating_labels: tuple[str, ...] = field(default=(*Rating.labels, "Not rated"))


def _glance_row(area: AreaState, actions: tuple[ActionState, ...]) -> GlanceRow:
    status = Counter(a.status for a in actions)
    activity = Counter(a.activity_rating for a in actions)
    impact = Counter(a.impact_rating for a in actions)
    return GlanceRow(
        area=area,
        by_status=tuple(status[s] for s in STATUS_COLUMNS),
        by_activity=tuple(activity[r] for r in RATING_COLUMNS),
        by_impact=tuple(impact[r] for r in RATING_COLUMNS),
        overdue=sum(a.signals.overdue for a in actions),
        due_soon=sum(a.signals.due_soon for a in actions),
        stale=sum(a.signals.stale for a in actions),
    )


def glance(state: PlanState) -> Glance:
    """Areas x counts of actions by status and by each rating, with the derived signals."""
    rows = tuple(_glance_row(area, area.actions) for area in state.areas)
    total_area = AreaState(0, "", "All areas", "", "", "", "", "", "", "", "", (), ())
    return Glance(rows=rows, totals=_glance_row(total_area, state.actions))


# --- An action's history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str
    changes: tuple[FieldChange, ...] = ()


_ACTION_FIELDS = {
    "text": "Action", "owner_names": "Owners", "owner_users": "Owner accounts", "due_dates": "Due by",
    "start_date": "Start", "status": "Status", "closed_reason": "Reason closed",
    "activity_rating": "Activity rating", "impact_rating": "Impact rating", "area": "Area", "ref": "Ref",
    "due_text": "Due (as written)", "theme": "Theme", "notes": "Notes", "position": "Position in the plan",
}


def _who(record: Any) -> str:
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user is not None else "the system (import or set-up)"


def _show(field_name: str, value: Any, users: dict[int, str]) -> str:
    if value in (None, "", []):
        return "(none)"
    if field_name == "status":
        return Status(value).label
    if field_name == "due_dates":
        return "; ".join(f"{date.fromisoformat(d):%d %b %Y}" for d in value)
    if field_name == "owner_names":
        return "; ".join(value)
    if field_name == "owner_users":
        return "; ".join(sorted(users.get(row["user"], "(removed account)") for row in value)) or "(none)"
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
    return str(value)


def action_history(action: Action) -> list[HistoryEntry]:
    """Every change to the action, its sub-items and its updates, newest first: who, when, before, after."""
    records = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    user_ids = {row.user_id for r in records for row in r.owner_users.all()}
    users = _user_names(user_ids)
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        if previous is None:
            entries.append(HistoryEntry(record.history_date, _who(record), "Action created"))
        else:
            delta = record.diff_against(previous, excluded_fields=["created_at", "updated_at"])
            changes = tuple(
                FieldChange(_ACTION_FIELDS.get(c.field, c.field), _show(c.field, c.old, users), _show(c.field, c.new, users))
                for c in delta.changes
            )
            if changes:
                reason = record.history_change_reason or "edited"
                entries.append(HistoryEntry(record.history_date, _who(record), f"Changed ({reason})", changes))
        previous = record
    for record in SubItem.history.filter(action_id=action.pk).select_related("history_user"):
        kind = {"+": "added", "~": "changed", "-": "removed"}[record.history_type]
        state = "complete" if record.complete else "not complete"
        due = f", due {record.due:%d %b %Y}" if record.due else ""
        entries.append(HistoryEntry(record.history_date, _who(record), f"Sub-item {record.letter} {kind}",
                                    (FieldChange(f"Sub-item {record.letter}", "", f"{record.text}{due} ({state})"),)))
    for record in ProgressUpdate.history.filter(action_id=action.pk, history_type="+").select_related("history_user"):
        entries.append(HistoryEntry(record.history_date, _who(record), f"Progress update of {record.as_at:%d %b %Y} added"))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
