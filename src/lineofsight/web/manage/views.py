"""Administration pages: load a snapshot, set levels and local standards, manage users, roles and teams."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lineofsight.ingest import ROW_CONVENTION
from lineofsight.measures.catalogue import AREAS, MEASURES
from lineofsight.schema.authority import DEFAULT_STANDARDS
from lineofsight.web import policy
from lineofsight.web.dashboard import selectors
from lineofsight.web.dashboard.common import current_snapshot
from lineofsight.web.manage import services
from lineofsight.web.manage.forms import LoadForm, UserForm


@policy.require(policy.SNAPSHOTS_LOAD)
@require_http_methods(["GET", "HEAD", "POST"])
def load(request: HttpRequest) -> HttpResponse:
    form = LoadForm(request.POST, request.FILES) if request.method == "POST" else LoadForm()
    outcome = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["files"]:
            outcome = services.load_upload(form.cleaned_data["files"], form.cleaned_data["replace_smaller"])
        else:
            outcome = services.load_server_folder(form.cleaned_data["folder"], form.cleaned_data["replace_smaller"])
        if outcome.ok:
            result = outcome.result
            messages.success(request, f"Loaded snapshot {result.snapshot_id}: {sum(result.rows.values()):,} rows "
                                      f"in {len(result.rows)} tables. It is now current.")
            return redirect("dashboard:snapshots")
    status = 400 if request.method == "POST" else 200
    return render(request, "manage/load.html", {
        "form": form, "outcome": outcome, "row_convention": ROW_CONVENTION, "import_root": services.import_root(),
        "problems": services.problems_shown(outcome.result) if outcome and outcome.result else [],
        "current": current_snapshot(),
    }, status=status)


def _levels_rows(snap: selectors.Snapshot | None) -> list[tuple[str, list[dict]]]:
    saved = selectors.levels()
    rows = [{"id": m.id, "title": m.title, "area": m.area, "unit": m.unit, "polarity": m.polarity,
             "default_threshold": m.threshold, "default_target": m.target,
             "threshold": saved.get(m.id, {}).get("threshold", ""), "target": saved.get(m.id, {}).get("target", "")}
            for m in MEASURES]
    return [(area, [r for r in rows if r["area"] == area]) for area in AREAS]


@policy.require(policy.SNAPSHOTS_LOAD)
@require_http_methods(["GET", "HEAD", "POST"])
def levels(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        wanted: dict[str, tuple[float | None, float | None]] = {}
        for m in MEASURES:
            try:
                threshold = services.parse_level(request.POST.get(f"threshold-{m.id}"))
                target = services.parse_level(request.POST.get(f"target-{m.id}"))
            except ValueError:
                errors.append(f"{m.title}: threshold and target must be numbers (or blank for the default)")
                continue
            if m.unit == "percent" and any(v is not None and not 0 <= v <= 100 for v in (threshold, target)):
                errors.append(f"{m.title}: a percentage must be from 0 to 100")
                continue
            wanted[m.id] = (
                threshold if threshold is not None else (m.threshold if target is not None else None),
                target if target is not None else (m.target if threshold is not None else None),
            )
        standards: dict[str, int | None] = {}
        for key in DEFAULT_STANDARDS:
            text = (request.POST.get(f"standard-{key}") or "").strip()
            if text and (not text.isdigit() or int(text) == 0):
                errors.append(f"{key}: a local standard is a whole number greater than 0")
            else:
                standards[key] = int(text) if text else None
        if not errors:
            changed = services.set_levels(wanted) + services.set_standards(standards)
            messages.success(request, f"Saved: {changed} change{'s' if changed != 1 else ''}.")
            return redirect("manage:levels")
    snap = current_snapshot()
    overrides = selectors.standard_overrides()
    return render(request, "manage/levels.html", {
        "groups": _levels_rows(snap), "errors": errors,
        "standards": [{"key": k, "default": (snap.authority.standards.get(k) if snap and k not in overrides else None)
                       or DEFAULT_STANDARDS[k], "value": overrides.get(k, "")} for k in DEFAULT_STANDARDS],
    }, status=400 if errors else 200)


def _team_choices() -> list[tuple[str, str]]:
    snap = current_snapshot()
    return [(t, f"{name} ({t})") for t, name in selectors.teams(snap)] if snap else []


@policy.require(policy.USERS_MANAGE)
@require_safe
def users(request: HttpRequest) -> HttpResponse:
    people = get_user_model().objects.order_by("username").prefetch_related("groups", "team_memberships")
    return render(request, "manage/users.html", {"people": people})


def _user_form_choices(form: UserForm, extra: list[str]) -> None:
    """Keep a member's teams selectable even when the current snapshot no longer has them."""
    known = {t for t, _ in form.fields["teams"].choices}
    form.fields["teams"].choices = list(form.fields["teams"].choices) + [(t, t) for t in extra if t not in known]


def _temporary_password_page(request: HttpRequest, person, password: str, created: bool) -> HttpResponse:
    """The temporary password, shown once to hand over; never cached by the browser."""
    response = render(request, "manage/temporary_password.html",
                      {"person": person, "password": password, "created": created})
    response["Cache-Control"] = "no-store"
    return response


@policy.require(policy.USERS_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST if request.method == "POST" else None, teams=_team_choices(), creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, password = services.create_user(data["username"], data["full_name"], form.chosen_roles(),
                                                    form.chosen_teams(), by=request.user)
        except services.AccountChangeRefused as exc:
            form.add_error(None, str(exc))
        except ValueError as exc:
            form.add_error("username", str(exc))
        else:
            return _temporary_password_page(request, person, password, created=True)
    return render(request, "manage/user_form.html", {"form": form, "creating": True},
                  status=400 if form.errors else 200)


@policy.require(policy.USERS_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    current_teams = list(person.team_memberships.values_list("team_id", flat=True))
    initial = {"username": person.username, "full_name": person.get_full_name(), "is_active": person.is_active,
               "roles": [r.name for r in policy.roles_of(person)], "teams": current_teams}
    form = UserForm(request.POST if request.method == "POST" else None, initial=initial, teams=_team_choices())
    _user_form_choices(form, current_teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_user(person, by=request.user, roles=form.chosen_roles(), teams=form.chosen_teams(),
                                 is_active=data["is_active"])
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Saved the account {person.username}.")
            return redirect("manage:users")
    return render(request, "manage/user_form.html", {"form": form, "creating": False, "person": person},
                  status=400 if form.errors else 200)


@policy.require(policy.USERS_MANAGE)
@require_POST
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """A temporary password for someone who has forgotten theirs (they must change it at the next sign-in)."""
    person = get_object_or_404(get_user_model(), pk=pk)
    try:
        password = services.set_temporary_password(person, by=request.user)
    except services.AccountChangeRefused as exc:
        messages.error(request, str(exc))
        return redirect("manage:user_edit", pk=person.pk)
    return _temporary_password_page(request, person, password, created=False)
