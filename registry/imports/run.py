"""One entry point for the admin, the command and the benchmark: plan a file, then apply it."""

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .activities import plan_activities
from .columns import TEMPLATES
from .jurisdictions import plan_jurisdictions
from .locking import lock_imports
from .pairings import plan_pairings
from .plan import apply
from .reading import read_table

PLANNERS = {"jurisdictions": plan_jurisdictions, "pairings": plan_pairings, "activities": plan_activities}
KINDS = tuple(PLANNERS)


def plan_file(kind, filename, data, *, create_places=False, progress=None):
    """The Plan for a file; raises FileError if the file is refused as a whole. Writes nothing.
    `progress(done, total)` is told how far the row checks have got."""
    table = read_table(filename, data, TEMPLATES[kind])
    return plan_table(kind, table, filename=filename, create_places=create_places, progress=progress)


def plan_table(kind, table, *, filename="", create_places=False, progress=None):
    """The Plan for a Table already read."""
    plan = PLANNERS[kind](table, create_places=create_places, filename=filename, progress=progress)
    plan.sheet = table.sheet
    results = {row.number: row for row in plan.rows}
    for number, column in table.unsaved_formulas:
        results[number].error(
            column,
            _(
                "This cell is a formula whose value was never saved: open the file in Excel and save it "
                "again, or paste the values."
            ),
        )
    for number, column, character in table.control_characters:
        results[number].error(
            column,
            _("This cell contains the control character U+%(code)04X: remove it.") % {"code": ord(character)},
        )
    name_columns_as_written(plan, table)
    return plan


def name_columns_as_written(plan, table):
    """Errors name a column as the file's header row writes it (甲方城市, not side_a_city); a column
    the file lacks by the template's header in the page's language."""
    written = getattr(table, "headers", {})  # absent from tables kept by an older version
    chinese = (get_language() or "").startswith("zh")
    template = {column.name: column.zh if chinese else column.name for column in TEMPLATES[plan.kind]}
    for row in plan.rows:
        for error in row.errors:
            error.column = written.get(error.column) or template.get(error.column, error.column)


def import_file(kind, filename, data, *, create_places=False, user=None):
    """Plan and, if no row has an error, write: all rows or none. Returns the Plan."""
    with transaction.atomic():
        lock_imports()
        plan = plan_file(kind, filename, data, create_places=create_places)
        if not plan.has_errors:
            apply(plan, user=user, reason=f"import {kind}: {filename}")
    return plan
