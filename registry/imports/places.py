"""Finding the place a row means from its country, province/state and city columns, against the
places loaded as the file needs them: every province/state at once, then the places inside a
province the first time a row names it (and a whole country's only when a row names a city
without its province). At world size (60,000 places) a file about a few provinces loads those,
not the registry; no query per row."""

import difflib
import functools
from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from registry.batches import batches
from registry.models import (
    CITY_PAIR_PROVINCE_DESIGNATIONS,
    Designation,
    Jurisdiction,
    Level,
    PlaceKey,
)
from registry.places.importing import GazetteerCreator, refusal
from registry.places.resolve import NotResolved
from registry.places.search import query_keys
from registry.slugs import free_slug, place_slug_base
from registry.taken_slugs import TakenSlugs

from .names import is_code, match_keys, normalise

_COUNTRY_EXTRAS = {
    "usa": "US",
    "united states of america": "US",
    "united states": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "美国": "US",
    "美國": "US",
    "prc": "CN",
    "people's republic of china": "CN",
    "中华人民共和国": "CN",
    "中國": "CN",
}


class PlaceError(ValueError):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


@functools.cache
def _country_names() -> dict[str, str]:
    """Normalised country name (English or Chinese) → ISO code; built once per process (every
    country's name in two languages takes ~20 ms, once per file before)."""
    names = dict(_COUNTRY_EXTRAS)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for code, name in countries:
                names.setdefault(normalise(name), code)
    return names


def place_keys(place):
    keys = set()
    for name in (place.name_en, place.name_zh, place.name_local, *place.alias_list()):
        keys |= match_keys(name)
    for code in (place.iso_3166_2, place.slug, place.gbt2260_code):
        if code:
            keys.add(normalise(code))
    if place.iso_3166_2:
        keys.add(normalise(place.iso_3166_2.split("-", 1)[1]))
    return keys


# country or province pk → match key → places
_Keyed = defaultdict[Any, defaultdict[str, list[Jurisdiction]]]


class PlaceIndex:
    """The places a file names, keyed for matching, loaded scope by scope as rows need them; new
    places made by "create missing places" join it."""

    def __init__(self, *, create_missing=False):
        self.create_missing = create_missing
        self.country_names = _country_names()
        self.country_codes = set(countries.countries)
        self.places: dict[int, Jurisdiction] = {}  # pk → place, as loaded
        self.slugs = TakenSlugs(Jurisdiction)
        self.by_slug: dict[str, Jurisdiction] = {}
        self.new_places: list[Jurisdiction] = []
        # The keys reconcile_places stored (every gazetteer form of a place: 绵阳市 = Mianyang),
        # for the places loaded.
        self.stored_keys: defaultdict[int, set[str]] = defaultdict(set)
        # provinces: country → key → places; within: province pk → key → places under it;
        # in_country: country → key → non-province places
        self.provinces: _Keyed = defaultdict(lambda: defaultdict(list))
        self.within: _Keyed = defaultdict(lambda: defaultdict(list))
        self.in_country: _Keyed = defaultdict(lambda: defaultdict(list))
        self.loaded_within: set[int] = set()  # provinces whose places are loaded
        self.loaded_countries: set[str] = set()  # countries whose places are all loaded
        # Every province/state (a few thousand in the world), and every place with an ISO code.
        self._load(Jurisdiction.objects.filter(Q(level=Level.PROVINCE) | ~Q(iso_3166_2="")))
        self.by_iso = {p.iso_3166_2: p for p in self.places.values() if p.iso_3166_2}
        self.gazetteer = GazetteerCreator(self.places, self.slugs, load=self._load)

    def _load(self, queryset):
        """Add the places of `queryset` not loaded yet, with their stored keys."""
        loaded = [place for place in queryset if place.pk not in self.places]
        for place in loaded:
            self.places[place.pk] = place
            self.by_slug.setdefault(place.slug, place)
        for chunk in batches([place.pk for place in loaded]):
            for place_pk, key in PlaceKey.objects.filter(jurisdiction__in=chunk).values_list(
                "jurisdiction_id", "key"
            ):
                self.stored_keys[place_pk].add(key)
        for place in loaded:
            if place.parent_id is not None:
                parent = self.places.get(place.parent_id)
                if parent is None:  # a parent outside what is loaded (a province's, loaded first)
                    self._load(Jurisdiction.objects.filter(pk=place.parent_id))
                    parent = self.places[place.parent_id]
                place.parent = parent  # no query when a row reads it
        for place in loaded:
            self._add(place)
        return loaded

    def scope_within(self, province):
        """The places inside `province` (its cities and their districts), keyed; loaded the first
        time a row names the province."""
        if province.pk is not None and province.pk not in self.loaded_within:
            self.loaded_within.add(province.pk)
            self._load(
                Jurisdiction.objects.within(province.pk).exclude(pk=province.pk).order_by("level", "pk")
            )
        return self.within[province.pk or id(province)]

    def scope_country(self, code):
        """Every place of the country below province level, keyed; loaded the first time a row
        names a city without its province/state."""
        if code not in self.loaded_countries:
            self.loaded_countries.add(code)
            self._load(
                Jurisdiction.objects.filter(country=code)
                .exclude(level=Level.PROVINCE)
                .order_by("level", "pk")
            )
        return self.in_country[code]

    def add(self, place):
        """A place the file creates (the places sheet): matched by its names and slug from now on."""
        self._add(place)
        self.by_slug[place.slug] = place

    def place_with_slug(self, slug):
        if slug not in self.by_slug:
            self._load(Jurisdiction.objects.filter(slug=slug))
        return self.by_slug.get(slug)

    def new_slug(self, base):
        """A slug from `base` that no place has or had, reserved for the caller."""
        return free_slug(base, self.slugs)

    def claim_slug(self, slug):
        """Reserve `slug` for a place; False when another place has or had it."""
        if slug in self.slugs:
            return False
        self.slugs.add(slug)
        return True

    def _add(self, place):
        keys = place_keys(place) | self.stored_keys.get(place.pk, set())
        if place.level == Level.PROVINCE:
            for key in keys:
                self.provinces[place.country][key].append(place)
            return
        province = place.province()
        for key in keys:
            self.in_country[place.country][key].append(place)
            if province is not None:
                self.within[province.pk or id(province)][key].append(place)

    def country(self, text, column):
        if not text:
            raise PlaceError(column, _("Give the country (CN, US, China, 中国…)."))
        code = str(text).strip().upper()
        if code in self.country_codes:
            return code
        found = self.country_names.get(normalise(text))
        if found:
            return found
        raise PlaceError(
            column, _("Unknown country %(value)s: use an ISO code such as CN or US.") % {"value": text}
        )

    def resolve(self, country_text, province_text, city_text, prefix):
        """The place meant by the three columns `<prefix>_country/_province/_city`; raises
        PlaceError naming the column."""
        code = self.country(country_text, f"{prefix}_country")
        province = None
        if province_text:
            province = self._one(
                self.find(self.provinces[code], province_text), province_text, f"{prefix}_province", code
            )
        if not city_text:
            if province is None:
                raise PlaceError(f"{prefix}_province", _("Give the province/state, the city, or both."))
            return province
        if province is None:
            candidates = self.find(self.scope_country(code), city_text)
            if not candidates:
                # A municipality or Washington, D.C. written in the city column alone.
                candidates = [
                    p
                    for p in self.find(self.provinces[code], city_text)
                    if p.designation in CITY_PAIR_PROVINCE_DESIGNATIONS
                ]
            if len(candidates) > 1:
                raise PlaceError(
                    f"{prefix}_city",
                    _("%(value)s is ambiguous: %(count)s places have this name; give the province/state.")
                    % {"value": city_text, "count": len(candidates)},
                )
            if not candidates:
                raise PlaceError(
                    f"{prefix}_city",
                    _("Unknown place %(value)s; give its province/state. Closest: %(closest)s")
                    % {"value": city_text, "closest": self._closest(city_text, self.scope_country(code))},
                )
            return candidates[0]
        if (
            match_keys(city_text) & place_keys(province)
            and province.designation in CITY_PAIR_PROVINCE_DESIGNATIONS
        ):
            return province  # "Tianjin / 天津市": the municipality itself
        scope = self.scope_within(province)
        candidates = self.find(scope, city_text)
        if not candidates:
            # "上海市杨浦区": a district written with its municipality's name in front.
            city = normalise(city_text)
            for key in place_keys(province):
                if len(key) > 1 and city.startswith(key) and len(city) > len(key):
                    candidates = self.find(scope, city[len(key) :])
                    if candidates:
                        break
        if len(candidates) > 1:
            raise PlaceError(
                f"{prefix}_city",
                _(
                    "%(value)s is ambiguous: %(count)s places in %(province)s have this name; "
                    "use its full name."
                )
                % {"value": city_text, "count": len(candidates), "province": province.local_name()},
            )
        if candidates:
            return candidates[0]
        if self.create_missing:
            return self._create(code, province, city_text, f"{prefix}_city")
        raise PlaceError(
            f"{prefix}_city",
            _(
                "Unknown place %(value)s in %(province)s. Closest: %(closest)s. Correct the name, or tick "
                '"create missing places".'
            )
            % {
                "value": city_text,
                "province": province.local_name(),
                "closest": self._closest(city_text, scope),
            },
        )

    def find(self, keyed, text):
        """The places of `keyed` (one of the index's scopes) that `text` names."""
        # A place's own full name first: "Tulsa County" is the county, though "Tulsa" (its name
        # without the suffix) is also the city's.
        exact = keyed.get(normalise(text), ())
        if len(exact) == 1:
            return list(exact)
        found = []
        for key in match_keys(text) | query_keys(text):
            for place in keyed.get(key, ()):
                if place not in found:
                    found.append(place)
        return found

    def _one(self, candidates, text, column, code):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise PlaceError(column, _("%(value)s is ambiguous: use its ISO 3166-2 code.") % {"value": text})
        raise PlaceError(
            column,
            _("Unknown province/state %(value)s. Closest: %(closest)s")
            % {"value": text, "closest": self._closest(text, self.provinces[code])},
        )

    def _closest(self, text, keyed):
        pool = {id(p): p for places in keyed.values() for p in places}.values()
        return self._closest_in(text, pool)

    def _closest_in(self, text, pool):
        names = {}
        for place in pool:
            for name in (place.name_en, place.name_zh):
                if name:
                    names[normalise(name)] = place.name_en + (f" ({place.name_zh})" if place.name_zh else "")
        close = difflib.get_close_matches(normalise(text), list(names), n=3, cutoff=0.5)
        return ", ".join(dict.fromkeys(names[c] for c in close)) or _("none")

    def _create(self, code, province, text, column):
        """A new city (or a district under a municipality) under a known province/state: from the
        gazetteer when it has the country (a name it does not know is refused)."""
        if self.gazetteer.knows(code):
            created = len(self.gazetteer.created)
            try:
                place = self.gazetteer.place_for(code, province, text)
            except NotResolved as error:
                raise PlaceError(column, refusal(text, province, error)) from error
            for new in self.gazetteer.created[created:]:
                self.slugs.add(new.slug)
                self.new_places.append(new)
                self._add(new)
            return place
        # Without the gazetteer (which refuses codes itself), a code is still no name for a place.
        if is_code(text):
            raise PlaceError(
                column,
                _(
                    "%(value)s is a code, not a place name: write the name of the city (a "
                    "province/state code belongs in the province/state column)."
                )
                % {"value": text},
            )
        name = " ".join(str(text).split())
        for prefix in (province.name_zh, province.name_en):
            # "上海市杨浦区" under Shanghai is the district "杨浦区".
            if prefix and name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix) :].strip()
                break
        is_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in name)
        under_municipality = province.designation in CITY_PAIR_PROVINCE_DESIGNATIONS
        place = Jurisdiction(
            country=code,
            level=Level.COUNTY if under_municipality else Level.CITY,
            designation=Designation.DISTRICT if under_municipality else Designation.CITY,
            parent=province,
            # name_en is required; a Chinese-only name stays in both until staff add the English.
            name_en=name,
            name_zh=name if is_chinese else "",
            slug=free_slug(place_slug_base(name, country=code), self.slugs),
        )
        self.new_places.append(place)
        self._add(place)
        return place
