"""Planning a jurisdictions file: each row a place, found by slug, ISO code, or name under its
province/state (and city); found places are updated, others created."""

from django.utils.translation import gettext as _

from registry.models import CITY_PAIR_PROVINCE_DESIGNATIONS, Designation, Jurisdiction, Level
from registry.slugs import place_slug_base

from . import cells
from .places import PlaceError, PlaceIndex
from .plan import NEW, UPDATED, RowResult, SheetRows
from .rows import changed_fields, describe_changes, model_errors, snapshot
from .widgets import Choice, Code, Decimal, Integer, Lines, Text

TEXT_FIELDS = ["name_en", "name_zh", "name_local", "wikidata_qid", "gbt2260_code", "coordinates_source"]
FIELDS = [
    *TEXT_FIELDS,
    "level",
    "designation",
    "aliases",
    "iso_3166_2",
    "slug",
    "geonames_id",
    "latitude",
    "longitude",
]
FIELD_COLUMNS = {name: name for name in FIELDS} | {"parent": "province", "country": "country"}


def _parent(index, row, result):
    """The province/state or city the row's place is under, or None for a province-level place."""
    province, city = cells.text(row.get("province")), cells.text(row.get("city"))
    if not province and not city:
        return None
    try:
        return index.resolve(cells.text(row.get("country")), province, city, "")
    except PlaceError as error:
        result.error(error.column.lstrip("_"), error)
        return False


def _existing(index, code, parent, row):
    slug = cells.text(row.get("slug"))
    if slug and index.place_with_slug(slug):
        return index.place_with_slug(slug)
    iso = cells.text(row.get("iso_3166_2")).upper()
    if iso and iso in index.by_iso:
        return index.by_iso[iso]
    scope = index.provinces[code] if parent is None else index.scope_within(parent.province() or parent)
    names = [cells.text(row.get("name_en")), cells.text(row.get("name_zh"))]
    for name in filter(None, names):
        for place in index.find(scope, name):
            if place.parent is parent or (parent is not None and place.parent_id == parent.pk and parent.pk):
                return place
    return None


def _default_level_designation(code, parent):
    if parent is None:
        return Level.PROVINCE, Designation.STATE if code == "US" else Designation.PROVINCE
    if parent.level == Level.PROVINCE and parent.designation not in CITY_PAIR_PROVINCE_DESIGNATIONS:
        return Level.CITY, Designation.CITY
    if parent.level == Level.PROVINCE:
        return Level.COUNTY, Designation.DISTRICT
    return Level.COUNTY, Designation.COUNTY


class JurisdictionRows(SheetRows):
    """A places file's rows: each found by slug, ISO code or name, or created."""

    widgets = {
        **{name: Text() for name in TEXT_FIELDS},
        "aliases": Lines(),
        "iso_3166_2": Code(),
        "slug": Text(),
        "level": Choice(Level),
        "designation": Choice(Designation),
        "geonames_id": Integer(),
        "latitude": Decimal(),
        "longitude": Decimal(),
    }

    def prepare(self):
        self.index = PlaceIndex()
        self.seen: dict[int, int] = {}  # id(place) → first row naming it

    def check(self, number, row):
        index, plan = self.index, self.plan
        result = RowResult(number, label=cells.text(row.get("name_en")) or cells.text(row.get("name_zh")))
        try:
            code = index.country(cells.text(row.get("country")), "country")
        except PlaceError as error:
            result.error(error.column, error)
            return result
        parent = _parent(index, row, result)
        if parent is False:
            return result
        place = _existing(index, code, parent, row)
        is_new = place is None
        if is_new:
            level, designation = _default_level_designation(code, parent)
            place = Jurisdiction(country=code, parent=parent, level=level, designation=designation)
        if id(place) in self.seen:
            result.error(
                "name_en",
                _("Row %(row)s and row %(other)s are the same place: keep one.")
                % {"row": number, "other": self.seen[id(place)]},
            )
            self._read_cells(Jurisdiction(), result, row)  # its other errors, to correct at once
            return result
        self.seen[id(place)] = number
        before = snapshot(place, FIELDS)
        self._read_cells(place, result, row)
        if result.errors:
            return result
        if is_new and not place.slug:
            place.slug = index.new_slug(place_slug_base(place.name_en, place.name_zh, country=code))
        elif place.slug != before["slug"] and not index.claim_slug(place.slug):
            result.error("slug", _("Another place already has the slug %(slug)s.") % {"slug": place.slug})
        iso_changed = place.iso_3166_2 and place.iso_3166_2 != before["iso_3166_2"]
        if iso_changed and index.by_iso.get(place.iso_3166_2) not in (None, place):
            result.error("iso_3166_2", _("Another place already has this ISO 3166-2 code."))
        model_errors(place, result, FIELD_COLUMNS, exclude=["parent", "slug"])
        if result.errors:
            return result
        if iso_changed:
            index.by_iso[place.iso_3166_2] = place
        if is_new:
            plan.creates.append(place)
            index.add(place)
            result.status = NEW
        else:
            changes = changed_fields(place, before)
            if changes:
                plan.updates.append(place)
                plan.update_fields.update(changes)
                result.status = UPDATED
                result.changed = sorted(changes)
                result.changes = describe_changes(place, before, changes, {})
        return result

    def _read_cells(self, place, result, row):
        for name in TEXT_FIELDS:
            self.set(place, result, row, name, required=name == "name_en")
        for name in ("aliases", "iso_3166_2"):
            self.set(place, result, row, name)
        for name in ("slug", "level", "designation"):
            self.set(place, result, row, name, required=True)
        for name in ("geonames_id", "latitude", "longitude"):
            self.set(place, result, row, name, empty=None)

    def finish(self):
        plan = self.plan
        # Parents before children: a bulk insert needs the parent's key.
        order = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}
        plan.creates.sort(key=lambda p: order.get(p.level, 3))
        plan.create_groups = [
            [p for p in plan.creates if p.level == level]
            for level in order
            if any(p.level == level for p in plan.creates)
        ]
