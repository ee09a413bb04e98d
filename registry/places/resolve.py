"""One resolver for a written place name, used by the reconcile command and public search (and
meant for imports and the admin): any written form (see names.py), "City - District",
"Columbus, Ohio", joined Chinese forms (成都市武侯区), and province/state codes (ID, US-ID, CN-SC,
GB/T 2260 codes). A province/state given narrows the search; an ambiguous name is refused with its
candidates, an unknown one with the closest names. Nothing is guessed.

The index is built once per process from the gazetteer table (`reset()` after a reload)."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz, process

from registry.models import CITY_PAIR_PROVINCE_DESIGNATIONS, Level

from .models import GazetteerEntry
from .names import clean, compact, has_han, keys

ISO_CODE = re.compile(r"([A-Za-z]{2})\s*[-‐‑–]\s*([A-Za-z0-9]{1,3})")
STATE_CODE = re.compile(r"[A-Z]{2}")
GB_CODE = re.compile(r"\d{6}")
# "New York City - Bronx", "Beijing – Xicheng District": the larger place first.
OUTER_INNER = re.compile(r"\s+[-–—]\s+")
# Where a joined Chinese name may be cut: after a province's or city's suffix (成都市|武侯区).
ZH_CUTS = "省市州盟区县"
# Within one province/state a name matching several places picks the most populous only when it
# has at least this many times the people of the next (Springfield, Ohio: not the hamlets).
DOMINANT = 10


@dataclass(frozen=True)
class Place:
    """What the resolver keeps of a gazetteer entry."""

    pk: int
    country: str
    level: str
    designation: str
    name_en: str
    name_zh: str
    admin1: str
    parent_id: int | None
    population: int
    geonames_id: int | None
    gbt2260_code: str
    iso_3166_2: str

    def label(self, index):
        parent = index.places.get(self.parent_id)
        name = f"{self.name_en} ({self.name_zh})" if self.name_zh else self.name_en
        return f"{name}, {parent.name_en}" if parent else name


class NotResolved(ValueError):
    """A name the resolver refuses: `candidates` (ambiguous) or `suggestions` (unknown)."""

    def __init__(self, message, *, candidates=(), suggestions=()):
        super().__init__(message)
        self.message = message
        self.candidates = list(candidates)
        self.suggestions = list(suggestions)


class Index:
    def __init__(self):
        self.places = {}
        self.primary = defaultdict(set)
        self.exact = defaultdict(set)
        self.loose = defaultdict(set)
        self.codes = {}  # "US-OH", "CN-HB", "510107", ("US", "OH") → pk
        # country → pk → "name_en name_zh" compacted, for `suggest`: compacted once here, not for
        # each of the 25,000 names at every unknown name.
        self.names_by_country = defaultdict(dict)
        self.by_geonames_id = defaultdict(list)  # GeoNames id → pks (a division may carry one)
        fields = [
            "pk", "country", "level", "designation", "name_en", "name_zh", "admin1", "parent_id",
            "population", "geonames_id", "gbt2260_code", "iso_3166_2", "alternate_names",
        ]  # fmt: skip
        for row in GazetteerEntry.objects.values_list(*fields).iterator(chunk_size=5000):
            *values, alternates = row
            values[8] = values[8] or 0
            place = Place(*values)
            self.places[place.pk] = place
            for number, name in enumerate((place.name_en, place.name_zh, *alternates.splitlines())):
                # Pinyin keys for the Chinese name only: alternates in Chinese are variants.
                exact, loose = keys(name, with_pinyin=number < 2)
                if number < 2:
                    for key in exact:
                        self.primary[key].add(place.pk)
                for key in exact:
                    self.exact[key].add(place.pk)
                for key in loose:
                    self.loose[key].add(place.pk)
            if place.iso_3166_2:
                self.codes[place.iso_3166_2] = place.pk
            if place.gbt2260_code:
                self.codes[place.gbt2260_code] = place.pk
            if place.level == Level.PROVINCE and place.country == "US":
                self.codes[("US", place.admin1)] = place.pk
            self.names_by_country[place.country][place.pk] = compact(f"{place.name_en} {place.name_zh}")
            if place.geonames_id:
                self.by_geonames_id[place.geonames_id].append(place.pk)

    def ancestors(self, place):
        seen = []
        while place.parent_id and place.parent_id in self.places and len(seen) < 5:
            place = self.places[place.parent_id]
            seen.append(place.pk)
        return seen

    def province_of(self, place):
        while place.level != Level.PROVINCE and place.parent_id in self.places:
            place = self.places[place.parent_id]
        return place if place.level == Level.PROVINCE else None


_index = None


def get_index():
    global _index
    if _index is None:
        _index = Index()
    return _index


def reset():
    """Forget the index (after the gazetteer was reloaded)."""
    global _index
    _index = None


def _code(text, country):
    """The place a code names, None when `text` is no code."""
    index = get_index()
    match = ISO_CODE.fullmatch(text)
    if match:
        code = f"{match[1]}-{match[2]}".upper()
        return index.codes.get(code, False) if match[1].upper() in ("CN", "US") else None
    if STATE_CODE.fullmatch(text) and country in (None, "US"):
        return index.codes.get(("US", text), None)
    if GB_CODE.fullmatch(text):
        return index.codes.get(text, False)
    return None


def _matches(text):
    """Entries carrying the name, in tiers: by their own name, by an alternate name, and (only
    when neither) by the name without its administrative suffix."""
    index = get_index()
    exact, loose = keys(text)
    primary = set().union(*(index.primary.get(key, ()) for key in exact))
    alternate = set().union(*(index.exact.get(key, ()) for key in exact)) - primary
    suffixless = set()
    for key in exact | loose:
        suffixless |= index.exact.get(key, set()) | index.loose.get(key, set())
    return [primary, alternate, suffixless - primary - alternate]


def _allowed(place, *, country, within, kind):
    index = get_index()
    if country and place.country != country:
        return False
    if within is not None and within.pk not in index.ancestors(place):
        return False
    if kind == "region":
        return place.level == Level.PROVINCE
    if kind == "place":
        return place.level != Level.PROVINCE or place.designation in CITY_PAIR_PROVINCE_DESIGNATIONS
    return True


def candidates(text, *, country=None, within=None, kind="any", every_tier=False):
    """The gazetteer places the text may mean (empty when none): those of the strongest kind of
    match, or with `every_tier` every place any of its forms names (for search)."""
    index = get_index()
    text = clean(text)
    if not text:
        return []
    found = []
    tiers = _matches(text)
    for tier in tiers:
        places = [index.places[pk] for pk in tier]
        found += [place for place in places if _allowed(place, country=country, within=within, kind=kind)]
        # A place's own name outranks another's alternate name (Springfield, Ohio is not the
        # Springdale GeoNames also calls Springfield); search (every_tier) wants them all.
        if found and (not every_tier or tier is not tiers[0]):
            break
    if found:
        return sorted(found, key=lambda place: (-place.population, place.name_en, place.pk))
    province = index.province_of(within) if within is not None else None
    if within is not None and within.level == Level.CITY and province is not None:
        # GeoNames puts New York's boroughs under the state, not the city.
        found = candidates(text, country=country, within=province, kind=kind, every_tier=every_tier)
        if found:
            return found
    # "City - District" and "District, City": the larger place narrows the smaller.
    parts = OUTER_INNER.split(text, maxsplit=1)
    if len(parts) == 1 and "," in text:
        inner, outer = (part.strip() for part in text.rsplit(",", 1))
        parts = [outer, inner]
    if len(parts) == 2 and all(parts):
        return _within_outer(parts[0], parts[1], country=country, within=within, kind=kind)
    if text.upper() == text and _code(text, country):
        return [index.places[_code(text, country)]]
    if has_han(text):
        for cut in range(2, len(text) - 1):
            if text[cut - 1] in ZH_CUTS:
                result = _within_outer(text[:cut], text[cut:], country=country, within=within, kind=kind)
                if result:
                    return result
    return []


def _within_outer(outer_text, inner_text, *, country, within, kind):
    outer = candidates(outer_text, country=country)
    if within is not None:
        index = get_index()
        outer = [place for place in outer if within.pk in (place.pk, *index.ancestors(place))]
    if len(outer) != 1:
        outer = [place for place in outer if place.level == Level.PROVINCE] or outer
    if len(outer) != 1:
        return []
    found = candidates(inner_text, country=outer[0].country, within=outer[0], kind=kind)
    if not found and inner_text.strip() == outer_text.strip():
        return outer
    return found


def resolve(text, *, country=None, within=None, kind="any"):
    """The one gazetteer place the text means; raises NotResolved with a translated message.

    `kind`: "region" for a province/state column, "place" for a city column (a code there is
    refused), "any" for free text (a province-level place wins over same-named towns)."""
    index = get_index()
    text = clean(text)
    if not text:
        raise NotResolved(_("Give a place name."))
    code = _code(text, country)
    if code is not None:
        if kind == "place":
            raise NotResolved(
                _("%(value)s is a code, not a place name: write the city's name.") % {"value": text}
            )
        if code is False:
            raise NotResolved(_("Unknown code %(value)s.") % {"value": text})
        return index.places[code]
    found = candidates(text, country=country, within=within, kind=kind)
    if len(found) == 1:
        return found[0]
    if not found:
        closest = suggest(text, country=country)
        raise NotResolved(
            _("Unknown place %(value)s. Closest: %(names)s.")
            % {"value": text, "names": ", ".join(closest) or "—"},
            suggestions=closest,
        )
    provinces = [place for place in found if place.level == Level.PROVINCE]
    if kind == "any" and len(provinces) == 1:
        return provinces[0]
    # The same place under two sources (a GB/T 2260 city carrying its GeoNames id) is one place.
    if within is not None and found[0].population >= DOMINANT * max(found[1].population, 1):
        return found[0]
    regions = {index.province_of(place).pk if index.province_of(place) else place.pk for place in found}
    raise NotResolved(
        ngettext(
            "%(value)s: %(count)d places in %(regions)d province/state — give the province/state.",
            "%(value)s: %(count)d places in %(regions)d provinces/states — give the province/state.",
            len(regions),
        )
        % {"value": text, "count": len(found), "regions": len(regions)},
        candidates=found,
    )


def suggest(text, *, country=None, limit=5):
    """The closest names (rapidfuzz), for an unknown name."""
    index = get_index()
    if country:
        choices = index.names_by_country.get(country, {})
    else:
        choices = {pk: name for names in index.names_by_country.values() for pk, name in names.items()}
    results = process.extract(compact(text), choices, scorer=fuzz.WRatio, processor=None, limit=limit)
    return [index.places[pk].label(index) for _name, _score, pk in results]
