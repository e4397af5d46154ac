"""Plan pages: thin views that ask the policy module, read through selectors and write through services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from lineofsight.plan import evidence, exporters, importing, selectors, services
from lineofsight.plan import meetings as meeting_diff
from lineofsight.plan.forms import (
    ActionEditForm,
    AreaEditForm,
    AsAtForm,
    ImportConfirmForm,
    ImportUploadForm,
    MeetingForm,
    UpdateForm,
)
from lineofsight.plan.importers import PlanImportError
from lineofsight.plan.models import Action, Area, Meeting, Plan
from lineofsight.plan.scale import Rating
from lineofsight.web import policy
from lineofsight.web.dashboard import evidence as measure_evidence


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _as_at(request: HttpRequest) -> date | None:
    form = AsAtForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["as_at"]
    return None


def _state(request: HttpRequest, plan: Plan) -> selectors.PlanState:
    as_at = _as_at(request)
    try:
        return selectors.plan_state(plan, as_at=as_at)
    except selectors.AsAtError as exc:
        messages.warning(request, f"{exc}; showing the plan as it is today.")
        return selectors.plan_state(plan)


@policy.require(policy.PLAN_VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    states = [selectors.plan_state(p) for p in selectors.plans()]
    return render(request, "plan/list.html", {
        "states": states, "may_import": policy.can(request.user, policy.PLAN_EDIT),
    })


@policy.require(policy.PLAN_EDIT)
def import_plan(request: HttpRequest) -> HttpResponse:
    """Upload -> preview (a dry run: exactly what the import would do) -> confirm. Nothing is saved before the
    confirm button; a file with problems lists them row by row and is not kept."""
    context: dict = {"form": ImportUploadForm(initial={"plan": request.GET.get("plan", "")}),
                     "plans": selectors.plans()}
    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        path = importing.stashed(confirm.data.get("token", "")) if confirm.is_valid() else None
        if path is None:
            messages.warning(request, "That upload is no longer waiting to be imported; choose the file again.")
            return redirect("plan:import")
        try:
            result = importing.import_plan(path, confirm.cleaned_data["plan"], user=request.user)
        except PlanImportError as exc:
            context["problems"] = exc.problems
            return render(request, "plan/import.html", context, status=400)
        finally:
            importing.discard(confirm.cleaned_data["token"])
        messages.success(request, result.summary)
        return redirect("plan:glance", slug=result.plan.slug)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "plan/import.html", context, status=400)
        upload, plan_name = form.cleaned_data["file"], form.cleaned_data["plan"]
        token = importing.stash_upload(upload.name, upload.chunks())
        try:
            context["preview"] = importing.import_plan(importing.stashed(token), plan_name, user=request.user,
                                                       dry_run=True)
        except PlanImportError as exc:
            importing.discard(token)
            context["problems"] = exc.problems
            return render(request, "plan/import.html", context, status=400)
        context["confirm"] = ImportConfirmForm(initial={"token": token, "plan": plan_name})
        context["file_name"] = upload.name
    return render(request, "plan/import.html", context)


@policy.require(policy.PLAN_VIEW)
def glance(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    state = _state(request, plan)
    return render(request, "plan/glance.html", {
        "plan": plan, "state": state, "glance": selectors.glance(state),
        "due_soon": [(area, a) for area in state.areas for a in area.actions if a.signals.due_soon],
        "stale": [(area, a) for area in state.areas for a in area.actions if a.signals.stale],
        "as_at_form": AsAtForm(initial={"as_at": state.as_at}),
        "meetings": plan.meetings.all()[:5],
    })


@policy.require(policy.PLAN_VIEW)
def area(request: HttpRequest, slug: str, ref: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    state = _state(request, plan)
    found = next((a for a in state.areas if a.ref == ref), None)
    if found is None:
        raise Http404(f"no area {ref}")
    return render(request, "plan/area.html", {
        "plan": plan, "state": state, "area": found,
        "evidence": evidence.evidence_for(found.measures, source=measure_evidence.source_for(request.user)),
        "descriptors": state.descriptors,
    })


def _action_context(request: HttpRequest, plan: Plan, action: Action, form: UpdateForm | None = None) -> dict:
    state = selectors.plan_state(plan)
    current = state.find_action(action.ref)
    area_state = next(a for a in state.areas if a.id == action.area_id)
    may_update = policy.can(request.user, policy.PLAN_UPDATE_ACTION, action)
    if may_update and form is None:
        form = UpdateForm(initial={
            "status": action.status, "closed_reason": action.closed_reason,
            "activity_rating": action.activity_rating, "impact_rating": action.impact_rating,
        })
    return {
        "plan": plan, "state": state, "area": area_state, "a": current, "action": action,
        "updates": action.updates.select_related("author").all(), "history": selectors.action_history(action),
        "form": form if may_update else None, "may_update": may_update, "descriptors": state.descriptors,
        "ratings": Rating,
    }


def _get_action(slug: str, ref: str) -> tuple[Plan, Action]:
    plan = get_object_or_404(Plan, slug=slug)
    return plan, get_object_or_404(Action, area__plan=plan, ref=ref)


@policy.require(policy.PLAN_VIEW)
def action(request: HttpRequest, slug: str, ref: str) -> HttpResponse:
    plan, found = _get_action(slug, ref)
    return render(request, "plan/action.html", _action_context(request, plan, found))


@policy.require(policy.PLAN_VIEW)
def add_update(request: HttpRequest, slug: str, ref: str) -> HttpResponse:
    plan, found = _get_action(slug, ref)
    policy.check(request.user, policy.PLAN_UPDATE_ACTION, found)
    if request.method != "POST":
        return redirect("plan:action", slug=slug, ref=ref)
    form = UpdateForm(request.POST)
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_update(
                found, as_at=data["as_at"], narrative=data["narrative"], status=data["status"],
                closed_reason=data["closed_reason"], activity_rating=data["activity_rating"],
                impact_rating=data["impact_rating"], author=request.user,
            )
            saved = True
        except services.PlanError as exc:
            form.add_error(None, str(exc))
    if saved and not _is_htmx(request):
        messages.success(request, f"Update added to action {found.ref}.")
        return redirect("plan:action", slug=slug, ref=ref)
    found.refresh_from_db()
    context = _action_context(request, plan, found, form=None if saved else form)
    context["saved"] = saved
    template = "plan/_action_live.html" if _is_htmx(request) else "plan/action.html"
    return render(request, template, context, status=200 if saved or _is_htmx(request) else 400)


@policy.require(policy.PLAN_EDIT)
def edit_action(request: HttpRequest, slug: str, ref: str) -> HttpResponse:
    plan, found = _get_action(slug, ref)
    if request.method == "POST":
        form = ActionEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.update_action(found, text=data["text"], owners=data["owners"], due=data["due_dates"],
                                           start_date=data["start_date"], user=request.user)
                    if set(data["owner_users"]) != set(found.owner_users.all()):
                        services.set_owner_users(found, list(data["owner_users"]), user=request.user)
            except services.PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Action {found.ref} saved.")
                return redirect("plan:action", slug=slug, ref=ref)
    else:
        form = ActionEditForm(initial={
            "text": found.text, "owners": "\n".join(found.owner_names), "owner_users": list(found.owner_users.all()),
            "due_dates": "\n".join(f"{d:%d/%m/%Y}" for d in found.due), "start_date": found.start_date,
        })
    return render(request, "plan/edit.html", {
        "plan": plan, "form": form, "heading": f"Edit action {found.ref}",
        "back": ("plan:action", found.ref), "area_ref": found.area.ref,
    }, status=400 if form.errors else 200)


@policy.require(policy.PLAN_EDIT)
def edit_area(request: HttpRequest, slug: str, ref: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    found = get_object_or_404(Area, plan=plan, ref=ref)
    fields = ("title", "lead", "findings", "key_activities", "impact_sought", "how_monitored", "activity_rating",
              "impact_rating", "update_narrative")
    if request.method == "POST":
        form = AreaEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.update_area(found, user=request.user, **{f: data[f] for f in fields})
                    services.set_area_measures(found, data["measures"], user=request.user)
            except services.PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Area {found.ref} saved.")
                return redirect("plan:area", slug=slug, ref=ref)
    else:
        form = AreaEditForm(initial={
            **{f: getattr(found, f) for f in fields},
            "measures": ", ".join(found.measures.values_list("measure_id", flat=True)),
        })
    return render(request, "plan/edit.html", {
        "plan": plan, "form": form, "heading": f"Edit area {found.ref}", "back": ("plan:area", found.ref),
    }, status=400 if form.errors else 200)


@policy.require(policy.PLAN_VIEW)
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    if fmt not in exporters.FORMATS:
        raise Http404(f"no export format {fmt}")
    content = request.GET.get("content", "full")
    if content not in exporters.CONTENTS:
        return HttpResponseBadRequest("content must be 'full' or 'summary'")
    try:
        state = selectors.plan_state(plan, as_at=_as_at(request))
    except selectors.AsAtError as exc:
        return HttpResponseBadRequest(str(exc))
    response = HttpResponse(exporters.render(state, fmt, content), content_type=exporters.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exporters.filename(state, fmt, content)}"'
    return response


@policy.require(policy.PLAN_VIEW)
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    may_freeze = policy.can(request.user, policy.PLAN_EDIT)
    form = MeetingForm()
    if request.method == "POST":
        policy.check(request.user, policy.PLAN_EDIT)
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                frozen = services.freeze_meeting(
                    plan, form.cleaned_data["title"], form.cleaned_data["held_on"], user=request.user
                )
            except services.PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Frozen the plan as at {frozen.as_at:%d %B %Y} for {frozen}.")
                return redirect("plan:meeting", slug=slug, pk=frozen.pk)
    return render(request, "plan/meetings.html", {
        "plan": plan, "meetings": plan.meetings.all(), "form": form if may_freeze else None,
    }, status=400 if form.errors else 200)


@policy.require(policy.PLAN_VIEW)
def meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    frozen = get_object_or_404(Meeting, plan=plan, pk=pk)
    return render(request, "plan/meeting.html", {
        "plan": plan, "meeting": frozen, "export": frozen.export, "area_summary": frozen.area_summary,
        "others": plan.meetings.exclude(pk=frozen.pk),
    })


def _meeting_choice(plan: Plan, value: str | None) -> Meeting | None:
    if not value or not value.isdigit():
        return None
    return plan.meetings.filter(pk=int(value)).first()


@policy.require(policy.PLAN_VIEW)
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    all_meetings = list(plan.meetings.order_by("held_on", "created_at"))
    earlier = _meeting_choice(plan, request.GET.get("earlier"))
    later = _meeting_choice(plan, request.GET.get("later"))
    if earlier is None and later is None and len(all_meetings) >= 2:
        earlier, later = all_meetings[-2], all_meetings[-1]
    comparison = None
    if earlier is not None and later is not None:
        if (earlier.held_on, earlier.created_at) > (later.held_on, later.created_at):
            earlier, later = later, earlier
        comparison = meeting_diff.compare(earlier.export, later.export, earlier.area_summary, later.area_summary)
    return render(request, "plan/compare.html", {
        "plan": plan, "meetings": all_meetings, "earlier": earlier, "later": later, "comparison": comparison,
        "today": timezone.localdate(),
    })
