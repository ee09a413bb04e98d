"""Which workers are alive, and what becomes of a task whose worker is gone.

The queue (django-tasks-db) marks a task RUNNING when a worker claims it and FAILED or SUCCESSFUL
when the worker finishes it. A worker killed outright (kill -9, the host lost) never finishes it:
without this module the task would stay RUNNING for ever. Each `run_worker` process beats
(`Heartbeat`) every TASK_HEARTBEAT_SECONDS; a RUNNING task whose worker has not been seen for
TASK_WORKER_LOST_SECONDS is marked failed with `WorkerLost` (`fail_lost_tasks`, run by every worker
as it beats), and the open-data build is queued again.

A task that runs longer than TASK_TIME_LIMIT seconds is stopped the same way from inside: the
worker (`TimeLimitedWorker`, run by `run_worker`) raises `TaskTimeLimitExceeded` in the task, which
rolls back the import's transaction (or removes the build's temporary file) on its way out, and
django-tasks-db records the task as failed."""

import logging
import os
import signal
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .compat import TaskResultStatus
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running the task stopped without finishing it (killed, or its host lost)."""


class TaskTimeLimitExceeded(BaseException):
    """The task ran past TASK_TIME_LIMIT and was stopped. A BaseException, like KeyboardInterrupt,
    so that no `except Exception` in the task swallows it."""

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self):
        return f"ran past its time limit of {self.seconds:g} s"


@contextmanager
def time_limit(seconds):
    """Raise TaskTimeLimitExceeded in the block once `seconds` have passed (0 or None: no limit).
    A POSIX interval timer and SIGALRM: only in the main thread, where run_worker runs its tasks.
    The exception arrives between two Python instructions, or interrupts a wait (a sleep, a
    database query: the import's rollback then fails and Django drops the connection, which
    PostgreSQL rolls back all the same)."""
    if not seconds:
        yield
        return

    def expired(signum, frame):
        raise TaskTimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class TimeLimitedWorker(Worker):
    """django-tasks-db's worker, each task run under `time_limit(TASK_TIME_LIMIT)`: a task past
    its limit raises TaskTimeLimitExceeded, and the worker marks it failed with that exception
    (its traceback), as it does any task that raises."""

    def run_task(self, db_task_result):
        try:
            with time_limit(settings.TASK_TIME_LIMIT):
                super().run_task(db_task_result)
        except TaskTimeLimitExceeded as exceeded:
            # The limit struck just as the task ended, while its outcome was being recorded.
            db_task_result.refresh_from_db(fields=["status"])
            if db_task_result.status == TaskResultStatus.RUNNING:
                db_task_result.set_failed(exceeded)
            logger.warning("Task %s reached its time limit as it ended", db_task_result.id)


def live_workers():
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_WORKER_LOST_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=cutoff)


def beat(worker_id):
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(), "seen_at": timezone.now()},
    )


def fail_lost_tasks():
    """Mark failed every RUNNING task whose last worker is no longer alive; returns them. Each
    task's own `on_lost` hook (if it has one: the open-data build queues itself again) runs after."""
    alive = set(live_workers().values_list("worker_id", flat=True))
    lost = []
    with transaction.atomic():
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            error = WorkerLost(f"worker {result.worker_ids[-1] if result.worker_ids else '?'} stopped")
            result.set_failed(error)
            lost.append(result)
    for result in lost:
        logger.warning("Task %s (%s) failed: its worker stopped", result.id, result.task_path)
        on_lost = LOST_HANDLERS.get(result.task_path)
        if on_lost:
            on_lost()
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()
    return lost


# task path -> what to do when a task of that kind was lost (filled in by the task modules).
LOST_HANDLERS = {}


class Heartbeat(threading.Thread):
    """Beats for one worker from a thread beside its task loop (so a long task still beats), and
    fails the tasks of workers that stopped beating. It dies with the process."""

    def __init__(self, worker_id):
        super().__init__(name="task-worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                beat(self.worker_id)
                fail_lost_tasks()
            except Exception:  # the database is away: try again at the next beat
                logger.warning("Task worker heartbeat failed", exc_info=True)
            finally:
                close_old_connections()
            self.stopped.wait(settings.TASK_HEARTBEAT_SECONDS)
        connection.close()


def waiting_for_worker(result, alive=None):
    """True when a READY task could have been picked up by now but no worker is alive to do it.
    `alive`: whether any worker is, when the caller knows (a list asks once, not per row)."""
    if result.status != TaskResultStatus.READY:
        return False
    due = result.enqueued_at if result.run_after.year == 9999 else max(result.enqueued_at, result.run_after)
    if timezone.now() - due <= timedelta(seconds=settings.TASK_WAITING_SECONDS):
        return False
    return not (live_workers().exists() if alive is None else alive)
