"""Imports create places only from the gazetteer: a name the spreadsheet gives under a known
province/state is resolved to its gazetteer entry, and the new place takes both names, its parent
chain (a district under its city under its province), position, ids and a readable slug
(cn-sichuan-mianyang). A place the registry already has under another name (the same GB/T 2260
code or GeoNames id) is that place, not a new one. A name the gazetteer does not know is refused
with the closest names."""

from decimal import Decimal

from django.utils.translation import gettext as _

from registry.models import CITY_PAIR_PROVINCE_DESIGNATIONS, Jurisdiction, Level
from registry.slugs import free_slug, place_slug_base

from . import resolve as resolver
from .models import GazetteerEntry, MatchOutcome, PlaceMatch
from .reconcile import store_search_keys


class GazetteerCreator:
    """Used by the import's place index for "create missing places"."""

    def __init__(self, places, slugs, load):
        self.places = places  # registry pk → place (the index's, as loaded so far)
        self.slugs = slugs  # taken slugs (the index's), each new place reserves its own
        self.load = load  # adds the places of a queryset to the index
        self.by_code = {}  # created by this file
        self.by_geonames = {}
        self.countries = {}
        self.created = []  # parents before children

    def knows(self, country):
        """Whether the gazetteer has the country (else imports create places as before)."""
        if country not in self.countries:
            self.countries[country] = GazetteerEntry.objects.filter(country=country).exists()
        return self.countries[country]

    def existing(self, entry):
        """The registry place (or one this file creates) with the entry's GB code or GeoNames id."""
        if entry.gbt2260_code and entry.gbt2260_code in self.by_code:
            return self.by_code[entry.gbt2260_code]
        if entry.geonames_id and entry.geonames_id in self.by_geonames:
            return self.by_geonames[entry.geonames_id]
        # The index holds the places the file needed so far; the registry may hold this one.
        registry = Jurisdiction.objects.order_by("pk").values_list("pk", flat=True)
        pk = None
        if entry.gbt2260_code:
            pk = registry.filter(gbt2260_code=entry.gbt2260_code).first()
        if pk is None and entry.geonames_id:
            pk = registry.filter(geonames_id=entry.geonames_id).first()
        if pk is None:
            return None
        if pk not in self.places:
            self.load(Jurisdiction.objects.filter(pk=pk))
        return self.places[pk]

    def province_entry(self, province):
        if province.iso_3166_2:
            return resolver.resolve(province.iso_3166_2)
        return resolver.resolve(province.name_en, country=province.country, kind="region")

    def place_for(self, country, province, text):
        """The registry place the text names under the province: an existing one with the same
        entry, or a new one built from the entry. Raises resolver.NotResolved."""
        within = self.province_entry(province)
        entry = resolver.resolve(text, country=country, within=within, kind="place")
        if entry.pk == within.pk and province.designation in CITY_PAIR_PROVINCE_DESIGNATIONS:
            return province
        return self.existing(entry) or self.create(entry, province, within)

    def create(self, entry, province, within):
        index = resolver.get_index()
        parent = province
        parent_entry = index.places.get(entry.parent_id)
        if parent_entry is not None and parent_entry.pk != within.pk and parent_entry.level == Level.CITY:
            # A district under its city, created first if the registry lacks the city.
            parent = self.existing(parent_entry) or self.create(parent_entry, province, within)
        full = GazetteerEntry.objects.get(pk=entry.pk)
        level = entry.level
        if level == Level.CITY and province.designation in CITY_PAIR_PROVINCE_DESIGNATIONS:
            level = Level.COUNTY
        place = Jurisdiction(
            country=entry.country,
            level=level,
            designation=entry.designation,
            parent=parent,
            name_en=entry.name_en,
            name_zh=entry.name_zh,
            slug=free_slug(
                place_slug_base(entry.name_en, entry.name_zh, parent_slug=parent.slug), self.slugs
            ),
            geonames_id=entry.geonames_id,
            gbt2260_code=entry.gbt2260_code,
        )
        if full.latitude is not None:
            place.latitude = Decimal(str(round(full.latitude, 6)))
            place.longitude = Decimal(str(round(full.longitude, 6)))
            place.coordinates_source = full.position_provenance
        place.gazetteer_entry = full
        if entry.gbt2260_code:
            self.by_code[entry.gbt2260_code] = place
        if entry.geonames_id:
            self.by_geonames[entry.geonames_id] = place
        self.created.append(place)
        return place


def refusal(text, province, error):
    return _("%(message)s (in %(province)s)") % {"message": error.message, "province": province.name_en}


def link_created_places(places):
    """After the import wrote them: each new place's gazetteer match and search keys."""
    for place in places:
        entry = getattr(place, "gazetteer_entry", None)
        if entry is None or place.pk is None:
            continue
        PlaceMatch.objects.update_or_create(
            jurisdiction=place,
            defaults={
                "outcome": MatchOutcome.MATCHED,
                "entry": entry,
                "filled": {
                    field: entry.provenance
                    for field in ("name_en", "name_zh", "geonames_id", "gbt2260_code", "latitude", "parent")
                    if getattr(place, field, None) not in ("", None)
                },
            },
        )
        store_search_keys(place, entry)
