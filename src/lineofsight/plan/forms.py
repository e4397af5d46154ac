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
