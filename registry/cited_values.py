"""A save that replaces a cited value asks first.

A value whose source is recorded (a milestone's date with its sources, a pair's establishment
date with the sources of its "established" milestone, an activity's dates with its sources, a
place's position with its `coordinates_source`) is evidence. Changing or clearing it in the
admin leaves the old source citing a value it never gave. So the form is refused once, with a
message naming the value before and after and its source; the staff member either adds the new
value's source or ticks "Replace a cited value" and saves again.
"""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _


def source_label(sources):
    """How a list of sources is named in a message: their hosts (or titles), at most three."""
    names = []
    for source in sources:
        name = source if isinstance(source, str) else (urlsplit(source.url).hostname or source.url)
        if name not in names:
            names.append(name)
    return ", ".join(names[:3]) + ("…" if len(names) > 3 else "")


class CitedValueCheck(forms.ModelForm):
    """For admin forms whose fields listed by `cited_sources(stored)` carry a source.

    `cited_sources(stored)` returns {form field name: the sources (Source objects or texts) that
    cite the stored value}, and `new_sources_given()` says whether this save brings a source for
    the new value (then no confirmation is asked)."""

    confirm_replace_cited = forms.BooleanField(
        label=_("Replace a cited value"),
        required=False,
        help_text=_("Tick to confirm a save that changes or clears a value its source gives."),
    )

    def cited_sources(self, stored):
        return {}

    def new_sources_given(self):
        return False

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or cleaned.get("confirm_replace_cited") or self.new_sources_given():
            return cleaned
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if stored is None:
            return cleaned
        for name, sources in self.cited_sources(stored).items():
            if name not in self.fields or name in self.errors or not sources:
                continue
            old, new = self.stored_value(stored, name), cleaned.get(name)
            if old in (None, "") or old == new:
                continue
            self.add_error(
                name,
                _(
                    "This replaces a cited value: %(old)s → %(new)s. The source (%(source)s) gives "
                    "%(old)s, not the new value. Add the new value's source, or tick \"Replace a "
                    'cited value" and save again to confirm.'
                )
                % {
                    "old": self.display(stored, name, old),
                    "new": self.display(stored, name, new) if new not in (None, "") else _("nothing"),
                    "source": source_label(sources),
                },
            )
        return cleaned

    def stored_value(self, stored, name):
        return getattr(stored, name)

    def display(self, stored, name, value):
        """A value as staff read it: a choice by its label."""
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            return dict(field.choices).get(value, value)
        return value
