"""The one import service, called by the admin, its tasks, `manage.py import_registry` and the
benchmark: read a file in a sheet's columns and hand its rows to the sheet's Resource's
`import_data` (registry.resources), which checks every row and, unless it is a dry run or a row
has an error, writes all rows at once as one recorded import.

    plan = import_sheet(sheet="pairings", data=body, filename="pairs.csv", user=request.user)
    plan.counts(), plan.errors, plan.record  # the ImportRecord, when written

A file refused as a whole (too large, not a spreadsheet, no known column) raises FileError;
nothing is written then either.
"""

from collections.abc import Callable

from .plan import Plan
from .reading import Table

# The stages `progress` is told about (registry.resources), each with (rows done, rows in the file).
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
    `sheet` ("pairings", see registry.resources.SHEETS), checked by the sheet's Resource's
    import_data. Unless `dry_run` or a row has an error, the plan is written in that transaction,
    after any other import's, with an ImportRecord (`plan.record`; None if nothing changed) naming
    `user` (None: the command line); `publish` publishes the new records.
    `progress(stage, done, total)` is told how far reading, checking and writing have got."""
    from registry.resources import sheet_for  # imported here: the Resources import the stage names

    resource = sheet_for(sheet)()
    table = data if isinstance(data, Table) else resource.read(filename, data)
    total = len(table.rows)
    if progress:
        progress(READ, total, total)
    result = resource.import_data(
        table.dataset(),
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        table=table,
        filename=filename,
        user=user,
        create_places=create_places,
        publish=publish,
        progress=progress,
    )
    plan = result.plan
    if progress and plan.record is None:
        # Told after import_data's transaction: progress told inside it (on SQLite, where a second
        # connection would wait for the import) is rolled back with a dry run or a file with
        # errors. An import that writes tells both in its transaction (after_import).
        progress(CHECKED, total, total)
    return plan
