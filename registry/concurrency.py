"""Optimistic locking for the admin: two staff members editing the same record.

The change form carries the record's `version` as it was when the form was opened. On save the
row is locked and its current version compared: if someone saved in between, the form is refused
with a message saying what to do, and nothing is overwritten. Each admin save raises the version.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

CONFLICT_MESSAGE = _(
    "Someone else saved this record after you opened it. Nothing was saved: open the record "
    "again to see their changes, then make yours."
)


class VersionedAdminForm(forms.ModelForm):
    version = forms.IntegerField(label=_("version"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The stored version, not the instance's: reverting to a history entry edits an old
            # copy of the record, whose version is not the current one.
            self.initial["version"] = self.current_version()

    def current_version(self, lock=False):
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The admin saves inside a transaction: the row stays locked until this save commits.
            current = self.current_version(lock=True)
            if current is not None and cleaned.get("version") != current:
                raise forms.ValidationError(CONFLICT_MESSAGE, code="conflict")
        return cleaned


class VersionedAdminMixin:
    """For ModelAdmins of `Versioned` models: the version travels with the form and goes up on save."""

    form = VersionedAdminForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        first_name, first_options = fieldsets[0]
        return [
            (first_name, {**first_options, "fields": [*first_options["fields"], "version"]}),
            *fieldsets[1:],
        ]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = form.cleaned_data["version"] + 1
        super().save_model(request, obj, form, change)
