"""Filters of the public lists, shared by the pages, the map and the JSON API.

A value the form rejects (an unknown kind, a year of 10**9, a sort key that does not exist) makes
the list empty and shows the form's error; it is never a server error.
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import derived_tables
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
from .places.models import PlaceKey
from .places.search import query_keys

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


def matching_places(value):
    """The pks of the places whose English or Chinese name or aliases contain `value`
    (case-insensitive; trigram-indexed on PostgreSQL), or that the gazetteer knows by it (Urumqi,
    Canton, 圣路易斯, CN-HB): a small set, looked up before any pair or activity is read."""
    named = (
        Jurisdiction.objects.filter(
            Q(name_en__icontains=value) | Q(name_zh__icontains=value) | Q(aliases__icontains=value)
        )
        .values("pk")
        .order_by()
    )  # no order in a part of a UNION
    found = query_keys(value)
    if not found:
        return named
    known = PlaceKey.objects.filter(key__in=sorted(found)).values("jurisdiction_id").order_by()
    return named.union(known)


def search_names(queryset, prefixes, value):
    """Rows where any of the places at `prefixes` ("" for the row itself) has `value` in its
    English or Chinese name or its aliases (case-insensitive), or is known by it to the gazetteer.
    The matching places are found first, then the rows by their sides' indexes."""
    value = value.strip()[:MAX_SEARCH_LENGTH]
    if not value:
        return queryset
    places = matching_places(value)
    condition = Q()
    for prefix in prefixes:
        condition |= Q(**{f"{prefix}__in" if prefix else "pk__in": places})
    return queryset.filter(condition)


def public_countries():
    """The countries of the places in published pairs. Every pair list offers them; they are
    computed once per state of the registry data (the page-cache generation) and kept in the
    cache."""

    def compute():
        # Country by country (~200), each asking whether one of its places is a side of a
        # published pair, which the first such pair answers by index: joining every published
        # pair to its two places to find their countries took 0.7 s at 100,000 pairings.
        place, pair = Jurisdiction._meta.db_table, Pairing._meta.db_table
        has_side = (
            f"EXISTS (SELECT 1 FROM {place} j JOIN {pair} p ON p.{{side}}_id = j.id "
            "WHERE j.country = c.country AND p.is_published)"
        )
        sql = (
            f"SELECT c.country FROM (SELECT DISTINCT country FROM {place}) c "
            f"WHERE {has_side.format(side='side_a')} OR {has_side.format(side='side_b')} "
            "ORDER BY c.country"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [code for (code,) in cursor.fetchall()]

    key = f"registry:filter-countries:{current_generation()}"
    return cache.get_or_set(key, compute, settings.PAGE_CACHE_SECONDS)


def regions_named(value):
    """Province-level places called `value`: its slug (the statistics page links by slug), or its
    English or Chinese name (Georgia names two, and the filter then covers both)."""
    value = value.strip()[:MAX_SEARCH_LENGTH]
    return Jurisdiction.objects.filter(level=Level.PROVINCE).filter(
        Q(slug=value) | Q(name_en__iexact=value) | Q(name_zh=value)
    )


class RegionField(forms.CharField):
    """A province or state typed by name (the page suggests names as you type, from
    registry:region-suggestions), cleaned to the pks of the places so called."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        pks = list(regions_named(value).values_list("pk", flat=True))
        if not pks:
            raise forms.ValidationError(
                _("No province or state is called “%(name)s”. Type its English or Chinese name."),
                code="unknown_region",
                params={"name": value[:MAX_SEARCH_LENGTH]},
            )
        return pks


class RegionFilter(django_filters.Filter):
    field_class = RegionField


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
    region = RegionFilter(
        method="filter_region",
        label=_("Province or state"),
        widget=forms.TextInput(
            attrs={"list": "region-suggestions", "autocomplete": "off", "data-suggest": "regions"}
        ),
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
        # A plain list, fetched once: the form goes through the choices to validate and again to
        # render, and callable choices would ask the cache every time.
        self.filters["country"].extra["choices"] = [
            (code, countries.name(code)) for code in public_countries()
        ]

    @property
    def qs(self):
        # The default order applies when no valid sort was asked for.
        queryset = super().qs
        if not queryset.query.order_by:
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT])
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()[:MAX_SEARCH_LENGTH]
        return queryset.with_side_in(matching_places(value)) if value else queryset

    def filter_country(self, queryset, name, value):
        return queryset.with_side_in_country(value)

    def filter_region(self, queryset, name, value):
        """Pairs with a side that is the province/state (`value`: the pks of those so called) or
        lies in it."""
        return derived_tables.in_region(queryset, value, tables=self.derived_tables_current)

    def filter_category(self, queryset, name, value):
        return derived_tables.with_category(queryset, value, tables=self.derived_tables_current)

    @cached_property
    def derived_tables_current(self):
        """Asked once for both filters that read the derived tables."""
        return derived_tables.current()

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
        """Activities hosted by a place matching the text, or of a published pair involving one:
        the places first, then their pairs, then the activities by the link table's index (the
        activity ids as one subquery, not a correlated one per activity)."""
        value = value.strip()[:MAX_SEARCH_LENGTH]
        if not value:
            return queryset
        places = matching_places(value)
        pairs = Pairing.objects.public().with_side_in(places).values("pk")
        hosted = ExchangeActivity.objects.filter(host__in=places).values("pk").order_by()
        linked = ExchangeActivity.pairings.through.objects.filter(pairing__in=pairs).values(
            "exchangeactivity_id"
        )
        return queryset.filter(pk__in=hosted.union(linked))
