"""/metrics (django-prometheus plus registry/operations.py): refused to anyone but the configured
addresses or the bearer token; requests by view and status, latency, page-cache hits and misses,
import counts and durations."""

import pytest
from django.test import override_settings
from prometheus_client import REGISTRY

from registry.imports.service import import_sheet

from .imports_helpers import data

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.9"
TOKEN = "s3cret-metrics-token-for-the-test"


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def test_metrics_are_refused_to_other_addresses(client):
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 403
    assert "python_gc" not in response.content.decode()
    assert "configured addresses or with the metrics token" in response.content.decode()


def test_a_forwarded_address_does_not_open_the_metrics(client):
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE, headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.status_code == 403


@override_settings(METRICS_TOKEN=TOKEN)
@pytest.mark.parametrize(
    "authorization", ["", "Bearer", "Bearer ", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x"]
)
def test_a_wrong_or_missing_token_is_refused(client, authorization):
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE, headers={"Authorization": authorization})
    assert response.status_code == 403


@override_settings(METRICS_TOKEN="")
def test_an_empty_token_setting_opens_nothing(client):
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE, headers={"Authorization": "Bearer "})
    assert response.status_code == 403


@override_settings(METRICS_TOKEN=TOKEN)
def test_the_token_opens_the_metrics_from_anywhere(client):
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


@override_settings(METRICS_ALLOWED_IPS=["10.1.0.0/16"])
def test_an_allowed_network_opens_the_metrics(client):
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 403
    assert client.get("/metrics").status_code == 403  # 127.0.0.1 is no longer listed


def test_requests_latency_and_page_cache_are_counted(client, demo_data):
    view = {"view": "registry:pairing-list", "method": "GET"}
    responses = "django_http_responses_total_by_status_view_method_total"
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    before = {
        "responses": sample(responses, status="200", **view),
        "latency": sample(latency, **view),
        "hit": sample("registry_page_cache_requests_total", result="hit"),
        "miss": sample("registry_page_cache_requests_total", result="miss"),
    }
    assert client.get("/en/pairs/")["X-Page-Cache"] == "miss"
    assert client.get("/en/pairs/")["X-Page-Cache"] == "hit"

    response = client.get("/metrics")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    text = response.content.decode()
    assert 'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="' in text
    assert "django_http_requests_latency_seconds_by_view_method_bucket{" in text
    assert 'registry_page_cache_requests_total{result="hit"}' in text
    # The view rendered once (the hit was answered by the page cache, before any view).
    assert sample(responses, status="200", **view) == before["responses"] + 1
    assert sample(latency, **view) == before["latency"] + 1
    assert sample("registry_page_cache_requests_total", result="hit") == before["hit"] + 1
    assert sample("registry_page_cache_requests_total", result="miss") == before["miss"] + 1


def test_imports_are_counted_and_timed(demo_data):
    written = sample("registry_imports_total", kind="pairings", outcome="written")
    timed = sample("registry_import_seconds_count", kind="pairings")
    rows = sample("registry_import_rows_total", kind="pairings")

    plan = import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    assert not plan.has_errors

    assert sample("registry_imports_total", kind="pairings", outcome="written") == written + 1
    assert sample("registry_import_seconds_count", kind="pairings") == timed + 1
    assert sample("registry_import_seconds_sum", kind="pairings") > 0
    assert sample("registry_import_rows_total", kind="pairings") == rows + 2  # 1 new, 1 updated


def test_the_task_queue_and_its_workers_are_measured_at_each_scrape(client):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from registry.tasks.models import WorkerHeartbeat
    from registry.tasks.opendata import build_open_data

    waiting = DBTaskResult.objects.filter(status="READY").count()  # e.g. queued by demo_data's writes
    build_open_data.enqueue()
    build_open_data.enqueue()
    WorkerHeartbeat.objects.create(worker_id="w", hostname="h", pid=1, seen_at=timezone.now())
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert f'registry_tasks{{status="READY"}} {waiting + 2}.0' in body
    assert 'registry_tasks{status="RUNNING"} 0.0' in body
    assert "registry_task_workers 1.0" in body
