"""Forms of the administration pages (every one posts with Django's CSRF token)."""

from __future__ import annotations

from django import forms

from lineofsight.web.policy import Role

ROLE_CHOICES = [(r.name, r.value) for r in Role]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class LoadForm(forms.Form):
    files = MultipleFileField(
        required=False, label="Upload files",
        help_text="A zipped SSD folder, or the SSD's CSV files together with authority.toml.")
    folder = forms.CharField(
        required=False, label="Or load a folder on the server",
        help_text="A folder inside the import folder, for example 2026-03.")
    replace_smaller = forms.BooleanField(
        required=False, label="Replace the current snapshot even if this extract is much smaller",
        help_text="Only when a smaller extract is right (a shorter period, a system change). Without it, an "
                  "extract with no rows, or one that lost most of a table's rows, is refused.")

    def clean(self):
        data = super().clean()
        if bool(data.get("files")) == bool((data.get("folder") or "").strip()):
            raise forms.ValidationError("Choose files to upload or name a folder on the server (one, not both).")
        return data


class UserForm(forms.Form):
    username = forms.CharField(max_length=150)
    full_name = forms.CharField(max_length=300, required=False, label="Full name")
    roles = forms.MultipleChoiceField(choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    teams = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple, required=False,
                                      help_text="Team managers see child-level lists for these teams only.")
    other_teams = forms.CharField(required=False, label="Other team ids",
                                  help_text="Team ids not in the current snapshot, separated by commas.")
    is_active = forms.BooleanField(required=False, initial=True, label="May sign in")

    def __init__(self, *args, teams: list[tuple[str, str]] | None = None, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].choices = teams or []
        if not creating:
            self.fields["username"].disabled = True

    def chosen_teams(self) -> list[str]:
        extra = [t.strip() for t in (self.cleaned_data.get("other_teams") or "").split(",") if t.strip()]
        return sorted(set(self.cleaned_data.get("teams", [])) | set(extra))

    def chosen_roles(self) -> list[Role]:
        return [Role[name] for name in self.cleaned_data.get("roles", [])]
