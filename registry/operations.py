"""What an operator sees: the registry's own metrics, the protected /metrics endpoint, and the
audit log lines (who did what to which record) for imports and admin writes.

Requests by view and status and their latency come from django-prometheus's middleware; this
module adds page-cache hits and misses and import counts and durations. With several gunicorn
workers, set PROMETHEUS_MULTIPROC_DIR (README, "Operating the registry") so that /metrics adds up
every worker's counts.
"""

import hmac
import ipaddress
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Counter, Gauge, Histogram

audit = logging.getLogger("registry.audit")

PAGE_CACHE_REQUESTS = Counter(
    "registry_page_cache_requests",
    "Public page requests answered from the page cache (hit) or rendered (miss).",
    ["result"],
)
IMPORTS = Counter(
    "registry_imports", "Spreadsheet imports written, by kind and outcome.", ["kind", "outcome"]
)
IMPORT_ROWS = Counter("registry_import_rows", "Rows written by imports, by kind.", ["kind"])
IMPORT_SECONDS = Histogram(
    "registry_import_seconds",
    "Time to write an import (after its preview), by kind.",
    ["kind"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, float("inf")),
)
# The task queue, read from the database when /metrics is scraped (any web process may answer).
TASKS = Gauge(
    "registry_tasks",
    "Background tasks by status (READY: waiting; RUNNING; FAILED; SUCCESSFUL).",
    ["status"],
    multiprocess_mode="mostrecent",
)
TASK_WORKERS = Gauge(
    "registry_task_workers", "Task workers seen alive (heartbeat) recently.", multiprocess_mode="mostrecent"
)


def measure_task_queue():
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from .tasks.compat import TaskResultStatus
    from .tasks.workers import live_workers

    counts = dict(DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("pk")))
    for status in TaskResultStatus.values:
        TASKS.labels(status=status).set(counts.get(status, 0))
    TASK_WORKERS.set(live_workers().count())


def count_page_cache(hit):
    PAGE_CACHE_REQUESTS.labels(result="hit" if hit else "miss").inc()


def _user_name(user):
    return getattr(user, "get_username", lambda: "")() or "command line"


@contextmanager
def recorded_import(plan, *, user=None, reason=""):
    """Around the write of an import plan: time it, count it, and log who imported what."""
    kind = plan.kind
    started = time.perf_counter()
    try:
        yield
    except Exception:
        IMPORTS.labels(kind=kind, outcome="failed").inc()
        audit.exception("import failed", extra={"user": _user_name(user), "kind": kind, "reason": reason})
        raise
    seconds = time.perf_counter() - started
    IMPORTS.labels(kind=kind, outcome="written").inc()
    IMPORT_ROWS.labels(kind=kind).inc(len(plan.creates) + len(plan.updates))
    IMPORT_SECONDS.labels(kind=kind).observe(seconds)
    audit.info(
        "import written: %s by %s, %d created, %d updated, %d new places",
        reason,
        _user_name(user),
        len(plan.creates),
        len(plan.updates),
        len(plan.new_places),
        extra={
            "user": _user_name(user),
            "action": "import",
            "kind": kind,
            "file": plan.filename,
            "rows_created": len(plan.creates),
            "rows_updated": len(plan.updates),
            "new_places": len(plan.new_places),
            "created_ids": [obj.pk for obj in plan.creates][:1000],
            "updated_ids": [obj.pk for obj in plan.updates][:1000],
            "seconds": round(seconds, 3),
        },
    )


ADMIN_ACTIONS = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}


@receiver(post_save, sender=LogEntry, dispatch_uid="registry.operations.log_admin_write")
def log_admin_write(sender, instance, created, **kwargs):
    """Every admin add, change and delete writes a LogEntry (the admin's own history): log it too."""
    if not created:
        return
    action = ADMIN_ACTIONS.get(instance.action_flag, str(instance.action_flag))
    model = instance.content_type.model_class() if instance.content_type_id else None
    label = model._meta.label if model else ""
    audit.info(
        "admin %s %s %s by %s",
        action,
        label,
        instance.object_id,
        instance.user.get_username(),
        extra={
            "user": instance.user.get_username(),
            "action": f"admin {action}",
            "model": label,
            "object_id": str(instance.object_id),
            "object": instance.object_repr,
            "change": instance.get_change_message(),
        },
    )


def log_admin_action(user, action, model, pks):
    """An admin action that writes in bulk (publish, unpublish) leaves no LogEntry: log it here."""
    audit.info(
        "admin %s %s %s by %s",
        action,
        model._meta.label,
        ",".join(map(str, pks)),
        user.get_username(),
        extra={
            "user": user.get_username(),
            "action": f"admin {action}",
            "model": model._meta.label,
            "object_ids": [str(pk) for pk in pks],
        },
    )


def _client_allowed(address):
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    for allowed in settings.METRICS_ALLOWED_IPS:
        try:
            if client in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            continue
    return False


def _token_matches(request):
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def metrics_view(request):
    """/metrics for Prometheus: only from METRICS_ALLOWED_IPS (the connecting address, never a
    forwarded header) or with the bearer token METRICS_TOKEN."""
    if not (_client_allowed(request.META.get("REMOTE_ADDR", "")) or _token_matches(request)):
        return HttpResponseForbidden(
            _("Metrics are available only to configured addresses or with the metrics token."),
            content_type="text/plain; charset=utf-8",
        )
    measure_task_queue()
    return ExportToDjangoView(request)
