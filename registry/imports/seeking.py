"""Planning a partner-seeking file: each row is the profile of one place, found by its country,
province/state and city columns like a pair's sides; the place's profile in the registry (its
latest, if it has several) is updated, or a new one created."""

from django.utils.translation import gettext as _

from registry.models import ActivityCategory
from registry.partial_dates import Precision
from registry.seeking.models import SeekingProfile, SeekingStatus

from . import cells
from .dates import parse_partial_date
from .names import normalise
from .places import PlaceError, PlaceIndex
from .plan import NEW, UPDATED, Plan, RowResult, each_row
from .rows import changed_fields, describe_changes, model_errors, set_field, snapshot

FIELDS = [
    "wanted_countries",
    "interests",
    "profile_en",
    "profile_zh",
    "population",
    "population_as_of",
    "area_km2",
    "area_as_of",
    "homepage",
    "contact",
    "contact_is_public",
    "status",
]
FIELD_COLUMNS = {name: name for name in FIELDS} | {"place": "place_city"}
TEXT_FIELDS = ["profile_en", "profile_zh", "homepage", "contact"]
YES = {normalise(word) for word in ("yes", "y", "true", "1", "是", "公开")}
NO = {normalise(word) for word in ("no", "n", "false", "0", "否", "不公开")}


def _items(cell):
    """The values of a cell that lists several, separated by commas, semicolons or new lines."""
    text = cells.text(cell)
    for separator in ("，", ";", "；", "\n"):
        text = text.replace(separator, ",")
    return [item.strip() for item in text.split(",") if item.strip()]


def _day(cell, epoch):
    """A full date (a count or statement is made on a day)."""
    date = parse_partial_date(cell, epoch=epoch)
    if date.precision != Precision.DAY or date.approximate:
        raise cells.CellError(_("Give the exact day, e.g. 2020-11-01."))
    return date.value


def _yes_no(cell):
    word = normalise(cells.text(cell))
    if word in YES:
        return True
    if word in NO:
        return False
    raise cells.CellError(_("Write yes or no."))


def plan_seeking(table, *, create_places=False, filename="", progress=None):
    plan = Plan(kind="seeking", model=SeekingProfile, filename=filename, blank_rows=table.blank_rows)
    plan.ignored_headers = table.ignored_headers
    index = PlaceIndex()
    profiles: dict[int, SeekingProfile] = {}  # place pk → its latest profile
    for profile in SeekingProfile.objects.order_by("modified_at", "pk"):
        profiles[profile.place_id] = profile
    categories = cells.choice_map(ActivityCategory)
    statuses = cells.choice_map(SeekingStatus)
    seen: dict[int, int] = {}  # place pk → first row naming it

    def countries(cell):
        codes = []
        for item in _items(cell):
            try:
                codes.append(index.country(item, "wanted_countries"))
            except PlaceError as error:
                raise cells.CellError(str(error)) from None
        return codes

    for number, row in each_row(table, progress):
        result = RowResult(number)
        plan.rows.append(result)
        try:
            place = index.resolve(
                cells.text(row.get("place_country")),
                cells.text(row.get("place_province")),
                cells.text(row.get("place_city")),
                "place",
            )
        except PlaceError as error:
            result.error(error.column, error)
            continue
        result.label = place.local_name()
        if place.pk in seen:
            result.error(
                "place_city",
                _("Row %(row)s and row %(other)s are the same place's profile: keep one.")
                % {"row": number, "other": seen[place.pk]},
            )
            continue
        seen[place.pk] = number
        stored = profiles.get(place.pk)
        is_new = stored is None
        profile = SeekingProfile(place=place) if stored is None else stored
        profile.place = place  # the index's copy, with its parents: no query when a check reads it
        before = snapshot(profile, FIELDS)
        set_field(profile, result, row, "wanted_countries", "wanted_countries", countries, required=True)
        set_field(
            profile,
            result,
            row,
            "interests",
            "interests",
            lambda cell: [cells.choice(item, categories) for item in _items(cell)],
            required=True,
        )
        for name in TEXT_FIELDS:
            set_field(profile, result, row, name, name, cells.text, required=name == "profile_en")
        set_field(profile, result, row, "population", "population", cells.integer, empty=None)
        set_field(profile, result, row, "area_km2", "area_km2", lambda c: cells.decimal(c, 2), empty=None)
        for name in ("population_as_of", "area_as_of"):
            set_field(profile, result, row, name, name, lambda c: _day(c, table.epoch), empty=None)
        set_field(profile, result, row, "contact_is_public", "contact_is_public", _yes_no, empty=False)
        set_field(
            profile, result, row, "status", "status", lambda c: cells.choice(c, statuses), required=True
        )
        # Lists in another order are the same lists: keep the stored order.
        for name in ("wanted_countries", "interests"):
            if sorted(map(str, getattr(profile, name))) == sorted(map(str, before[name])):
                setattr(profile, name, before[name])
        if result.errors:
            continue
        model_errors(profile, result, FIELD_COLUMNS, exclude=["place", "matched_pairing"])
        if result.errors:
            continue
        if is_new:
            plan.creates.append(profile)
            result.status = NEW
            continue
        changes = changed_fields(profile, before)
        if changes:
            plan.updates.append(profile)
            plan.update_fields.update(changes)
            result.status = UPDATED
            result.changed = sorted(changes)
            result.changes = describe_changes(profile, before, changes, FIELD_COLUMNS)
    return plan
