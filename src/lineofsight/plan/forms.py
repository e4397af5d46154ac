"""Forms for the plan pages. Validation of the plan's rules stays in services; these check the shapes."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from lineofsight.plan.scale import Rating, Status

RATING_CHOICES = [("", "Not rated"), *Rating.choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UpdateForm(forms.Form):
    as_at = forms.DateField(label="Date of this update", widget=DateInput())
    narrative = forms.CharField(
        label="What has happened since the last update", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    closed_reason = forms.CharField(label="Reason closed (only if closed)", required=False, max_length=300)
    activity_rating = forms.ChoiceField(label="Activity rating", choices=RATING_CHOICES, required=False)
    impact_rating = forms.ChoiceField(label="Impact rating", choices=RATING_CHOICES, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_at"].initial = timezone.localdate()

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("status") == Status.CLOSED and not (data.get("closed_reason") or "").strip():
            self.add_error("closed_reason", "Say why the action was closed")
        if data.get("as_at") and data["as_at"] > timezone.localdate():
            self.add_error("as_at", "The date of an update cannot be in the future")
        return data


class MeetingForm(forms.Form):
    title = forms.CharField(label="Meeting", max_length=200, initial="Improvement board")
    held_on = forms.DateField(label="Date of the meeting", widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class AsAtForm(forms.Form):
    as_at = forms.DateField(label="Show the plan as at", required=False, widget=DateInput())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ActionEditForm(forms.Form):
    """What an editor may change about an action (its status and ratings change through progress updates)."""

    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    owners = forms.CharField(
        label="Owners as the plan names them", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, e.g. Head of Service, MASH",
    )
    owner_users = forms.ModelMultipleChoiceField(
        label="Accounts that may add updates", required=False, queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    due_dates = forms.CharField(
        label="Due by", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One date per line, e.g. 31/03/2026 or March 2026",
    )
    start_date = forms.DateField(label="Planned start", required=False, widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        self.fields["owner_users"].queryset = users
        self.fields["owner_users"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean_owners(self) -> list[str]:
        return _lines(self.cleaned_data["owners"])

    def clean_due_dates(self) -> list[object]:
        from lineofsight.plan.readings import parse_date

        dates = []
        for line in _lines(self.cleaned_data["due_dates"]):
            try:
                found = parse_date(line)
            except ValueError:
                raise forms.ValidationError(f"{line!r} is not a date such as 31/03/2026 or March 2026") from None
            if found:
                dates.append(found)
        return dates


class AreaEditForm(forms.Form):
    title = forms.CharField(label="Area for improvement", max_length=1000)
    lead = forms.CharField(label="Section lead", required=False, max_length=200)
    findings = forms.CharField(label="What inspectors found", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    key_activities = forms.CharField(label="Key activities", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    impact_sought = forms.CharField(label="Impact sought", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    how_monitored = forms.CharField(label="How impact will be monitored and measured", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label="Measures (ids)", required=False,
                               help_text="Measure ids separated by commas, e.g. cp_visit_10wd, unallocated")
    activity_rating = forms.ChoiceField(label="Activity rating", choices=RATING_CHOICES, required=False)
    impact_rating = forms.ChoiceField(label="Impact rating", choices=RATING_CHOICES, required=False)
    update_narrative = forms.CharField(label="Latest update on the area", required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))

    def clean_measures(self) -> list[str]:
        import re

        ids = [m for m in re.split(r"[,;\s]+", self.cleaned_data["measures"]) if m]
        bad = [m for m in ids if not re.fullmatch(r"[a-z0-9_]+", m)]
        if bad:
            raise forms.ValidationError(f"measure ids are lower-case words joined by _, not {', '.join(bad)}")
        if len(set(ids)) != len(ids):
            raise forms.ValidationError("a measure is listed twice")
        return ids


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportUploadForm(forms.Form):
    """Choose the plan spreadsheet and the plan it goes into; the next page previews it (nothing saved)."""

    file = forms.FileField(label="Plan spreadsheet (.xlsx or .csv)",
                           help_text="The plan as you keep it: one row per action.")
    plan = forms.CharField(label="Import into the plan called", max_length=200,
                           help_text="A new name creates a plan; an existing plan's name updates it, "
                                     "matching actions by their ref.")

    def clean_file(self) -> object:
        from lineofsight.plan.sheets import SUFFIXES

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError("Choose a .xlsx or .csv file")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB; is it the plan?")
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput())
    plan = forms.CharField(max_length=200, widget=forms.HiddenInput())
