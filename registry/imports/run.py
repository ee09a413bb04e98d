"""One entry point for the admin, the command and the benchmark: plan a file, then apply it."""

from .activities import plan_activities
from .columns import TEMPLATES
from .jurisdictions import plan_jurisdictions
from .pairings import plan_pairings
from .plan import apply
from .reading import read_table

PLANNERS = {"jurisdictions": plan_jurisdictions, "pairings": plan_pairings, "activities": plan_activities}
KINDS = tuple(PLANNERS)


def plan_file(kind, filename, data, *, create_places=False):
    """The Plan for a file; raises FileError if the file is refused as a whole. Writes nothing."""
    table = read_table(filename, data, TEMPLATES[kind])
    plan = PLANNERS[kind](table, create_places=create_places, filename=filename)
    plan.sheet = table.sheet
    return plan


def import_file(kind, filename, data, *, create_places=False, user=None):
    """Plan and, if no row has an error, write: all rows or none. Returns the Plan."""
    plan = plan_file(kind, filename, data, create_places=create_places)
    if not plan.has_errors:
        apply(plan, user=user, reason=f"import {kind}: {filename}")
    return plan
