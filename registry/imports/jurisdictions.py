"""Planning a jurisdictions file: each row a place, found by slug, ISO code, or name under its
province/state (and city); found places are updated, others created."""

from django.utils.translation import gettext as _

from registry.models import CITY_PAIR_PROVINCE_DESIGNATIONS, Designation, Jurisdiction, Level
from registry.slugs import place_slug_base

from . import cells
from .places import PlaceError, PlaceIndex
from .plan import NEW, UPDATED, Plan, RowResult, each_row
from .rows import changed_fields, describe_changes, model_errors, set_field, snapshot

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


def plan_jurisdictions(table, *, create_places=False, filename="", progress=None):
    plan = Plan(kind="jurisdictions", model=Jurisdiction, filename=filename, blank_rows=table.blank_rows)
    plan.ignored_headers = table.ignored_headers
    index = PlaceIndex()
    maps = {"level": cells.choice_map(Level), "designation": cells.choice_map(Designation)}
    seen: dict[int, int] = {}  # id(place) → first row naming it
    for number, row in each_row(table, progress):
        result = RowResult(number, label=cells.text(row.get("name_en")) or cells.text(row.get("name_zh")))
        plan.rows.append(result)
        try:
            code = index.country(cells.text(row.get("country")), "country")
        except PlaceError as error:
            result.error(error.column, error)
            continue
        parent = _parent(index, row, result)
        if parent is False:
            continue
        place = _existing(index, code, parent, row)
        is_new = place is None
        if is_new:
            level, designation = _default_level_designation(code, parent)
            place = Jurisdiction(country=code, parent=parent, level=level, designation=designation)
        if id(place) in seen:
            result.error(
                "name_en",
                _("Row %(row)s and row %(other)s are the same place: keep one.")
                % {"row": number, "other": seen[id(place)]},
            )
            continue
        seen[id(place)] = number
        before = snapshot(place, FIELDS)
        for name in TEXT_FIELDS:
            set_field(place, result, row, name, name, cells.text, required=name == "name_en")
        set_field(
            place,
            result,
            row,
            "aliases",
            "aliases",
            lambda c: "\n".join(str(c).replace(";", "\n").split("\n")).strip(),
        )
        set_field(place, result, row, "iso_3166_2", "iso_3166_2", lambda c: cells.text(c).upper())
        set_field(place, result, row, "slug", "slug", cells.text, required=True)
        set_field(
            place, result, row, "level", "level", lambda c: cells.choice(c, maps["level"]), required=True
        )
        set_field(
            place,
            result,
            row,
            "designation",
            "designation",
            lambda c: cells.choice(c, maps["designation"]),
            required=True,
        )
        set_field(place, result, row, "geonames_id", "geonames_id", cells.integer, empty=None)
        set_field(place, result, row, "latitude", "latitude", cells.decimal, empty=None)
        set_field(place, result, row, "longitude", "longitude", cells.decimal, empty=None)
        if result.errors:
            continue
        if is_new and not place.slug:
            place.slug = index.new_slug(place_slug_base(place.name_en, place.name_zh, country=code))
        elif place.slug != before["slug"] and not index.claim_slug(place.slug):
            result.error("slug", _("Another place already has the slug %(slug)s.") % {"slug": place.slug})
        iso_changed = place.iso_3166_2 and place.iso_3166_2 != before["iso_3166_2"]
        if iso_changed and index.by_iso.get(place.iso_3166_2) not in (None, place):
            result.error("iso_3166_2", _("Another place already has this ISO 3166-2 code."))
        model_errors(place, result, FIELD_COLUMNS, exclude=["parent", "slug"])
        if result.errors:
            continue
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
    # Parents before children: a bulk insert needs the parent's key.
    order = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}
    plan.creates.sort(key=lambda p: order.get(p.level, 3))
    plan.create_groups = [
        [p for p in plan.creates if p.level == level]
        for level in order
        if any(p.level == level for p in plan.creates)
    ]
    return plan
