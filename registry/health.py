"""Liveness and readiness for a load balancer or an orchestrator (django-health-check).

- /health/live answers 200 as long as the process serves requests: it touches nothing (no database,
  no cache), so a database outage never makes a supervisor restart healthy web processes.
- /health/ready answers 200 when this process can serve the registry: the database answers, the
  cache stores and reads, the disk for uploads has room, and no migration is pending; else 503.

Both are outside the page cache (PAGE_CACHE_EXCLUDED_PATHS) and outside the language prefix, are
never cached by a client, and do bounded work: one `SELECT 1`, one cache round trip, one statvfs,
and one read of the migrations table (the migration graph on disk is read once per process).
"""

import dataclasses
import datetime
import shutil
import tempfile
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class UploadDiskSpace(HealthCheck):
    """Uploaded spreadsheets are spooled to the temporary directory while they are read: fail when
    its disk has less free space than HEALTH_MIN_FREE_BYTES."""

    timeout = datetime.timedelta(seconds=2)

    def run(self):
        path = settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()
        free = shutil.disk_usage(path).free
        if free < settings.HEALTH_MIN_FREE_BYTES:
            raise ServiceUnavailable(f"{free // 2**20} MiB free for uploads")


@cache
def _migrations_on_disk():
    """Every migration of the code: it does not change while a process runs."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


@dataclasses.dataclass
class PendingMigrations(HealthCheck):
    """Fail while the code expects migrations the database has not had (deploy: migrate first)."""

    alias: str = DEFAULT_DB_ALIAS
    timeout = datetime.timedelta(seconds=5)

    def run(self):
        connection = connections[self.alias]
        try:
            applied = MigrationRecorder(connection).applied_migrations()
        except DatabaseError as error:
            # The Database check says why; this one only says it could not look.
            raise ServiceUnavailable("migrations table unreadable") from error
        finally:
            connection.close()  # this check runs in a worker thread: leave no connection behind
        pending = _migrations_on_disk() - applied.keys()
        if pending:
            raise ServiceUnavailable(f"{len(pending)} migrations not applied")


# The task worker is not among them: a web process serves every page without it, and taking the
# process out of rotation would not bring a worker back. Its state is watched through /metrics
# (registry_task_workers, registry_tasks by status; registry.operations).
READINESS_CHECKS = (
    "health_check.checks.Database",
    "health_check.checks.Cache",
    UploadDiskSpace,
    PendingMigrations,
)


class ReadinessView(HealthCheckView):
    """503, not django-health-check's 500, when a check fails: "not ready", for load balancers."""

    checks = READINESS_CHECKS

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


class LivenessView(HealthCheckView):
    checks = ()
