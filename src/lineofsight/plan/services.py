"""Every write to the plan register goes through here, so rules and history are applied the same way
from the web, the CLI, the importer and the demo.

History: django-simple-history records each save; `_history_user` (the author) and `_change_reason`
(why) are set here so the action page can say who changed what, when, and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from lineofsight.plan.models import (
    Action,
    Area,
    AreaMeasure,
    Meeting,
    Plan,
    ProgressUpdate,
    RatingDescriptor,
    SubItem,
)
from lineofsight.plan.refs import ACTION_REF, ANY_ACTION_REF, AREA_REF, SUB_ITEM_LETTER, area_of
from lineofsight.plan.scale import DEFAULT_DESCRIPTORS, PlanKind, Rating, Status


class PlanError(ValueError):
    """A write that would break the plan's rules; the message says what and why."""


@dataclass(frozen=True)
class SubItemSpec:
    letter: str
    text: str
    due: date | None = None
    complete: bool = False


def _check_rating(value: str, what: str) -> str:
    if value not in Rating.values and value != "":
        raise PlanError(f"{what} must be one of {', '.join(Rating.values)} (or blank), not {value!r}")
    return value


def _check_status(status: str, closed_reason: str, reason_required: bool = True) -> None:
    if status not in Status.values:
        raise PlanError(f"status must be one of {', '.join(Status.labels)}, not {status!r}")
    if reason_required and status == Status.CLOSED and not closed_reason.strip():
        raise PlanError("a closed action needs the reason it was closed")


def _save(obj: Any, user: Any = None, reason: str = "") -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.full_clean(exclude=["owner_users"]) if isinstance(obj, Action) else obj.full_clean()
    obj.save()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "plan"
    slug, n = base, 2
    while Plan.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_plan(name: str, kind: str = PlanKind.OFSTED, description: str = "", user: Any = None) -> Plan:
    """A new plan with the standard BRAG descriptors (which it may then reword)."""
    name = name.strip()
    if not name:
        raise PlanError("a plan needs a name")
    if Plan.objects.filter(name=name).exists():
        raise PlanError(f"a plan called {name!r} already exists")
    plan = Plan(name=name, slug=_unique_slug(name), kind=kind, description=description)
    _save(plan, user, "created")
    for rating, (activity, impact) in DEFAULT_DESCRIPTORS.items():
        _save(RatingDescriptor(plan=plan, rating=rating, activity=activity, impact=impact), user, "created")
    return plan


def get_or_create_plan(name: str, user: Any = None) -> tuple[Plan, bool]:
    plan = Plan.objects.filter(name=name.strip()).first()
    return (plan, False) if plan else (create_plan(name, user=user), True)


@transaction.atomic
def set_descriptor(plan: Plan, rating: str, activity: str, impact: str, user: Any = None) -> RatingDescriptor:
    """Reword what a BRAG rating means in this plan."""
    _check_rating(rating, "rating")
    descriptor, _ = RatingDescriptor.objects.get_or_create(
        plan=plan, rating=rating, defaults={"activity": activity, "impact": impact}
    )
    descriptor.activity, descriptor.impact = activity, impact
    _save(descriptor, user, "descriptor reworded")
    return descriptor


AREA_FIELDS = ("title", "lead", "findings", "key_activities", "impact_sought", "how_monitored",
               "activity_rating", "impact_rating", "update_narrative")


@transaction.atomic
def add_area(plan: Plan, ref: str, title: str, user: Any = None, **fields: str) -> Area:
    ref = ref.strip()
    if not AREA_REF.match(ref):
        raise PlanError(f"an area's ref is a whole number such as 1 or 2, not {ref!r}")
    if plan.areas.filter(ref=ref).exists():
        raise PlanError(f"area {ref} already exists in {plan.name}")
    area = Area(plan=plan, ref=ref, title=title.strip())
    return update_area(area, user=user, reason="created", **fields)


@transaction.atomic
def update_area(area: Area, user: Any = None, reason: str = "edited", **fields: str) -> Area:
    unknown = set(fields) - set(AREA_FIELDS)
    if unknown:
        raise PlanError(f"areas have no field(s) {', '.join(sorted(unknown))}")
    for name in ("activity_rating", "impact_rating"):
        if name in fields:
            _check_rating(fields[name], name.replace("_", " "))
    for name, value in fields.items():
        setattr(area, name, value.strip() if isinstance(value, str) else value)
    if not area.title:
        raise PlanError(f"area {area.ref} needs a title")
    _save(area, user, reason)
    return area


@transaction.atomic
def set_area_measures(area: Area, measure_ids: Sequence[str], user: Any = None) -> list[AreaMeasure]:
    """Link an area to measures by id, in the order given (ids need not exist in the catalogue yet)."""
    ids = [m.strip() for m in measure_ids if m.strip()]
    if len(set(ids)) != len(ids):
        raise PlanError(f"area {area.ref} lists a measure twice")
    for link in area.measures.exclude(measure_id__in=ids):
        if user is not None:
            link._history_user = user
        link.delete()
    links = []
    for position, measure_id in enumerate(ids):
        link = area.measures.filter(measure_id=measure_id).first() or AreaMeasure(area=area, measure_id=measure_id)
        if link.pk is None or link.position != position:
            link.position = position
            _save(link, user, "measures linked")
        links.append(link)
    return links


def _due_list(due: Iterable[date]) -> list[str]:
    return sorted({d.isoformat() for d in due})


@transaction.atomic
def add_action(
    area: Area,
    ref: str,
    text: str,
    *,
    owners: Sequence[str] = (),
    owner_users: Sequence[Any] = (),
    due: Iterable[date] = (),
    status: str = Status.NOT_STARTED,
    closed_reason: str = "",
    activity_rating: str = "",
    impact_rating: str = "",
    start_date: date | None = None,
    sub_items: Sequence[SubItemSpec] = (),
    due_text: str = "",
    theme: str = "",
    notes: str = "",
    position: int = 0,
    ref_names_area: bool = True,
    reason_required: bool = True,
    user: Any = None,
) -> Action:
    """A new action. `ref_names_area=False` where the plan's own area column groups the actions (refs such as
    plain "4" under any area); `reason_required=False` for a plan that closed actions without saying why."""
    ref = ref.strip()
    if ref_names_area and not ACTION_REF.match(ref):
        raise PlanError(f"an action's ref looks like 1.1 or 2.10, not {ref!r}")
    if not ANY_ACTION_REF.match(ref):
        raise PlanError(f"an action's ref looks like 1.1, 2.10 or 4, not {ref!r}")
    if ref_names_area and area_of(ref) != area.ref:
        raise PlanError(f"action {ref} does not belong to area {area.ref}")
    if Action.objects.filter(area__plan=area.plan, ref=ref).exists():
        raise PlanError(f"action {ref} already exists in {area.plan.name}")
    if not position:  # in a plan kept in its own order, a new action goes last; otherwise refs give the order
        last = Action.objects.filter(area__plan=area.plan).aggregate(models.Max("position"))["position__max"] or 0
        position = last + 1 if last else 0
    action = Action(area=area, ref=ref)
    update_action(
        action, text=text, owners=owners, due=due, status=status, closed_reason=closed_reason,
        activity_rating=activity_rating, impact_rating=impact_rating, start_date=start_date,
        due_text=due_text, theme=theme, notes=notes, position=position, reason_required=reason_required,
        user=user, reason="created",
    )
    if owner_users:
        action.owner_users.set(owner_users)
    if sub_items:
        set_sub_items(action, sub_items, user=user)
    return action


_UNSET: Any = object()


@transaction.atomic
def update_action(
    action: Action,
    *,
    text: str = _UNSET,
    owners: Sequence[str] = _UNSET,
    due: Iterable[date] = _UNSET,
    status: str = _UNSET,
    closed_reason: str = _UNSET,
    activity_rating: str = _UNSET,
    impact_rating: str = _UNSET,
    start_date: date | None = _UNSET,
    due_text: str = _UNSET,
    theme: str = _UNSET,
    notes: str = _UNSET,
    position: int = _UNSET,
    area: Area = _UNSET,
    reason_required: bool = True,
    user: Any = None,
    reason: str = "edited",
) -> Action:
    """Change an action's fields (only those given); history keeps what they were before. A closed action
    needs its reason when its status is set, unless `reason_required=False` (an imported plan that gave none)."""
    if area is not _UNSET:
        if area.plan_id != action.area.plan_id:
            raise PlanError(f"action {action.ref} cannot move to another plan")
        action.area = area
    for name, value in (("due_text", due_text), ("theme", theme), ("notes", notes)):
        if value is not _UNSET:
            setattr(action, name, value.strip())
    if position is not _UNSET:
        action.position = position
    if text is not _UNSET:
        action.text = text.strip()
    if owners is not _UNSET:
        action.owner_names = [o.strip() for o in owners if o.strip()]
    if due is not _UNSET:
        action.due_dates = _due_list(due)
        if due_text is _UNSET:
            action.due_text = ""  # the plan's words described the dates before this edit
    if status is not _UNSET:
        action.status = status
    if closed_reason is not _UNSET:
        action.closed_reason = closed_reason.strip()
    if action.status != Status.CLOSED:
        action.closed_reason = ""
    if activity_rating is not _UNSET:
        action.activity_rating = _check_rating(activity_rating, "activity rating")
    if impact_rating is not _UNSET:
        action.impact_rating = _check_rating(impact_rating, "impact rating")
    if start_date is not _UNSET:
        action.start_date = start_date
    if not action.text:
        raise PlanError(f"action {action.ref} needs its text")
    setting_status = status is not _UNSET or closed_reason is not _UNSET or action.pk is None
    _check_status(action.status, action.closed_reason, reason_required=reason_required and setting_status)
    _save(action, user, reason)
    return action


@transaction.atomic
def set_owner_users(action: Action, users: Sequence[Any], user: Any = None) -> None:
    """The accounts that may add updates to this action (history records the change)."""
    if user is not None:
        action._history_user = user
    action._change_reason = "owners changed"
    action.owner_users.set(users)  # simple-history records the new owners on each m2m change


@transaction.atomic
def set_sub_items(action: Action, items: Sequence[SubItemSpec], user: Any = None) -> list[SubItem]:
    """Make the action's sub-items exactly `items` (a, b, c ...), keeping history of each."""
    letters = [i.letter for i in items]
    if len(set(letters)) != len(letters):
        raise PlanError(f"action {action.ref} has a sub-item letter twice")
    for spec in items:
        if not SUB_ITEM_LETTER.match(spec.letter):
            raise PlanError(f"sub-items are lettered a, b, c ..., not {spec.letter!r}")
    for gone in action.sub_items.exclude(letter__in=letters):
        if user is not None:
            gone._history_user = user
        gone.delete()
    out = []
    for spec in items:
        item = action.sub_items.filter(letter=spec.letter).first() or SubItem(action=action, letter=spec.letter)
        if item.pk is None or (item.text, item.due, item.complete) != (spec.text.strip(), spec.due, spec.complete):
            item.text, item.due, item.complete = spec.text.strip(), spec.due, spec.complete
            _save(item, user, "sub-item")
        out.append(item)
    return out


@transaction.atomic
def set_sub_item_complete(item: SubItem, complete: bool, user: Any = None) -> SubItem:
    item.complete = complete
    _save(item, user, "marked complete" if complete else "marked not complete")
    return item


@transaction.atomic
def add_update(
    action: Action,
    *,
    as_at: date,
    narrative: str,
    status: str,
    activity_rating: str,
    impact_rating: str,
    closed_reason: str = "",
    author: Any = None,
    author_name: str = "",
    today: date | None = None,
    reason_required: bool = True,
) -> ProgressUpdate:
    """Record a dated update; the newest update sets the action's current status and ratings.
    `reason_required=False` only for an imported plan that closed an action without saying why."""
    today = today or timezone.localdate()
    if as_at > today:
        raise PlanError(f"an update cannot be dated in the future ({as_at} is after {today})")
    if not narrative.strip():
        raise PlanError("an update needs a narrative saying what has happened")
    _check_rating(activity_rating, "activity rating")
    _check_rating(impact_rating, "impact rating")
    _check_status(status, closed_reason, reason_required)
    latest = action.updates.order_by("-as_at", "-created_at").first()
    if author is not None and not author_name:
        author_name = author.get_full_name() or author.get_username()
    update = ProgressUpdate(
        action=action, as_at=as_at, narrative=narrative.strip(), status=status,
        activity_rating=activity_rating, impact_rating=impact_rating,
        author=author if getattr(author, "is_authenticated", False) else None, author_name=author_name,
    )
    _save(update, author, "progress update")
    if latest is None or as_at >= latest.as_at:
        update_action(
            action, status=status, closed_reason=closed_reason, activity_rating=activity_rating,
            impact_rating=impact_rating, user=author, reason=f"progress update of {as_at:%d %b %Y}",
            reason_required=reason_required,
        )
    return update


@transaction.atomic
def freeze_meeting(
    plan: Plan, title: str, held_on: date, user: Any = None, today: date | None = None
) -> Meeting:
    """Freeze the plan as it stands now, as at `today`, for a meeting on `held_on`. Never changed after."""
    from lineofsight.plan import exporters, selectors

    title = title.strip()
    if not title:
        raise PlanError("a meeting needs a title, e.g. 'Improvement board'")
    if Meeting.objects.filter(plan=plan, held_on=held_on, title=title).exists():
        raise PlanError(f"{title} on {held_on} is already frozen; a frozen meeting cannot be changed")
    state = selectors.plan_state(plan, today=today)
    meeting = Meeting(
        plan=plan, title=title, held_on=held_on, as_at=state.as_at,
        export=exporters.to_json_dict(state), area_summary=exporters.area_summary_dict(state),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    meeting.full_clean()
    meeting.save()
    return meeting
