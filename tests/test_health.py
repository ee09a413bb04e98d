"""Liveness and readiness (registry/health.py): against a real gunicorn whose database the test
takes away, and in-process for each readiness check, the page cache and login throttling."""

import json

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from registry import health

from .live_server import fetch

JSON = {"Accept": "application/json"}


def test_readiness_is_503_and_liveness_200_while_the_database_is_away(server, database):
    status, body, headers = fetch(server + "/health/ready", JSON)
    assert status == 200, body
    checks = json.loads(body)
    assert set(checks) == {
        "Database(alias='default')",
        "Cache(alias='default')",
        "UploadDiskSpace()",
        "PendingMigrations(alias='default')",
    }
    assert set(checks.values()) == {"OK"}
    assert "no-store" in headers["Cache-Control"]
    assert len(headers["X-Request-ID"]) == 32
    assert fetch(server + "/health/live", JSON)[0] == 200

    database.take_away()
    status, body, _headers = fetch(server + "/health/ready", JSON)
    assert status == 503
    checks = json.loads(body)
    assert checks["Database(alias='default')"].startswith("Unavailable")
    assert checks["Cache(alias='default')"] == "OK"
    assert checks["PendingMigrations(alias='default')"] == "Unavailable: migrations table unreadable"
    status, body, _headers = fetch(server + "/health/live", JSON)
    assert (status, json.loads(body)) == (200, {})

    database.give_back()
    assert fetch(server + "/health/ready", JSON)[0] == 200


@pytest.mark.django_db
def test_liveness_touches_neither_database_nor_cache(client, django_assert_num_queries, monkeypatch):
    def no_cache(*args, **kwargs):
        raise AssertionError("liveness used the cache")

    monkeypatch.setattr(cache, "get_many", no_cache)
    with django_assert_num_queries(0):
        response = client.get("/health/live", headers=JSON)
    assert response.status_code == 200


@pytest.mark.django_db
def test_readiness_is_200_when_everything_is_ready(client):
    response = client.get(reverse("health-ready"), headers=JSON)
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_readiness_is_503_with_a_migration_not_applied(client, monkeypatch):
    on_disk = health._migrations_on_disk() | {("registry", "9999_not_yet_applied")}
    monkeypatch.setattr(health, "_migrations_on_disk", lambda: on_disk)
    response = client.get("/health/ready", headers=JSON)
    assert response.status_code == 503
    assert response.json()["PendingMigrations(alias='default')"] == "Unavailable: 1 migrations not applied"


@pytest.mark.django_db
def test_readiness_is_503_without_disk_space_for_uploads(client):
    with override_settings(HEALTH_MIN_FREE_BYTES=2**62):
        response = client.get("/health/ready", headers=JSON)
    assert response.status_code == 503
    assert response.json()["UploadDiskSpace()"].startswith("Unavailable:")
    assert "MiB free for uploads" in response.json()["UploadDiskSpace()"]


@pytest.mark.django_db
def test_readiness_is_503_when_the_cache_is_unreachable(client):
    # Nothing listens on port 1: the connection is refused at once.
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        response = client.get("/health/ready", headers=JSON)
    assert response.status_code == 503
    assert response.json()["Cache(alias='default')"].startswith("Unexpected Result")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_health_urls_are_never_stored_in_the_page_cache(client, path):
    for _ in range(2):
        response = client.get(path, headers=JSON)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=2)
def test_health_urls_answer_a_locked_out_address_and_record_no_attempts(client):
    for _ in range(3):
        client.post("/en/admin/login/", {"username": "probe", "password": "wrong password 123"})
    assert client.get("/en/admin/login/").status_code == 200
    locked = client.post("/en/admin/login/", {"username": "probe", "password": "wrong password 123"})
    assert locked.status_code == 429
    attempts = AccessAttempt.objects.count()

    for _ in range(20):
        assert client.get("/health/live", headers=JSON).status_code == 200
        assert client.get("/health/ready", headers=JSON).status_code == 200
    assert AccessAttempt.objects.count() == attempts
