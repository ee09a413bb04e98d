"""How far a task has got, and its state in words, for the progress endpoint, page and admin."""

import re

from django.utils.translation import gettext as _

from .compat import TaskResultStatus
from .models import TaskProgress
from .workers import TaskTimeLimitExceeded, waiting_for_worker

TIME_LIMIT = f"{TaskTimeLimitExceeded.__module__}.{TaskTimeLimitExceeded.__qualname__}"


def report(task_id, *, stage="", done=0, total=None):
    """Called by a running task: overwrite its progress (one small UPDATE or INSERT)."""
    TaskProgress.objects.update_or_create(
        task_id=task_id, defaults={"stage": stage, "done": done, "total": total}
    )


def state(result):
    """One of running, waiting, waiting_for_worker, succeeded, failed; for the page and the admin.
    A result annotated with `worker_alive` (the admin's list) needs no query."""
    if result.status == TaskResultStatus.READY:
        alive = getattr(result, "worker_alive", None)
        return "waiting_for_worker" if waiting_for_worker(result, alive) else "waiting"
    return {
        TaskResultStatus.RUNNING: "running",
        TaskResultStatus.SUCCESSFUL: "succeeded",
        TaskResultStatus.FAILED: "failed",
    }[result.status]


def describe(state_name):
    return {
        "waiting": _("Waiting to start."),
        "waiting_for_worker": _(
            "Waiting for a worker: no task worker is running, so nothing has started. Start one "
            "(manage.py run_worker, or systemctl start registry-worker); the task runs when it does."
        ),
        "running": _("Running."),
        "succeeded": _("Finished."),
        "failed": _("Failed: nothing was written. Try again."),
    }[state_name]


def failure_reason(result):
    """The exception's last line ("WorkerLost: worker … stopped"), without the traceback or the
    exception's module; a task stopped at its time limit, in the reader's language."""
    if result.status != TaskResultStatus.FAILED or not result.traceback:
        return ""
    line = result.traceback.strip().splitlines()[-1]
    limit = re.search(r"time limit of ([\d.]+) s$", line)
    if result.exception_class_path == TIME_LIMIT and limit:
        return _("Stopped: the task ran past its time limit (%(seconds)s s).") % {"seconds": limit[1]}
    name, colon, message = line.partition(": ")
    return f"{name.rsplit('.', 1)[-1]}{colon}{message}" if " " not in name else line


def as_json(result, progress):
    name = state(result)
    return {
        "id": str(result.id),
        "state": name,
        "message": describe(name),
        "reason": failure_reason(result),
        "stage": progress.stage if progress else "",
        "done": progress.done if progress else 0,
        "total": progress.total if progress else None,
        "finished": name in ("succeeded", "failed"),
        "enqueued_at": result.enqueued_at.isoformat(),
        "finished_at": result.finished_at.isoformat() if result.finished_at else None,
    }
