"""The public "suggest a pair or a correction" form."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Jurisdiction, Pairing, Suggestion, SuggestionKind

# Control characters (tab and line breaks are fine) and the Unicode direction overrides and
# isolates, which can make text read differently from what it is ("Trojan source").
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain_text(value):
    if CONTROL.search(value):
        raise ValidationError(
            _("This text contains a control character: type or paste it again as plain text."), code="control"
        )
    if DIRECTION.search(value):
        raise ValidationError(
            _("This text contains an invisible direction-override character: type it again without it."),
            code="direction",
        )


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to tell us?"),
        choices=[
            (SuggestionKind.NEW_PAIR, _("A pair the registry is missing")),
            (SuggestionKind.CORRECTION, _("A correction to a pair")),
        ],
        initial=SuggestionKind.NEW_PAIR,
        widget=forms.RadioSelect,
    )
    pair = forms.CharField(required=False, widget=forms.HiddenInput, max_length=250)
    place_a = forms.CharField(
        label=_("First place"),
        max_length=200,
        required=False,
        validators=[plain_text],
        help_text=_("A province, state or city, e.g. Hubei or Nanjing."),
    )
    place_b = forms.CharField(
        label=_("Second place"),
        max_length=200,
        required=False,
        validators=[plain_text],
        help_text=_("Its partner, e.g. Ohio or St. Louis."),
    )
    message = forms.CharField(
        label=_("What is missing or wrong"),
        max_length=2000,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example the date the pair was established, or what the page gets wrong."),
    )
    source_url = forms.URLField(
        label=_("Source"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "invalid": _(
                "Enter the web address (starting with http:// or https://) of a page that shows this."
            )
        },
        help_text=_("The web address of a page that shows it: a government, association or news page."),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if we may ask you about it. It is never shown publicly."),
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by robots that fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_from_a_robot(self):
        return bool(self.cleaned_data.get("website"))

    def clean_pair(self):
        slug = self.cleaned_data["pair"]
        if not slug:
            return None
        pairing = Pairing.objects.public().select_related("side_a", "side_b").filter(slug=slug).first()
        if pairing is None:
            raise ValidationError(_("The pair this correction is about is not in the registry."))
        return pairing

    def clean(self):
        data = super().clean()
        if data.get("kind") == SuggestionKind.CORRECTION:
            if not (data.get("pair") or data.get("place_a")):
                self.add_error(
                    "place_a", _("Name the pair (or one of its places) that needs the correction.")
                )
        elif data.get("kind") == SuggestionKind.NEW_PAIR:
            for name in ("place_a", "place_b"):
                if name in data and not data[name]:
                    self.add_error(name, _("Name both places of the pair."))
        return data

    def save(self, language):
        """Store the suggestion for staff; the registry itself is not touched."""
        data = self.cleaned_data
        pairing = data.get("pair")
        return Suggestion.objects.create(
            kind=data["kind"],
            pairing=pairing,
            place_a=data["place_a"] or (pairing.side_a.name_en if pairing else ""),
            place_b=data["place_b"] or (pairing.side_b.name_en if pairing else ""),
            message=data["message"],
            source_url=data["source_url"],
            contact_email=data["contact_email"],
            language=language,
            side_a=pairing.side_a if pairing else only_place_named(data["place_a"]),
            side_b=pairing.side_b if pairing else only_place_named(data["place_b"]),
        )


def only_place_named(name):
    """The registry's place of exactly this English or Chinese name, if there is just one: saves
    the editor a look-up; an ambiguous or unknown name is left for the editor to pick."""
    if not name:
        return None
    places = list(Jurisdiction.objects.filter(Q(name_en__iexact=name) | Q(name_zh=name))[:2])
    return places[0] if len(places) == 1 else None
