"""Planning an activities file: each row an activity (found by English title and start date) and,
optionally, one pairing it belongs to. Several rows for one activity link it to several pairs."""

from django.utils.translation import gettext as _

from registry.models import ActivityCategory, ExchangeActivity, Pairing

from . import cells
from .dates import parse_partial_date
from .names import normalise
from .pairings import place_key, resolve_sides
from .places import PlaceIndex
from .plan import NEW, UNCHANGED, UPDATED, Plan, RowResult, each_row
from .rows import changed_fields, describe_changes, model_errors, read, set_field, set_partial_date, snapshot

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


def _identity(title, starts):
    return (normalise(title), starts.value if starts else None)


def plan_activities(table, *, create_places=False, filename="", progress=None):
    plan = Plan(kind="activities", model=ExchangeActivity, filename=filename, blank_rows=table.blank_rows)
    plan.ignored_headers = table.ignored_headers
    index = PlaceIndex()
    pairs = {frozenset((p.side_a_id, p.side_b_id)): p for p in Pairing.objects.only("pk", "side_a", "side_b")}
    activities: dict[tuple, ExchangeActivity] = {}
    for activity in ExchangeActivity.objects.all():
        activities.setdefault(_identity(activity.title_en, activity.starts), activity)
    links = set(ExchangeActivity.pairings.through.objects.values_list("exchangeactivity_id", "pairing_id"))
    linked_sources = set(
        ExchangeActivity.sources.through.objects.values_list("exchangeactivity_id", "source__url")
    )
    category_map = cells.choice_map(ActivityCategory)
    first_row: dict[int, tuple[int, dict]] = {}  # id(activity) → (row number, snapshot after that row)
    seen_links: dict[tuple, int] = {}
    for number, row in each_row(table, progress):
        result = RowResult(number, label=cells.text(row.get("title_en")))
        plan.rows.append(result)
        try:
            starts = read(row, "starts", lambda c: parse_partial_date(c, epoch=table.epoch))
        except ValueError as error:
            result.error("starts", error)
            continue
        title = cells.text(row.get("title_en"))
        if not title:
            result.error("title_en", _("Give the English title."))
            continue
        key = _identity(title, starts if hasattr(starts, "value") else None)
        activity = activities.get(key)
        is_new = activity is None
        if is_new:
            activity = ExchangeActivity()
            activities[key] = activity
        earlier = first_row.get(id(activity))
        before = snapshot(activity, FIELDS)
        set_field(
            activity,
            result,
            row,
            "category",
            "category",
            lambda c: cells.choice(c, category_map),
            required=True,
        )
        for name in ("title_en", "title_zh", "description_en", "description_zh", "place"):
            set_field(activity, result, row, name, name, cells.text, required=name == "title_en")
        set_field(activity, result, row, "value_currency", "value_currency", lambda c: cells.text(c).upper())
        set_partial_date(activity, result, row, "starts", "starts", table.epoch)
        set_partial_date(activity, result, row, "ends", "ends", table.epoch)
        set_field(activity, result, row, "participants", "participants", cells.integer, empty=None)
        set_field(
            activity, result, row, "value_amount", "value_amount", lambda c: cells.decimal(c, 2), empty=None
        )
        pairing = None
        if any(cells.text(row.get(c)) for c in SIDE_COLUMNS):
            side_a, side_b = resolve_sides(index, row, result)
            if side_a is not None and side_b is not None:
                pairing = pairs.get(frozenset((place_key(side_a), place_key(side_b))))
                if pairing is None:
                    result.error(
                        "side_b_city",
                        _("%(a)s and %(b)s are not a pair in the registry: import the pairing first.")
                        % {"a": side_a.name_en, "b": side_b.name_en},
                    )
        source_urls = []
        try:
            if not cells.is_blank(row.get("source_url")):
                source_urls = cells.urls(row["source_url"])
        except cells.CellError as error:
            result.error("source_url", error)
        if result.errors:
            continue
        if earlier is not None:
            if changed_fields(activity, earlier[1]):
                result.error(
                    "title_en",
                    _("Row %(row)s gives this activity other values than row %(other)s: make them agree.")
                    % {"row": number, "other": earlier[0]},
                )
                continue
        else:
            model_errors(activity, result, FIELD_COLUMNS, exclude=["host"])
            if result.errors:
                continue
            first_row[id(activity)] = (number, snapshot(activity, FIELDS))
        if pairing is not None:
            link = (id(activity), pairing.pk)
            if link in seen_links:
                result.error(
                    "side_b_city",
                    _("Row %(row)s and row %(other)s link the same activity to the same pair: keep one.")
                    % {"row": number, "other": seen_links[link]},
                )
                continue
            seen_links[link] = number
        result.label = activity.title_en
        new_links = [] if pairing is None or (activity.pk, pairing.pk) in links else [pairing]
        new_sources = [u for u in source_urls if is_new or (activity.pk, u) not in linked_sources]
        if earlier is not None:
            result.status = UPDATED if (new_links or new_sources) else UNCHANGED
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
    return plan
