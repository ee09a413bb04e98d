"""One admin field per partial date, typed as people write it: 1983, 1983-05, 1983年5月,
1983年5月2日, May 1983, 1990s, 1990年代, c. 1995. The precision (and "approximately") is read
from what was typed, by the same parser as the spreadsheet import, and the value is kept exactly
as precise as typed: "2001-06" is June 2001, not 1 June 2001."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .imports.dates import DateError, parse_partial_date
from .partial_dates import PartialDate

HELP = _("Write it as the source does: 1983, 1983-05, 1983年5月2日, May 1983, 1990s, 1990年代, c. 1995.")


class PartialDateFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except DateError as error:
            raise ValidationError(str(error), code="invalid") from None


class PartialDateFormMixin:
    """For ModelForms: each name in `partial_dates` is a PartialDateFormField declared on the form
    and the model's PartialDateAttribute of the same name (established → established_on,
    established_precision, established_approximate). List the form field in the admin's fieldsets
    instead of the three model fields."""

    partial_dates = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for name in self.partial_dates:
            if name not in self.fields:  # a read-only form
                continue
            field = self.fields[name]
            field.label = getattr(model, name).short_description
            partial = getattr(self.instance, name)
            self.initial.setdefault(name, partial.isoformat() if partial else "")
            if partial:
                # Shown so staff see what the registry understood from what they typed.
                field.help_text = _("Recorded as %(date)s (precision: %(precision)s). %(help)s") % {
                    "date": partial,
                    "precision": self._precision_label(partial),
                    "help": HELP,
                }

    @staticmethod
    def _precision_label(partial):
        label = partial.precision.label
        return _("%(precision)s, approximately") % {"precision": label} if partial.approximate else label

    def clean(self):
        cleaned = super().clean()
        for name in self.partial_dates:
            if name in self.fields and name not in self.errors:
                setattr(self.instance, name, cleaned.get(name))
        return cleaned

    def _update_errors(self, errors):
        # The model reports a date's errors on its date or precision column, which the form
        # does not have: they belong to the one field staff typed the date into.
        if hasattr(errors, "error_dict"):
            for name in self.partial_dates:
                attribute = getattr(self._meta.model, name)
                for column in (attribute.date_field, attribute.precision_field, attribute.approximate_field):
                    if column in errors.error_dict and column not in self.fields:
                        errors.error_dict.setdefault(name, []).extend(errors.error_dict.pop(column))
        super()._update_errors(errors)
