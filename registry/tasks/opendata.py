"""The whole-registry downloads (pairings, places and activities as CSV, XLSX and JSON, and the
pairs as GeoJSON), built by a task after writes and served as files; no request builds them.

Each write to the registry schedules a build when it commits (`schedule_build`), `DEBOUNCE`
seconds later, unless one is already waiting: a burst of writes is built once. Each file is
written to a temporary file in the same directory and renamed over the old one (an atomic
replace), so a reader, or a worker killed mid-build, never leaves a half-written download: the
previous file stays until the new one is complete."""

import json
import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ..exports import FORMATS
from ..opendata import write_geojson
from ..resources import DOWNLOADS
from . import progress
from .compat import TaskContext, TaskResultStatus, task
from .workers import LOST_HANDLERS

logger = logging.getLogger(__name__)

GEOJSON = "sister-pairs.geojson"
MANIFEST = "manifest.json"
# file name -> how to write it to a binary file object
FILES = {
    **{
        f"{name}.{fmt}": (
            lambda out, sheet=sheet, fmt=fmt: sheet.write_export(
                out, sheet.model().objects.public(), fmt, public=True
            )
        )
        for name, sheet in DOWNLOADS.items()
        for fmt in FORMATS
    },
    GEOJSON: write_geojson,
}
CONTENT_TYPES = {
    "csv": FORMATS["csv"],
    "xlsx": FORMATS["xlsx"],
    "json": FORMATS["json"],
    "geojson": "application/geo+json",
}


def directory():
    return Path(settings.OPENDATA_DIR)


def path(name):
    """The served file `name` (one of FILES), or None when none has been built yet."""
    if name not in FILES:
        raise KeyError(name)
    candidate = directory() / name
    return candidate if candidate.exists() else None


def write_atomically(target, write):
    """Write `target` through `write(binary file)`, then rename it into place: readers see the old
    file or the complete new one, never a part. A failure leaves the old file and no temporary."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers():
    """Temporary files of a build whose worker was killed (no `except` ran): never served, removed."""
    for leftover in directory().glob(".*.part"):
        leftover.unlink(missing_ok=True)


def build(task_id=None):
    """Write every download, one after another, each atomically; then the manifest (when and how
    big). Returns the manifest."""
    directory().mkdir(parents=True, exist_ok=True)
    remove_leftovers()
    started = timezone.now()
    files = {}
    for index, name in enumerate(FILES):
        if task_id:
            progress.report(task_id, stage=name, done=index, total=len(FILES))
        write_atomically(directory() / name, FILES[name])
        files[name] = (directory() / name).stat().st_size
    manifest = {"started_at": started.isoformat(), "finished_at": timezone.now().isoformat(), "files": files}
    write_atomically(directory() / MANIFEST, lambda out: out.write(json.dumps(manifest, indent=1).encode()))
    if task_id:
        progress.report(task_id, stage="", done=len(FILES), total=len(FILES))
    return manifest


def manifest():
    try:
        return json.loads((directory() / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return None


@task(takes_context=True)
def build_open_data(context: TaskContext):
    """The task: rebuild every whole-registry download."""
    result = build(task_id=context.task_result.id)
    return {"files": len(result["files"]), "finished_at": result["finished_at"]}


def waiting_build():
    return DBTaskResult.objects.filter(task_path=build_open_data.module_path, status=TaskResultStatus.READY)


def enqueue_build(delay=None):
    """Queue a build `delay` seconds from now (default OPENDATA_DEBOUNCE_SECONDS), unless one is
    already waiting to start: it will read the data as it is when it starts. (Two writers racing
    may each queue one; the second build is then merely redundant.)"""
    if waiting_build().exists():
        return None
    delay = settings.OPENDATA_DEBOUNCE_SECONDS if delay is None else delay
    return build_open_data.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()


def schedule_build():
    """On commit of a write: queue a build. A failure here (the database went away just after the
    commit) must not turn a saved write into an error page: the next write schedules one."""
    try:
        enqueue_build()
    except Exception:
        logger.warning("Could not schedule the open-data build", exc_info=True)


def ensure_built():
    """When no download exists yet (a new installation), queue a build now."""
    if manifest() is None and not waiting_build().exists():
        enqueue_build(delay=0)


# A build whose worker was killed is queued again (it is idempotent).
LOST_HANDLERS[build_open_data.module_path] = lambda: enqueue_build(delay=0)
