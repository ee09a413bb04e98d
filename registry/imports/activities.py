"""Planning an activities file: each row an activity (found by English title and start date) and,
optionally, one pairing it belongs to. Several rows for one activity link it to several pairs."""

from contextlib import suppress

from django.utils.translation import gettext as _

from registry.batches import batches
from registry.models import ActivityCategory, ExchangeActivity
from registry.partial_dates import PartialDate as PartialDateValue

from . import cells
from .names import normalise
from .pairings import pairings_between, place_key, resolve_sides
from .places import PlaceIndex
from .plan import NEW, UNCHANGED, UPDATED, RowResult, SheetRows, linked_sources
from .rows import changed_fields, describe_changes, model_errors, snapshot
from .widgets import Choice, Code, Decimal, Integer, PartialDate, Text, Urls

FIELDS = [
    "category",
    "title_en",
    "title_zh",
    "description_en",
    "description_zh",
    "starts_on",
    "starts_precision",
    "starts_approximate",
    "ends_on",
    "ends_precision",
    "ends_approximate",
    "place",
    "participants",
    "value_amount",
    "value_currency",
]
FIELD_COLUMNS = {name: name for name in FIELDS} | {
    "starts_on": "starts",
    "starts_precision": "starts",
    "starts_approximate": "starts",
    "ends_on": "ends",
    "ends_precision": "ends",
    "ends_approximate": "ends",
}
SIDE_COLUMNS = [f"{s}_{c}" for s in ("side_a", "side_b") for c in ("country", "province", "city")]


def _start_day(starts):
    """The day a start gives; None without one, or for a cell that keeps or clears it."""
    return starts.value if isinstance(starts, PartialDateValue) else None


def _identity(title, starts):
    """An activity is known by its English title and its start."""
    return (normalise(title), _start_day(starts))


def _activities_named(keys):
    """The registry's activities known by one of `keys` (_identity). Those starting on the keys'
    days (without a start, if a key has none) are compared by their title and start first, a
    tuple each, and only the activities the keys name are loaded. Stored starts are normalised
    (1983 is kept as 1983-01-01, see partial_dates), so the day a file's partial date gives finds
    them."""
    days = {day for _title, day in keys}
    candidates = ExchangeActivity.objects.values_list("pk", "title_en", "starts_on", "starts_precision")
    found: list[tuple] = []
    for chunk in batches(sorted(day for day in days if day is not None)):
        found += candidates.filter(starts_on__in=chunk)
    if None in days:
        found += candidates.filter(starts_on__isnull=True)
    pks = [
        pk
        for pk, title, day, precision in found
        if _identity(title, PartialDateValue(day, precision) if day and precision else None) in keys
    ]
    for chunk in batches(pks):
        yield from ExchangeActivity.objects.filter(pk__in=chunk)


class ActivityRows(SheetRows):
    """An activities file's rows: the activities, pairs and links they name are loaded once."""

    widgets = {
        "category": Choice(ActivityCategory),
        **{name: Text() for name in ("title_en", "title_zh", "description_en", "description_zh", "place")},
        "value_currency": Code(),
        "starts": PartialDate(),
        "ends": PartialDate(),
        "participants": Integer(),
        "value_amount": Decimal(2),
        "source_url": Urls(),
    }

    def prepare(self):
        """Read what the file's rows name, not the whole registry: the pairs between the places
        its rows give, the activities they name (by title and start), and those activities' pair
        and source links."""
        self.index = PlaceIndex()
        self.known_sides: dict[tuple, object] = {}
        sides, keys = [], set()
        for number, row in self.table.rows:
            if any(cells.text(row.get(c)) for c in SIDE_COLUMNS):
                sides.append(resolve_sides(self.index, row, RowResult(number), self.known_sides))
            with suppress(ValueError):  # the row's error is reported when it is checked
                keys.add(_identity(cells.text(row.get("title_en")), self.cell(row, "starts")))
        self.pairs = pairings_between(self.index, sides)
        self.activities: dict[tuple, ExchangeActivity] = {}
        for activity in _activities_named(keys):
            self.activities.setdefault(_identity(activity.title_en, activity.starts), activity)
        pks = sorted(activity.pk for activity in self.activities.values())
        self.links = set()
        for chunk in batches(pks):
            links = ExchangeActivity.pairings.through.objects.filter(exchangeactivity__in=chunk)
            self.links |= set(links.values_list("exchangeactivity_id", "pairing_id"))
        self.linked_sources = linked_sources(ExchangeActivity, pks)
        # id(activity) → (the first row giving it, its values after that row)
        self.first_row: dict[int, tuple[int, dict]] = {}
        self.seen_links: dict[tuple, int] = {}

    def check(self, number, row):
        result = RowResult(number, label=cells.text(row.get("title_en")))
        found = self._activity(row, result)
        if found is None:
            return result
        activity, is_new = found
        earlier = self.first_row.get(id(activity))  # (row number, values) of an earlier row about it
        before = snapshot(activity, FIELDS)
        self._read_cells(activity, result, row)
        pairing = self._pairing(row, result)
        source_urls = self._source_urls(row, result)
        if not result.errors:
            self._check_repeats(activity, earlier, pairing, number, result)
        if result.errors:
            return result
        result.label = activity.title_en
        new_links = [] if pairing is None or (activity.pk, pairing.pk) in self.links else [pairing]
        new_sources = [u for u in source_urls if is_new or (activity.pk, u) not in self.linked_sources]
        plan = self.plan
        if earlier is not None:
            result.status = UNCHANGED  # what it changes was planned with the earlier row
        elif is_new:
            plan.creates.append(activity)
            result.status = NEW
        else:
            changes = changed_fields(activity, before)
            if changes:
                plan.updates.append(activity)
                plan.update_fields.update(changes)
                result.status = UPDATED
                result.changed = sorted({FIELD_COLUMNS[f] for f in changes})
                result.changes = describe_changes(activity, before, changes, FIELD_COLUMNS)
        plan.pairing_links.extend((activity, p) for p in new_links)
        plan.source_links.extend((activity, u) for u in dict.fromkeys(new_sources))
        if result.status == UNCHANGED and (new_links or new_sources):
            result.status = UPDATED
        return result

    def _activity(self, row, result):
        """(activity, is new) that the row's English title and start name, or None with the
        row's error."""
        try:
            starts = self.cell(row, "starts")
        except ValueError as error:
            result.error("starts", error)
            return None
        title = cells.text(row.get("title_en"))
        if not title:
            result.error("title_en", _("Give the English title."))
            return None
        key = _identity(title, starts)
        activity = self.activities.get(key)
        if activity is not None:
            return activity, False
        activity = self.activities[key] = ExchangeActivity()
        return activity, True

    def _read_cells(self, activity, result, row):
        self.set(activity, result, row, "category", required=True)
        for name in ("title_en", "title_zh", "description_en", "description_zh", "place"):
            self.set(activity, result, row, name, required=name == "title_en")
        self.set(activity, result, row, "value_currency")
        for name in ("starts", "ends", "participants", "value_amount"):
            self.set(activity, result, row, name, empty=None)

    def _pairing(self, row, result):
        """The registry's pair the row's sides name; None when it gives no sides (or with its
        error)."""
        if not any(cells.text(row.get(c)) for c in SIDE_COLUMNS):
            return None
        side_a, side_b = resolve_sides(self.index, row, result, self.known_sides)
        if side_a is None or side_b is None:
            return None
        pairing = self.pairs.get(frozenset((place_key(side_a), place_key(side_b))))
        if pairing is None:
            result.error(
                "side_b_city",
                _("%(a)s and %(b)s are not a pair in the registry: import the pairing first.")
                % {"a": side_a.name_en, "b": side_b.name_en},
            )
        return pairing

    def _source_urls(self, row, result):
        try:
            if not cells.is_blank(row.get("source_url")):
                return self.widgets["source_url"].clean(row["source_url"])
        except ValueError as error:
            result.error("source_url", error)
        return []

    def _check_repeats(self, activity, earlier, pairing, number, result):
        """A later row about the same activity gives the same values (the first one is checked by
        the model's rules), and no two rows link it to the same pair."""
        if earlier is not None:
            if changed_fields(activity, earlier[1]):
                result.error(
                    "title_en",
                    _("Row %(row)s gives this activity other values than row %(other)s: make them agree.")
                    % {"row": number, "other": earlier[0]},
                )
                return
        else:
            model_errors(activity, result, FIELD_COLUMNS, exclude=["host"])
            if result.errors:
                return
            self.first_row[id(activity)] = (number, snapshot(activity, FIELDS))
        if pairing is not None:
            link = (id(activity), pairing.pk)
            if link in self.seen_links:
                result.error(
                    "side_b_city",
                    _("Row %(row)s and row %(other)s link the same activity to the same pair: keep one.")
                    % {"row": number, "other": self.seen_links[link]},
                )
                return
            self.seen_links[link] = number
