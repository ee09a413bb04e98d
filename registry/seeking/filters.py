"""The public list of partner-seeking profiles: by country, province/state, field and date."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..filters import PublicFilterSet
from ..models import ActivityCategory, Jurisdiction, Level
from .models import SeekingProfile


class SeekingFilter(PublicFilterSet):
    country = django_filters.ChoiceFilter(field_name="place__country", label=_("Country"))
    region = django_filters.ChoiceFilter(method="filter_region", label=_("Province or state"))
    field = django_filters.ChoiceFilter(
        choices=ActivityCategory.choices, method="filter_field", label=_("Field of interest")
    )
    since = django_filters.DateFilter(
        field_name="modified_at",
        lookup_expr="date__gte",
        label=_("Updated since"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = SeekingProfile
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The countries and provinces/states of places with a public profile: one query each.
        seeking = SeekingProfile.objects.public().open()
        codes = seeking.order_by("place__country").values_list("place__country", flat=True).distinct()
        self.filters["country"].extra["choices"] = [(code, countries.name(code)) for code in codes]
        regions = Jurisdiction.objects.filter(
            Q(pk__in=seeking.values("place")) | Q(children__in=seeking.values("place")),
            level=Level.PROVINCE,
        ).distinct()
        self.region_pks = {}
        choices = []
        for region in regions.order_by("country", "name_en"):
            self.region_pks[region.slug] = region.pk
            choices.append((region.slug, str(region)))
        self.filters["region"].extra["choices"] = choices

    def filter_region(self, queryset, name, value):
        """Profiles of the province/state itself or of a place in it."""
        pk = self.region_pks[value]
        return queryset.filter(Q(place=pk) | Q(place__parent=pk) | Q(place__parent__parent=pk))

    def filter_field(self, queryset, name, value):
        return queryset.interested_in_any([value])
