"""What the task queue's own table (django-tasks-db's DBTaskResult) does not keep: which workers are
alive, and how far a running task has got and for whom it runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkerHeartbeat(models.Model):
    """A `run_worker` process, seen every few seconds while it lives. A worker killed outright
    stops beating; its task is then known to be lost, not still running."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    # "host" is also an activity's host (its organiser): a context keeps the two translations apart.
    hostname = models.CharField(pgettext_lazy("task worker", "host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class TaskProgress(models.Model):
    """One task's progress ("rows written: 1,200 of 50,000") and its owner. Keyed by the task
    result's id; no foreign key, so the queue's table stays the library's own."""

    task_id = models.UUIDField(_("task"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self):
        return f"{self.kind} {self.task_id}"
