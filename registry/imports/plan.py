"""An import plan: what each row of a file would do (new / updated / unchanged / error), computed
without writing; `SheetRows`, the base of each sheet's rows class that computes it row by row in
the Resource's import_data hooks; and the functions that write a plan that has no errors, all at
once, as one recorded import."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from registry.batches import batches
from registry.history import record_links
from registry.lifecycle import refresh_lifecycle
from registry.models import ImportRecord, Jurisdiction, Level, Pairing, Source
from registry.operations import recorded_import
from registry.page_cache import invalidate_public_pages_on_commit
from registry.places.importing import link_created_places

from .rows import read, set_field

if TYPE_CHECKING:
    from .places import PlaceIndex

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
STATUS_LABELS = {NEW: _("new"), UPDATED: _("updated"), UNCHANGED: _("unchanged"), ERROR: _("error")}
BATCH = 500


@dataclass
class RowError:
    column: str
    message: str


@dataclass
class RowResult:
    number: int
    label: str = ""
    status: str = UNCHANGED
    errors: list[RowError] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # Old → new of each changed column (rows.Change), for the preview.
    changes: list = field(default_factory=list)
    new_places: list[str] = field(default_factory=list)

    def error(self, column, message):
        self.errors.append(RowError(column, str(message)))
        self.status = ERROR


@dataclass
class Plan:
    kind: str
    model: type
    filename: str = ""
    rows: list[RowResult] = field(default_factory=list)
    blank_rows: int = 0
    ignored_headers: list[str] = field(default_factory=list)
    new_places: list = field(default_factory=list)
    creates: list = field(default_factory=list)
    # Jurisdictions: creates split by level, so that a parent is saved before its children.
    create_groups: list = field(default_factory=list)
    sheet: str = ""
    updates: list = field(default_factory=list)
    update_fields: set = field(default_factory=set)
    # (object, source URL) pairs to link; the sources are created if missing.
    source_links: list = field(default_factory=list)
    # (activity, pairing) pairs to link.
    pairing_links: list = field(default_factory=list)
    # The ImportRecord once the plan is written by the import service.
    record: Any = None

    def counts(self):
        counts = {NEW: 0, UPDATED: 0, UNCHANGED: 0, ERROR: 0}
        for row in self.rows:
            counts[row.status] += 1
        counts["skipped"] = self.blank_rows
        counts["new_places"] = len(self.new_places)
        return counts

    @property
    def less_precise(self):
        """How many rows make a stored date less precise (the preview warns about them)."""
        return sum(1 for row in self.rows if any(change.less_precise for change in row.changes))

    @property
    def errors(self):
        return [(row.number, error) for row in self.rows for error in row.errors]

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)

    @property
    def has_changes(self):
        return bool(
            self.creates or self.updates or self.new_places or self.source_links or self.pairing_links
        )


class SheetRows:
    """How one sheet's rows are checked, in the three steps of django-import-export's import_data
    (registry.resources.SheetResource): `prepare` loads once what the rows are compared with
    (before_import), `check` plans one row (import_row), `finish` completes the plan
    (after_import). Nothing is written while checking: the plan is written at the end, all at once,
    and only when no row has an error."""

    # Column → the widget that reads its cells (registry.imports.widgets).
    widgets: dict = {}
    # The import's place index, made by `prepare`: every sheet names places.
    index: "PlaceIndex"

    def __init__(self, plan: "Plan", table, *, create_places: bool = False):
        self.plan = plan
        self.table = table
        self.create_places = create_places

    def set(self, obj, result, row, column, field=None, *, empty="", required=False):
        """Set `field` (default: the column's name) on `obj` from the row's cell in `column`, read
        by the column's widget; a cell the widget refuses becomes the row's error."""
        set_field(
            obj,
            result,
            row,
            column,
            field or column,
            self.widgets[column],
            empty=empty,
            required=required,
            epoch=self.table.epoch,
            index=self.index,
        )

    def cell(self, row, column):
        """KEEP, CLEAR or the value of the row's cell in `column` (raises the widget's ValueError)."""
        return read(row, column, self.widgets[column], epoch=self.table.epoch, index=self.index)

    def prepare(self) -> None:
        """Load what the rows will be compared with, in a few queries for the whole file."""

    def check(self, number: int, row: dict) -> "RowResult":
        """What the row numbered `number` in the file would do; adds it to the plan's writes."""
        raise NotImplementedError

    def finish(self) -> None:
        """Complete the plan once every row is checked."""


def record_import(plan: Plan, *, user, filename: str, publish: bool = False) -> ImportRecord:
    """Write a checked plan as one recorded import: the ImportRecord (who, when, file, counts)
    first, so that every history row the import writes names it; with `publish`, the new records
    are published at once."""
    counts = plan.counts()
    record = ImportRecord.objects.create(
        kind=plan.kind,
        filename=filename[:300],
        user=user,
        published=publish,
        **{name: counts[name] for name in ("new", "updated", "unchanged", "skipped", "new_places")},
    )
    apply(plan, user=user, reason=record.change_reason)
    if publish and plan.creates:
        created = [obj for obj in plan.creates if hasattr(obj, "is_published")]
        for obj in created:
            obj.is_published = True
        bulk_update_with_history(
            created,
            plan.model,
            ["is_published"],
            default_user=user,
            default_change_reason=record.change_reason,
        )
    return record


def apply(plan, *, user=None, reason=""):
    """Write the whole plan in one transaction, history rows in bulk; refuse a plan with errors."""
    if plan.has_errors:
        raise ValueError("a plan with errors is never written")
    history = {"default_user": user, "default_change_reason": reason[:100], "batch_size": BATCH}
    with recorded_import(plan, user=user, reason=reason), transaction.atomic():
        if plan.new_places:
            _create_places(plan.new_places, history)
        for group in plan.create_groups or [plan.creates]:
            if group:
                bulk_create_with_history(group, plan.model, **history)
        if plan.updates:
            fields = set(plan.update_fields)
            if hasattr(plan.model, "version"):
                # A staff member's admin form opened before this import is now out of date.
                for obj in plan.updates:
                    obj.version += 1
                fields.add("version")
            bulk_update_with_history(plan.updates, plan.model, sorted(fields), **history)
        _write_links(plan)
        # A record whose only change is a new link still gets its history record.
        written = {id(obj) for obj in (*plan.creates, *plan.updates)}
        linked = {id(obj): obj for obj, _other in (*plan.source_links, *plan.pairing_links)}
        only_linked = [obj for key, obj in linked.items() if key not in written]
        if only_linked:
            plan.model.history.bulk_history_create(only_linked, update=True, **history)
        # Every history row just written carries its record's links: a new record has only those
        # this import gave it, so only the new records linked here are looked at.
        linked_new = [obj for obj in plan.creates if id(obj) in linked]
        record_links(plan.model, [obj.pk for obj in (*linked_new, *plan.updates, *only_linked)])
        if plan.model is Pairing:
            # The "established" milestone follows the imported date, a typed end becomes an "ended"
            # milestone, and status and tier are derived from the milestones as everywhere else.
            refresh_lifecycle(
                [*plan.creates, *plan.updates],
                user=user,
                reason=reason,
                typed_ends=True,
                written=True,
                created={pairing.pk for pairing in plan.creates},
            )
        # Bulk writes send no signals: drop the cached public pages once the import is committed.
        invalidate_public_pages_on_commit()


def _create_places(places, history):
    """The places a file creates, parents first: a new district may sit under a city the same file
    creates."""
    for level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        group = [place for place in places if place.level == level]
        if group:
            bulk_create_with_history(group, Jurisdiction, **history)
    link_created_places(places)


def _write_links(plan):
    """The plan's new links: records to sources, activities to pairs."""
    if plan.source_links:
        _link_sources(plan)
    if plan.pairing_links:
        through = plan.model.pairings.through
        through.objects.bulk_create(
            [through(exchangeactivity_id=a.pk, pairing_id=p.pk) for a, p in plan.pairing_links],
            batch_size=BATCH,
            ignore_conflicts=True,
        )


def linked_sources(model, pks):
    """The (record pk, source URL) of the sources already linked to the `model` records `pks`."""
    through = model.sources.through
    record = f"{model._meta.model_name}_id"
    linked = set()
    for chunk in batches(sorted(pks)):
        linked |= set(through.objects.filter(**{f"{record}__in": chunk}).values_list(record, "source__url"))
    return linked


def _link_sources(plan):
    urls = {url for _obj, url in plan.source_links}
    known = dict(Source.objects.filter(url__in=urls).values_list("url", "pk"))
    missing = [Source(url=url) for url in sorted(urls - known.keys())]
    if missing:
        bulk_create_with_history(missing, Source, batch_size=BATCH)
        known.update(Source.objects.filter(url__in=[s.url for s in missing]).values_list("url", "pk"))
    field_name = plan.model._meta.model_name
    through = plan.model.sources.through
    through.objects.bulk_create(
        [through(**{f"{field_name}_id": obj.pk, "source_id": known[url]}) for obj, url in plan.source_links],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
