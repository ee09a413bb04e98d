"""The task worker: django-tasks-db's `db_worker`, plus a heartbeat, so that the admin can tell
staff when no worker runs and a task whose worker was killed is marked failed, and a time limit
(TASK_TIME_LIMIT) on each task it runs (registry/tasks/workers.py)."""

from django_tasks_db.management.commands import db_worker

from registry.tasks import opendata  # noqa: F401  (registers what to do when a build is lost)
from registry.tasks.workers import Heartbeat, TimeLimitedWorker, fail_lost_tasks


class Command(db_worker.Command):
    help = "Run the background task worker (with a heartbeat); stop it with Ctrl-C or SIGTERM."

    def handle(self, *args, **options):
        # The heartbeat must come from the process that runs the tasks: no autoreloader parent.
        options["reload"] = False
        fail_lost_tasks()  # tasks left RUNNING by a worker that died before this one started
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        # db_worker's command runs its tasks with `db_worker.Worker`, in this (the main) thread:
        # have it use the one that stops a task past its time limit.
        plain, db_worker.Worker = db_worker.Worker, TimeLimitedWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = plain
            heartbeat.stopped.set()
