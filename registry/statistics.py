"""Counts of published pairs for the home and statistics pages, one query per table.

Each function returns rows of (label, count[, filter value]) ready for the charts of
registry_tags (the filter value links a bar to the filtered list); labels come from the data or
the models' choices, never invented.
"""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from .models import (
    ActivityCategory,
    CountScope,
    ExchangeActivity,
    Jurisdiction,
    Level,
    OfficialCount,
    Pairing,
    PairingKind,
    Status,
)


def headline():
    """Pairs by kind and status, those with no known date, and the places and countries that take
    part."""
    pairs = Pairing.objects.public()
    counts = pairs.aggregate(
        total=Count("pk"),
        province_state=Count("pk", filter=Q(kind=PairingKind.PROVINCE_STATE)),
        city=Count("pk", filter=Q(kind=PairingKind.CITY)),
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        ended=Count("pk", filter=Q(status=Status.ENDED)),
        unknown=Count("pk", filter=Q(status=Status.UNKNOWN)),
        undated=Count("pk", filter=Q(established_on__isnull=True)),
    )
    # Places that are themselves a side of a published pair (not the provinces around them).
    sides = Jurisdiction.objects.filter(
        Q(Exists(pairs.filter(side_a=OuterRef("pk")))) | Q(Exists(pairs.filter(side_b=OuterRef("pk"))))
    )
    counts.update(sides.aggregate(places=Count("pk"), countries=Count("country", distinct=True)))
    return counts


def by_choice(field, choices):
    counts = dict(Pairing.objects.public().values_list(field).annotate(n=Count("pk")).order_by())
    return [(label, counts.get(value, 0), value) for value, label in choices]


def by_year():
    """Pairs established per year, every year from the first to the last (empty years as 0)."""
    counts = dict(
        Pairing.objects.public()
        .filter(established_on__isnull=False)
        .annotate(year=ExtractYear("established_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def by_decade(years):
    decades = Counter()
    for year, count in years:
        decades[year // 10 * 10] += count
    # Translators: a decade, e.g. "1980s".
    return [
        (_("%(decade)ss") % {"decade": decade}, count, f"year_from={decade}&year_to={decade + 9}")
        for decade, count in sorted(decades.items())
    ]


def by_province(country):
    """Published pairs per province/state of `country`: pairs of the place itself or of places in
    it, as (name, count, slug) rows, most pairs first."""
    provinces = Jurisdiction.objects.filter(level=Level.PROVINCE, country=country).order_by("name_en")
    rows = []
    counts = Counter()
    for pairing in Pairing.objects.public().for_listing():
        for side in pairing.sides():
            province = side.province()
            if province is not None and province.country == country:
                counts[province.pk] += 1
    for province in provinces:
        if counts[province.pk]:
            rows.append((province.local_name(), counts[province.pk], province.slug))
    rows.sort(key=lambda row: -row[1])  # stable: ties stay in the provinces' name order
    return rows


def province_state_table():
    """Province × state: the province–state pair, if any, that joins each Chinese province and US
    state."""
    pairs = Pairing.objects.public().filter(kind=PairingKind.PROVINCE_STATE).for_listing()
    provinces, states, cells = {}, {}, {}
    for pairing in pairs:
        chinese, american = sorted(pairing.sides(), key=lambda side: side.country != "CN")
        provinces[chinese.pk], states[american.pk] = chinese, american
        # A pair of two places is one record (a database constraint): a cell holds at most one.
        cells[chinese.pk, american.pk] = pairing
    provinces = sorted(provinces.values(), key=lambda place: place.name_en)
    states = sorted(states.values(), key=lambda place: place.name_en)
    return {
        "states": states,
        "rows": [
            (province, [cells.get((province.pk, state.pk)) for state in states]) for province in provinces
        ],
    }


def by_category():
    counts = dict(
        ExchangeActivity.objects.public().values_list("category").annotate(n=Count("pk")).order_by()
    )
    return [(label, counts.get(value, 0), value) for value, label in ActivityCategory.choices]


def coverage(counts, years):
    """How complete the registry is: per scope (all, province–state, city) the registry's count of
    published pairs beside the latest officially reported count, and every official count with
    the registry's count of pairs dated up to its year (for the chart). `counts` is headline(),
    `years` is by_year(). One query."""
    officials = list(OfficialCount.objects.all())  # oldest first: the model's ordering
    live = {
        CountScope.ALL: counts["total"],
        CountScope.PROVINCE_STATE: counts["province_state"],
        CountScope.CITY: counts["city"],
    }
    latest = {official.scope: official for official in officials}
    nouns = {
        CountScope.ALL: _("pairs"),
        CountScope.PROVINCE_STATE: _("province–state pairs"),
        CountScope.CITY: _("city pairs"),
    }
    scopes = [
        {
            "scope": scope,
            "label": label,
            "noun": nouns[scope],
            "live": live[scope],
            "official": latest[scope],
            "missing": max(latest[scope].count - live[scope], 0),
        }
        for scope, label in CountScope.choices
        if scope in latest
    ]
    return {"scopes": scopes, "officials": officials, "dated_by_year": cumulative(years)}


def cumulative(years):
    """[(year, published pairs with a date up to the end of that year)] from by_year()."""
    total, rows = 0, []
    for year, count in years:
        total += count
        rows.append((year, total))
    return rows
