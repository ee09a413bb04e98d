"""Planning a partner-seeking file: each row is the profile of one place, found by its country,
province/state and city columns like a pair's sides; the place's profile in the registry (its
latest, if it has several) is updated, or a new one created."""

from django.utils.translation import gettext as _

from registry.models import ActivityCategory
from registry.seeking.models import SeekingProfile, SeekingStatus

from .places import PlaceError, PlaceIndex
from .plan import NEW, UPDATED, RowResult, SheetRows
from .rows import changed_fields, describe_changes, model_errors, snapshot
from .widgets import Choice, Choices, Countries, Day, Decimal, Integer, Place, Text, YesNo

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


class SeekingRows(SheetRows):
    """A partner-seeking file's rows: every place's latest profile is loaded once."""

    widgets = {
        "place_city": Place("place"),
        "wanted_countries": Countries(),
        "interests": Choices(ActivityCategory),
        **{name: Text() for name in TEXT_FIELDS},
        "population": Integer(),
        "area_km2": Decimal(2),
        "population_as_of": Day(),
        "area_as_of": Day(),
        "contact_is_public": YesNo(),
        "status": Choice(SeekingStatus),
    }

    def prepare(self):
        self.index = PlaceIndex()
        self.profiles: dict[int, SeekingProfile] = {}  # place pk → its latest profile
        for profile in SeekingProfile.objects.order_by("modified_at", "pk"):
            self.profiles[profile.place_id] = profile
        self.seen: dict[int, int] = {}  # place pk → first row naming it

    def check(self, number, row):
        plan = self.plan
        result = RowResult(number)
        try:
            place = self.widgets["place_city"].clean(row.get("place_city"), row=row, index=self.index)
        except PlaceError as error:
            result.error(error.column, error)
            return result
        result.label = place.local_name()
        if place.pk in self.seen:
            result.error(
                "place_city",
                _("Row %(row)s and row %(other)s are the same place's profile: keep one.")
                % {"row": number, "other": self.seen[place.pk]},
            )
            self._read_cells(SeekingProfile(), result, row)  # its other errors, to correct at once
            return result
        self.seen[place.pk] = number
        stored = self.profiles.get(place.pk)
        is_new = stored is None
        profile = SeekingProfile(place=place) if stored is None else stored
        profile.place = place  # the index's copy, with its parents: no query when a check reads it
        before = snapshot(profile, FIELDS)
        self._read_cells(profile, result, row)
        # Lists in another order are the same lists: keep the stored order.
        for name in ("wanted_countries", "interests"):
            if sorted(map(str, getattr(profile, name))) == sorted(map(str, before[name])):
                setattr(profile, name, before[name])
        if result.errors:
            return result
        model_errors(profile, result, FIELD_COLUMNS, exclude=["place", "matched_pairing"])
        if result.errors:
            return result
        if is_new:
            plan.creates.append(profile)
            result.status = NEW
            return result
        changes = changed_fields(profile, before)
        if changes:
            plan.updates.append(profile)
            plan.update_fields.update(changes)
            result.status = UPDATED
            result.changed = sorted(changes)
            result.changes = describe_changes(profile, before, changes, FIELD_COLUMNS)
        return result

    def _read_cells(self, profile, result, row):
        for name in ("wanted_countries", "interests", "profile_en", "status"):
            self.set(profile, result, row, name, required=True)
        for name in ("profile_zh", "homepage", "contact"):
            self.set(profile, result, row, name)
        for name in ("population", "area_km2", "population_as_of", "area_as_of"):
            self.set(profile, result, row, name, empty=None)
        self.set(profile, result, row, "contact_is_public", empty=False)
