"""Filters of the public lists, shared by the pages, the map and the JSON API.

A value the form rejects (an unknown kind, a year of 10**9, a sort key that does not exist) makes
the list empty and shows the form's error; it is never a server error.
"""

import itertools

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import (
    ActivityCategory,
    ExchangeActivity,
    Jurisdiction,
    Level,
    Pairing,
    PairingKind,
    Status,
    Tier,
)
from .page_cache import current_generation
from .places.search import names_place

# Longer search text is cut: no name or alias comes near it, and a huge LIKE pattern costs the
# database for nothing.
MAX_SEARCH_LENGTH = 100
SIDES = ("side_a", "side_b")
# Deterministic orders: every key ends with the unique slug; undated pairs sort last everywhere
# (SQLite and PostgreSQL put NULLs at opposite ends by default).
SORTS = {
    "established": (F("established_on").asc(nulls_last=True), "slug"),
    "-established": (F("established_on").desc(nulls_last=True), "slug"),
    "name": ("side_a__name_en", "side_b__name_en", "slug"),
    "-name": ("-side_a__name_en", "-side_b__name_en", "slug"),
}
DEFAULT_SORT = "established"


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1000)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


def search_names(queryset, prefixes, value):
    """Rows where any of the places at `prefixes` ("" for the row itself) has `value` in its
    English or Chinese name or its aliases (case-insensitive)."""
    value = value.strip()[:MAX_SEARCH_LENGTH]
    if not value:
        return queryset
    condition = Q()
    for prefix in prefixes:
        for field in ("name_en", "name_zh", "aliases"):
            path = f"{prefix}__{field}" if prefix else field
            condition |= Q(**{f"{path}__icontains": value})
        # Any written form of the place (Urumqi, Canton, 圣路易斯, CN-HB), through the gazetteer.
        condition |= names_place(prefix, value)
    return queryset.filter(condition)


def public_places_to_filter_by():
    """The countries of the places in published pairs, and every province/state visitors may see
    as (slug, pk, label), by country and name. Every list page offers them, and finding which places
    are public is the costliest query of the page, so they are computed once per state of the
    registry data (the page-cache generation) and kept in the cache. The region labels name both
    languages, so one list serves every page language."""

    def compute():
        public = Jurisdiction.objects.public()
        return {
            "countries": list(public.order_by("country").values_list("country", flat=True).distinct()),
            "regions": [
                (province.slug, province.pk, str(province), province.country.code)
                for province in public.filter(level=Level.PROVINCE).order_by("country", "name_en")
            ],
        }

    key = f"registry:filter-places-by-country:{current_generation()}"
    return cache.get_or_set(key, compute, settings.PAGE_CACHE_SECONDS)


class PublicFilterSet(django_filters.FilterSet):
    """A filter form of the public site. Its selects write their options with one tag
    (templates/registry/widgets/select.html) instead of Django's two included templates per
    option: the forms have about 150 options, and rendering them was most of an uncached list
    page's time. Only these forms: the admin keeps Django's own select."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for field in super().form.fields.values():
                if field.widget.template_name == "django/forms/widgets/select.html":
                    field.widget.template_name = "registry/widgets/select.html"
        return self._form


class PairingFilter(PublicFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=10_000)
    kind = django_filters.ChoiceFilter(choices=PairingKind.choices, label=_("Kind"))
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("Tier"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    # Choices of country and region: set in __init__.
    country = django_filters.ChoiceFilter(method="filter_country", label=_("Country"))
    region = django_filters.ChoiceFilter(
        method="filter_region",
        label=_("Province or state"),
    )
    year_from = YearFilter(field_name="established_on__year", lookup_expr="gte", label=_("From year"))
    year_to = YearFilter(field_name="established_on__year", lookup_expr="lte", label=_("To year"))
    category = django_filters.ChoiceFilter(
        choices=ActivityCategory.choices, method="filter_category", label=_("Activity category")
    )
    sort = django_filters.ChoiceFilter(
        choices=[
            ("established", _("Oldest first")),
            ("-established", _("Newest first")),
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
        ],
        method="filter_sort",
        label=_("Sort"),
        empty_label=None,
    )

    class Meta:
        model = Pairing
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Plain lists, fetched once: the form goes through the choices to validate and again to
        # render, and callable choices would ask the cache every time.
        places = public_places_to_filter_by()
        self.region_pks = {slug: pk for slug, pk, _label, _country in places["regions"]}
        self.filters["country"].extra["choices"] = [
            (code, countries.name(code)) for code in places["countries"]
        ]
        # Grouped by country (an optgroup each): nearly 90 provinces and states in one list.
        self.filters["region"].extra["choices"] = [
            (countries.name(code), [(slug, label) for slug, _pk, label, _code in group])
            for code, group in itertools.groupby(places["regions"], key=lambda region: region[3])
        ]

    @property
    def qs(self):
        # The default order applies when no valid sort was asked for.
        queryset = super().qs
        if not queryset.query.order_by:
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT])
        return queryset

    def filter_q(self, queryset, name, value):
        return search_names(queryset, SIDES, value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(Q(side_a__country=value) | Q(side_b__country=value))

    def filter_region(self, queryset, name, value):
        """Pairs with a side that is the province/state or lies in it."""
        return queryset.in_region(self.region_pks[value])

    def filter_category(self, queryset, name, value):
        activities = ExchangeActivity.objects.public().filter(category=value, pairings=OuterRef("pk"))
        return queryset.filter(Exists(activities))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])


class ActivityFilter(PublicFilterSet):
    category = django_filters.ChoiceFilter(choices=ActivityCategory.choices, label=_("Category"))
    year = YearFilter(field_name="starts_on__year", label=_("Year"))
    place = django_filters.CharFilter(method="filter_place", label=_("Place"), max_length=10_000)

    class Meta:
        model = ExchangeActivity
        fields = []

    def filter_place(self, queryset, name, value):
        """Activities hosted by a place matching the text, or of a published pair involving one."""
        places = search_names(Jurisdiction.objects.all(), [""], value).values("pk")
        pairs = Pairing.objects.public().filter(
            Q(side_a__in=places) | Q(side_b__in=places), activities=OuterRef("pk")
        )
        return queryset.filter(Q(host__in=places) | Q(Exists(pairs)))
