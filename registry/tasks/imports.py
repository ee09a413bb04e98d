"""Imports as tasks: a file with more than REGISTRY_IMPORT_BACKGROUND_ROWS rows, and every XLSX, is
previewed and confirmed by a task on the worker instead of inside a web request.

The upload waits in import-export's temporary storage (registry.imports.uploads) as for an import
in the request. `preview_import` runs the import service as a dry run and keeps the checked rows
beside the upload for the admin's preview page; `confirm_import` runs the same service on the same
upload and writes it, in its one transaction: a worker killed mid-import writes nothing, and the
task ends failed (registry.tasks.workers). Progress (rows read, checked, written) is reported from
a thread of its own: the import's transaction is not committed until the end, and progress written
inside it would not be seen."""

import logging
import pickle
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from ..imports import uploads
from ..imports.service import import_sheet
from . import progress
from .compat import TaskContext, TaskResultStatus, task
from .models import TaskProgress

logger = logging.getLogger(__name__)

KIND = "import"
REPORT_SECONDS = 0.5


class ImportFailed(Exception):
    """The import could not be done; its message says why and what to do."""


def runs_in_background(filename: str, data: bytes) -> bool:
    """Every XLSX (a zip), and a text file with more lines than REGISTRY_IMPORT_BACKGROUND_ROWS."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return True
    return data.count(b"\n") > settings.REGISTRY_IMPORT_BACKGROUND_ROWS


def enqueue(task_function, *, user, **kwargs):
    """Queue an import task for `user` (None: the command line), recording whose it is; the worker
    sees neither before both are committed."""
    with transaction.atomic():
        result = task_function.enqueue(user_id=user.pk if user else None, **kwargs)
        TaskProgress.objects.create(task_id=result.id, kind=KIND, user=user)
    return result


def preview_task(token):
    """The latest preview task of an upload, or None if it was previewed in the request."""
    return (
        DBTaskResult.objects.filter(task_path=preview_import.module_path, args_kwargs__kwargs__token=token)
        .order_by("-enqueued_at")
        .first()
    )


def cancel(token):
    """Drop a preview that has not started (a running one finishes, unseen) and the upload."""
    waiting = DBTaskResult.objects.filter(
        task_path=preview_import.module_path,
        args_kwargs__kwargs__token=token,
        status=TaskResultStatus.READY,
    )
    with transaction.atomic():
        ids = list(waiting.select_for_update(skip_locked=True).values_list("id", flat=True))
        TaskProgress.objects.filter(task_id__in=ids).delete()
        DBTaskResult.objects.filter(id__in=ids).delete()
    uploads.discard(token)
    uploads.discard_extras(token)


def retry(result):
    """Queue a failed import task again, with the same upload, for the same person."""
    owner = TaskProgress.objects.filter(task_id=result.id).select_related("user").first()
    kwargs = dict(result.args_kwargs["kwargs"])
    kwargs.pop("user_id")
    return enqueue(task_named(result.task_path), user=owner.user if owner else None, **kwargs)


def task_named(task_path):
    """The import task function stored under `task_path`."""
    return {preview_import.module_path: preview_import, confirm_import.module_path: confirm_import}[task_path]


def next_url(result):
    """Where the progress page goes once the task has succeeded: the preview, or the import."""
    if result.task_path == preview_import.module_path:
        return _sheet_url(result, "import_preview", token=True)
    record = (result.return_value or {}).get("record")
    if record:
        return reverse("admin:registry_importrecord_change", args=[record])
    return _sheet_url(result, "changelist")


def _sheet_url(result, view, token=False):
    """The admin page `view` of the sheet an import task reads (of its upload, with `token`)."""
    from ..resources import sheet_for

    kwargs = result.args_kwargs["kwargs"]
    model = sheet_for(kwargs["kind"]).model()._meta.model_name
    return reverse(f"admin:registry_{model}_{view}", args=[kwargs["token"]] if token else [])


def cancel_url(result):
    """Where a preview not yet finished is cancelled; None for other tasks."""
    if result.task_path != preview_import.module_path:
        return None
    return _sheet_url(result, "import_cancel", token=True)


class Reporter:
    """`progress(stage, done, total)` for the import service: writes at most every REPORT_SECONDS,
    and the last stage always, from a short-lived thread (its own database connection) so that
    it is seen while the import's transaction is still open. Written in that transaction instead
    (seen only at its end) on SQLite, where the import holds the one write lock, and inside a
    transaction that was already open (a test's): a second connection would wait on them."""

    def __init__(self, task_id):
        self.task_id = task_id
        self.last = 0.0
        self.separate = connection.vendor == "postgresql" and not connection.in_atomic_block

    def __call__(self, stage, done, total):
        now = time.monotonic()
        if done < total and now - self.last < REPORT_SECONDS:
            return
        self.last = now
        if not self.separate:
            progress.report(self.task_id, stage=stage, done=done, total=total)
            return
        writer = threading.Thread(target=self._write, args=(stage, done, total))
        writer.start()
        writer.join()

    def _write(self, stage, done, total):
        try:
            progress.report(self.task_id, stage=stage, done=done, total=total)
        except Exception:  # progress is shown on a best-effort basis; the import goes on
            logger.warning("Could not report an import's progress", exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only


def run(context, *, token, kind, user_id, dry_run, publish=False):
    """Check (dry run) or write the upload `token` through the import service."""
    payload = uploads.load(token, kind=kind, user_id=user_id)
    if payload is None:
        raise ImportFailed(
            _("The uploaded file is no longer available (uploads are kept for an hour). Upload it again.")
        )
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    from ..resources import sheet_for

    table = uploads.load_extra(token, "table")
    if table is None:  # parsed once: a confirm, or a retry, reads the rows the preview parsed
        table = sheet_for(kind).read(payload["filename"], payload["data"])
        uploads.keep_extra(token, "table", table)
    plan = import_sheet(
        sheet=kind,
        data=table,
        filename=payload["filename"],
        user=user,
        dry_run=dry_run,
        create_places=payload["create_places"],
        progress=Reporter(context.task_result.id),
        publish=publish,
    )
    counts = plan.counts()
    if dry_run:
        uploads.keep_extra(token, "preview", StoredPreview(plan, task_id=str(context.task_result.id)))
        return {"filename": plan.filename or payload["filename"], "counts": counts}
    if plan.has_errors:
        raise ImportFailed(
            _("%(count)s row(s) with errors: nothing was written. Correct them and upload the file again.")
            % {"count": counts["error"]}
        )
    uploads.discard(token)
    uploads.discard_extras(token)
    return {
        "filename": payload["filename"],
        "counts": counts,
        "record": plan.record.pk if plan.record else None,
    }


class StoredPreview:
    """What the preview page shows of a checked plan, kept beside the upload: its counts, the first
    errors, and its rows pickled page by page, so that a page of a 50,000-row preview unpickles
    one page of rows, not all of them."""

    PAGE = 100  # the preview page's (registry.admin_spreadsheets.ROWS_PER_PAGE)
    ERRORS = 500

    def __init__(self, plan, *, task_id):
        self.task_id = task_id
        self.filename = plan.filename
        self.ignored_headers = plan.ignored_headers
        self.sheet = plan.sheet
        self.less_precise = plan.less_precise
        self._counts = plan.counts()
        errors = plan.errors
        self.errors = errors[: self.ERRORS]
        self.error_count = len(errors)
        self.rows = PickledRows(plan.rows, self.PAGE)

    def counts(self):
        return dict(self._counts)


class PickledRows:
    """A sequence of rows stored as one pickle per `size` rows; slicing unpickles only the pages it
    spans (the Paginator takes len() and one slice)."""

    def __init__(self, rows, size):
        self.size = size
        self.count = len(rows)
        self.pages = [pickle.dumps(rows[start : start + size]) for start in range(0, len(rows), size)]

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.count)
        rows = []
        for page in range(start // self.size, (stop - 1) // self.size + 1 if stop > start else 0):
            rows += pickle.loads(self.pages[page])
        first = (start // self.size) * self.size
        return rows[start - first : stop - first]


def summary(result):
    """The outcome of a finished import task in words, for the task list and progress page."""
    value = result.return_value or {}
    counts = value.get("counts")
    if result.status != TaskResultStatus.SUCCESSFUL or not counts:
        return ""
    if result.task_path == preview_import.module_path:
        text = _("Checked: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(error)s with errors.")
    else:
        text = _(
            "%(filename)s imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(skipped)s blank rows skipped, %(new_places)s places created."
        )
    return text % {"filename": value.get("filename", ""), **counts}


@task(takes_context=True)
def preview_import(context: TaskContext, *, token: str, kind: str, user_id: int | None):
    """Check an uploaded file, writing nothing; its preview is kept beside the upload."""
    return run(context, token=token, kind=kind, user_id=user_id, dry_run=True)


@task(takes_context=True)
def confirm_import(
    context: TaskContext, *, token: str, kind: str, user_id: int | None, publish: bool = False
):
    """Check the uploaded file again and write it, all rows or none, as one recorded import."""
    return run(context, token=token, kind=kind, user_id=user_id, dry_run=False, publish=publish)
