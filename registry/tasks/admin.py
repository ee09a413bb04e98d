"""The task list in the admin (running, waiting, finished with its outcome), a progress page for
one task that polls a small JSON endpoint (registry/static/registry/task_progress.js: no inline
script, the CSP stays strict), and who may see what: every staff member sees the open-data
builds; import tasks only staff who may import, and only their own unless they are administrators
(may delete records) or superusers."""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from ..roles import IMPORTABLE_MODELS
from . import imports, progress
from .compat import TaskResultStatus
from .models import TaskProgress
from .workers import live_workers

# Tasks under this module path are imports (registry/tasks/imports.py); they show whose file it is.
IMPORT_TASKS = "registry.tasks.imports."
TASK_NAMES = {
    "registry.tasks.opendata.build_open_data": _("Rebuild the open-data downloads"),
    "registry.tasks.summary.refresh_summary": _("Update the statistics and the list filters"),
    "registry.tasks.imports.preview_import": _("Check an uploaded file (preview)"),
    "registry.tasks.imports.confirm_import": _("Import an uploaded file"),
}


def may_import(user):
    return any(user.has_perm(f"registry.import_{model}") for model in IMPORTABLE_MODELS)


def sees_every_import(user):
    return user.is_superuser or user.has_perm("registry.delete_pairing")  # the administrator role


def visible_tasks(user):
    """The task results `user` may see."""
    tasks = DBTaskResult.objects.all()
    if not may_import(user):
        return tasks.exclude(task_path__startswith=IMPORT_TASKS)
    if sees_every_import(user):
        return tasks
    own = TaskProgress.objects.filter(user=user).values("task_id")
    return tasks.filter(~Q(task_path__startswith=IMPORT_TASKS) | Q(id__in=own))


# The queue's names, fixed in English by django-tasks-db, in the admin's language; the status labels
# django-tasks marks for translation ship no Chinese: listed so that makemessages keeps them.
apps.get_app_config(DBTaskResult._meta.app_label).verbose_name = _("Background tasks")
DBTaskResult._meta.verbose_name = _("task")
DBTaskResult._meta.verbose_name_plural = _("tasks")
STATUS_LABELS = [
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]
# The queue's column the task list shows and no code of the project names (its other columns'
# labels, "started at" and "finished at", are the project's own messages too).
COLUMN_LABELS = [gettext_noop("enqueued at")]

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("task_label", "outcome", "progress_text", "enqueued_at", "started_at", "finished_at")
    list_display_links = ("task_label",)
    list_filter = ("status",)
    list_per_page = 50

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_queryset(self, request):
        record = TaskProgress.objects.filter(task_id=OuterRef("pk"))
        return visible_tasks(request.user).annotate(
            progress_done=Subquery(record.values("done")),
            progress_total=Subquery(record.values("total")),
            worker_alive=Exists(live_workers()),
        )

    def changelist_view(self, request, extra_context=None):
        # Staff must never wait on a silent list: say when work is queued and no worker runs.
        waiting = self.get_queryset(request).filter(status="READY")
        if waiting.exists() and not live_workers().exists():
            messages.warning(request, progress.describe("waiting_for_worker"))
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("task"))
    def task_label(self, obj):
        return TASK_NAMES.get(obj.task_path, obj.task_path.rsplit(".", 1)[-1])

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        name = progress.state(obj)
        reason = progress.failure_reason(obj)
        outcome = imports.summary(obj) if obj.task_path.startswith(IMPORT_TASKS) else ""
        return f"{progress.describe(name)} {reason} {outcome}".strip()

    @admin.display(description=_("progress"))
    def progress_text(self, obj):
        if obj.progress_total is None:
            return "—"
        return f"{obj.progress_done} / {obj.progress_total}"

    def get_urls(self):
        return [
            path(
                "<uuid:task_id>/progress.json",
                self.admin_site.admin_view(self.progress_json),
                name="django_tasks_database_dbtaskresult_progress_json",
            ),
            path(
                "<uuid:task_id>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="django_tasks_database_dbtaskresult_retry",
            ),
            *super().get_urls(),
        ]

    def _visible(self, request, task_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(visible_tasks(request.user), pk=task_id)

    def progress_json(self, request, task_id):
        result = self._visible(request, task_id)
        return JsonResponse(self._status(result))

    def _status(self, result):
        """The progress endpoint's answer; for an import also its outcome in words and, once it
        has succeeded, the page to open (its preview, or the import written)."""
        status = progress.as_json(result, TaskProgress.objects.filter(task_id=result.id).first())
        if result.task_path.startswith(IMPORT_TASKS):
            status["summary"] = imports.summary(result)
            if status["state"] == "succeeded":
                status["next"] = imports.next_url(result)
        return status

    def retry_view(self, request, task_id):
        """Queue a failed import again (same upload, same owner) and show the new task."""
        result = self._visible(request, task_id)
        if (
            request.method != "POST"
            or not result.task_path.startswith(IMPORT_TASKS)
            or result.status != TaskResultStatus.FAILED
        ):
            return redirect("admin:django_tasks_database_dbtaskresult_change", result.pk)
        retried = imports.retry(result)
        return redirect("admin:django_tasks_database_dbtaskresult_change", retried.id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The task's page is its progress page: it updates itself until the task has finished."""
        result = self._visible(request, object_id)
        status = self._status(result)
        is_import = result.task_path.startswith(IMPORT_TASKS)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Task: %(name)s") % {"name": self.task_label(result)},
            "result": result,
            "status": status,
            "is_import": is_import,
            "cancel_url": imports.cancel_url(result) if is_import and not status["finished"] else None,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/registry/task_progress.html", context)
