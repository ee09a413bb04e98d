"""The one import service, called by the admin, `manage.py import_registry`, the Resources'
`import_data` and the benchmark: read a file in a sheet's columns, check every row, and unless
it is a dry run or a row has an error, write all rows at once as one recorded import.

    plan = import_sheet(sheet="pairings", data=body, filename="pairs.csv", user=request.user)
    plan.counts(), plan.errors, plan.record  # the ImportRecord, when written

A file refused as a whole (too large, not a spreadsheet, no known column) raises FileError;
nothing is written then either.
"""

from collections.abc import Callable

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from registry.models import ImportRecord

from .locking import lock_imports
from .plan import Plan, apply
from .reading import Table

# The stages `progress` is told about, each with (rows done, rows in the file).
READ, CHECKED, WRITTEN = "read", "checked", "written"
Progress = Callable[[str, int, int], None]


def import_sheet(
    *,
    sheet: str,
    data: bytes | Table,
    filename: str,
    user=None,
    dry_run: bool = False,
    create_places: bool = False,
    progress: Progress | None = None,
    publish: bool = False,
) -> Plan:
    """The Plan of `data` (a file's bytes, or a Table already read from it) in the columns of
    `sheet` ("pairings", see registry.resources.SHEETS). Unless `dry_run` or a row has an error,
    the plan is written in one transaction, after any other import's, with an ImportRecord
    (`plan.record`; None if nothing changed) naming `user` (None: the command line); `publish`
    publishes the new records.
    `progress(stage, done, total)` is told how far reading, checking and writing have got."""
    from registry.resources import sheet_for  # the Resources call this service in turn

    resource = sheet_for(sheet)
    with transaction.atomic():
        if not dry_run:
            # Before planning: a second import confirmed at once plans against what this one wrote.
            lock_imports()
        table = data if isinstance(data, Table) else resource.read(filename, data)
        total = len(table.rows)
        if progress:
            progress(READ, total, total)
        checked = (lambda done, total: progress(CHECKED, done, total)) if progress else None
        plan = resource.plan(table, filename=filename, create_places=create_places, progress=checked)
        # A file that changes nothing writes nothing, not even a record in the import log.
        if not dry_run and not plan.has_errors and plan.has_changes:
            plan.record = record_import(plan, user=user, filename=filename, publish=publish)
            if progress:
                progress(WRITTEN, total, total)
    return plan


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
