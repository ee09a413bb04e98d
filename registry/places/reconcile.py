"""Linking the registry's places to gazetteer entries and filling their blanks.

Each place is matched by its ids first (GB/T 2260 code, ISO 3166-2 code, GeoNames id), else by
its names through the resolver, inside the gazetteer entry of its parent (provinces first, then
cities, then counties and districts). A place that resolves to one entry is linked and its blank
fields are filled, each recorded with its provenance; a stored value is never changed (a
different stored value is recorded as a conflict for staff). Ambiguous and unknown places keep
their candidates for staff to settle in the admin."""

from collections import Counter
from decimal import Decimal

from django.db import transaction

from registry.models import Jurisdiction, Level

from . import resolve as resolver
from .models import GazetteerEntry, MatchOutcome, PlaceKey, PlaceMatch
from .names import keys

FIGURES = {
    "positions": lambda qs: qs.filter(latitude__isnull=False).count(),
    "Chinese names": lambda qs: qs.exclude(name_zh="").count(),
    "GeoNames ids": lambda qs: qs.filter(geonames_id__isnull=False).count(),
    "GB/T 2260 codes": lambda qs: qs.exclude(gbt2260_code="").count(),
}
LEVEL_ORDER = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}


def figures():
    places = Jurisdiction.objects.all()
    return {"places": places.count(), **{name: count(places) for name, count in FIGURES.items()}}


def without_position():
    """[(place, why)] for each place still without a position: the gazetteer's word on it."""
    rows = []
    places = Jurisdiction.objects.filter(latitude__isnull=True).select_related(
        "parent", "gazetteer_match", "gazetteer_match__entry"
    )
    for place in places.order_by("country", "name_en", "pk"):
        match = getattr(place, "gazetteer_match", None)
        if match is None:
            why = "not reconciled"
        elif match.entry_id is None:
            why = f"{match.get_outcome_display()}: {match.message}"
        else:
            why = f"its gazetteer entry ({match.entry.provenance}) has no position"
        rows.append((place, why))
    return rows


def _by_ids(place, index):
    for code in (place.gbt2260_code, place.iso_3166_2):
        if code and code in index.codes:
            return index.places[index.codes[code]]
    found = index.by_geonames_id.get(place.geonames_id, []) if place.geonames_id else []
    if len(found) == 1:
        return index.places[found[0]]
    return None


def _by_names(place, within):
    """(entry, candidates, message) from the place's names, Chinese first for a Chinese place."""
    names = [place.name_zh, place.name_en, *place.alias_list()]
    if place.country != "CN":
        names = [place.name_en, *place.alias_list(), place.name_zh]
    kind = "region" if place.level == Level.PROVINCE else "place"
    ambiguous, messages = {}, []
    for name in filter(None, names):
        try:
            return resolver.resolve(name, country=place.country, within=within, kind=kind), [], ""
        except resolver.NotResolved as refusal:
            messages.append(refusal.message)
            ambiguous.update({candidate.pk: candidate for candidate in refusal.candidates})
    return None, list(ambiguous.values()), messages[0] if messages else ""


def _fill(place, entry, linked):
    """Blank fields filled from the entry: {field: provenance}; and stored values that differ."""
    provenance = entry.provenance
    filled, conflicts = {}, {}
    candidates = {
        "name_zh": entry.name_zh,
        "geonames_id": entry.geonames_id,
        "gbt2260_code": entry.gbt2260_code,
    }
    for field, value in candidates.items():
        if not value:
            continue
        stored = getattr(place, field)
        if stored in ("", None):
            setattr(place, field, value)
            filled[field] = provenance
        elif str(stored) != str(value) and field != "name_zh":
            conflicts[field] = {"stored": str(stored), "gazetteer": str(value)}
    if place.latitude is None and entry.latitude is not None:
        place.latitude = Decimal(str(round(entry.latitude, 6)))
        place.longitude = Decimal(str(round(entry.longitude, 6)))
        place.coordinates_source = entry.position_provenance
        filled["latitude"] = filled["longitude"] = entry.position_provenance
    if place.parent_id is None and place.level != Level.PROVINCE:
        index = resolver.get_index()
        ancestors = index.ancestors(index.places[entry.pk])
        parent = next((linked[pk] for pk in ancestors if pk in linked), None)
        if parent is not None and parent.country == place.country:
            place.parent = parent
            filled["parent"] = provenance
    return filled, conflicts


def search_keys(place, entry=None):
    """The keys public search finds a place under: its names and aliases, and its entry's."""
    names = [place.name_en, place.name_zh, place.name_local, *place.alias_list()]
    codes = [place.iso_3166_2, place.gbt2260_code]
    if entry is not None:
        names += [entry.name_en, entry.name_zh, *entry.alternate_list()]
        codes += [entry.iso_3166_2, entry.gbt2260_code]
    found = set()
    for name in filter(None, names):
        found |= keys(name)[0]
    found |= {code.replace("-", "").casefold() for code in codes if code}
    return {key for key in found if key and len(key) <= 200}


def store_search_keys(place, entry=None):
    PlaceKey.objects.filter(jurisdiction=place).delete()
    PlaceKey.objects.bulk_create([PlaceKey(jurisdiction=place, key=key) for key in search_keys(place, entry)])


@transaction.atomic
def reconcile_places(*, queryset=None):
    """Match every place (or those of `queryset`); returns the outcome counts."""
    index = resolver.get_index()
    places = list((Jurisdiction.objects.all() if queryset is None else queryset).select_related("parent"))
    places.sort(key=lambda place: (LEVEL_ORDER.get(place.level, 3), place.pk))
    linked = {}  # gazetteer pk → registry place, for parents
    entry_of = {}  # registry pk → gazetteer Place
    outcomes = Counter()
    for match in PlaceMatch.objects.filter(outcome=MatchOutcome.MATCHED).select_related("jurisdiction"):
        if match.entry_id:
            linked.setdefault(match.entry_id, match.jurisdiction)
            entry_of[match.jurisdiction_id] = index.places.get(match.entry_id)
    for place in places:
        within = entry_of.get(place.parent_id) if place.parent_id else None
        entry = _by_ids(place, index)
        candidates, message = [], ""
        if entry is None:
            entry, candidates, message = _by_names(place, within)
        if entry is None:
            outcome = MatchOutcome.AMBIGUOUS if candidates else MatchOutcome.NOT_FOUND
            if (
                place.parent_id is None
                and place.level != Level.PROVINCE
                and outcome == MatchOutcome.AMBIGUOUS
            ):
                message = f"{message} (no province/state recorded)"
            match, _created = PlaceMatch.objects.update_or_create(
                jurisdiction=place,
                defaults={"outcome": outcome, "entry": None, "message": message[:500], "filled": {}},
            )
            match.candidates.set([candidate.pk for candidate in candidates[:20]])
            store_search_keys(place)
            outcomes[outcome] += 1
            continue
        linked.setdefault(entry.pk, place)
        entry_of[place.pk] = entry
        full_entry = GazetteerEntry.objects.get(pk=entry.pk)
        filled, conflicts = _fill(place, full_entry, linked)
        store_search_keys(place, full_entry)
        if filled:
            place.save()
        previous = PlaceMatch.objects.filter(jurisdiction=place).first()
        match, _created = PlaceMatch.objects.update_or_create(
            jurisdiction=place,
            defaults={
                "outcome": MatchOutcome.MATCHED,
                "entry_id": entry.pk,
                "message": "",
                "filled": {**(previous.filled if previous else {}), **filled},
                "conflicts": conflicts,
            },
        )
        match.candidates.clear()
        outcomes[MatchOutcome.MATCHED] += 1
    return outcomes
