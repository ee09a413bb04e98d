"""A save that would lose what is known about a date asks first.

Changing "10 June 1980" (day) to month precision stores 1980-06-01: the day is gone, and setting
the precision back to "day" shows 1 June. So an admin form that makes a stored date less precise,
or clears it, is refused once with a message naming the date before and after; the staff member
ticks "make the date less precise" and saves again to confirm.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .partial_dates import loses_precision


class LessPreciseDateCheck(forms.ModelForm):
    """For admin forms with one field per partial date (registry/admin_dates.py `partial_dates`)."""

    confirm_less_precise = forms.BooleanField(
        label=_("Make the date less precise"),
        required=False,
        help_text=_("Tick to confirm a save that makes a date less precise or clears it."),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or cleaned.get("confirm_less_precise"):
            return cleaned
        names = [name for name in getattr(self, "partial_dates", ()) if name in self.fields]
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first() if names else None
        if stored is None:
            return cleaned
        for name in names:
            if name in self.errors:
                continue
            old, new = getattr(stored, name), cleaned.get(name)
            if loses_precision(old, new):
                self.add_error(
                    name,
                    _(
                        "This makes the date less precise: %(old)s → %(new)s. What is known now would "
                        'be lost. Tick "Make the date less precise" and save again to confirm.'
                    )
                    % {"old": old, "new": new if new else _("no date")},
                )
        return cleaned
