"""The statistics' summary (registry/summary.py) and the tables derived from the registry
(registry/derived_tables.py), derived by the worker as soon as a write commits, so that the
first visitor after a write reads them instead of waiting for the counts."""

import logging

from django_tasks_db.models import DBTaskResult

from .. import data_state, derived_tables, summary
from .compat import TaskResultStatus, task
from .workers import LOST_HANDLERS

logger = logging.getLogger(__name__)


@task()
def refresh_summary():
    """The task: the summary of the data as it is when the task runs (stored unless it was), and
    the derived tables brought up to date for it."""
    version = data_state.current()
    data = summary.current()
    derived_tables.rebuild(version)
    return {"pairs": data["headline"]["total"]}


def schedule_summary():
    """On commit of a write: queue the task, unless one is waiting to start (it will read the
    data as it is then). A failure must not turn a saved write into an error page: a request
    computes a missing summary itself."""
    try:
        waiting = DBTaskResult.objects.filter(
            task_path=refresh_summary.module_path, status=TaskResultStatus.READY
        )
        if not waiting.exists():
            refresh_summary.enqueue()
    except Exception:
        logger.warning("Could not schedule the summary of the statistics", exc_info=True)


# A task whose worker was killed is queued again (it is idempotent).
LOST_HANDLERS[refresh_summary.module_path] = refresh_summary.enqueue
