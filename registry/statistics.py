"""The rows of the home and statistics pages' charts, from the registry's summary
(registry/summary.py: counts kept per data version) plus the province × state table.

Each function returns rows of (label, count[, filter value]) ready for the charts of
registry_tags (the filter value links a bar to the filtered list); labels come from the data or
the models' choices, in the page's language, never invented.
"""

from collections import Counter

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import Country

from .models import CountScope, Jurisdiction, Level, OfficialCount, Pairing, PairingKind


def by_choice(summary, field, choices):
    """Published records per value of `field` (pairs' "kind", "tier", "status"; activities'
    "category"), every choice listed."""
    counts = summary[field]
    return [(label, counts.get(str(value), 0), value) for value, label in choices]


def by_year(summary):
    """Pairs established per year, every year from the first to the last (empty years as 0)."""
    counts = {int(year): n for year, n in summary["years"].items()}
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


def by_province(summary, country):
    """Published pairs per province/state of `country` (pairs of the place itself or of places in
    it), as (name, count, slug) rows, most pairs first. One query for the provinces' names."""
    counts = {int(pk): n for pk, n in summary["provinces"].get(country, {}).items()}
    provinces = Jurisdiction.objects.filter(pk__in=counts, level=Level.PROVINCE).order_by("name_en")
    rows = [(province.local_name(), counts[province.pk], province.slug) for province in provinces]
    rows.sort(key=lambda row: -row[1])  # stable: ties stay in the provinces' name order
    return rows


class ProvinceTableForm(forms.Form):
    """The two countries of the province × state table (China and the United States unless asked)."""

    table_from = forms.ChoiceField(label=gettext_lazy("Provinces/states of"), required=False)
    table_to = forms.ChoiceField(label=gettext_lazy("against those of"), required=False)
    DEFAULTS = {"table_from": "CN", "table_to": "US"}

    def __init__(self, data, countries):
        if data is not None:
            # A blank or missing country is the default one, as in the table shown.
            data = {name: data.get(name) or default for name, default in self.DEFAULTS.items()}
        super().__init__(data, initial=self.DEFAULTS)
        choices = [(code, Country(code).name) for code in countries]
        for name in self.DEFAULTS:
            self.fields[name].choices = choices
        if self.is_bound and not self.is_valid():
            # The errors stay; the selects show the default table's countries, which is what shows.
            self.data = dict(self.DEFAULTS)

    def countries(self):
        """The chosen pair of countries; the defaults for a blank or invalid choice."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["table_from"], self.cleaned_data["table_to"]
        return self.DEFAULTS["table_from"], self.DEFAULTS["table_to"]


def province_state_table(first="CN", second="US"):
    """Provinces/states of `first` × those of `second`: the province–state pair, if any, that joins
    each two. Only the pairs between the two countries are read (one query)."""
    pairs = (
        Pairing.objects.public()
        .filter(kind=PairingKind.PROVINCE_STATE)
        .filter(
            Q(side_a__country=first, side_b__country=second)
            | Q(side_a__country=second, side_b__country=first)
        )
        .select_related("side_a", "side_b")
    )
    rows, columns, cells = {}, {}, {}
    for pairing in pairs:
        mine, theirs = sorted(pairing.sides(), key=lambda side: side.country != first)
        rows[mine.pk], columns[theirs.pk] = mine, theirs
        # A pair of two places is one record (a database constraint): a cell holds at most one.
        cells[mine.pk, theirs.pk] = pairing
    rows = sorted(rows.values(), key=lambda place: place.name_en)
    columns = sorted(columns.values(), key=lambda place: place.name_en)
    return {
        "first": Country(first),
        "second": Country(second),
        "states": columns,
        "rows": [(place, [cells.get((place.pk, column.pk)) for column in columns]) for place in rows],
    }


def coverage(counts, years):
    """How complete the registry is: per scope (all, province–state, city) the registry's count of
    published pairs beside the latest officially reported count, and every official count with
    the registry's count of pairs dated up to its year (for the chart). `counts` is the summary's
    headline, `years` is by_year(). One query."""
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
