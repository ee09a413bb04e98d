"""Logs for operators (config/settings.py LOGGING, registry/operations.py): JSON lines with
DJANGO_LOG_FORMAT=json, a request id on every line of a request that the response (X-Request-ID)
and the 500 page repeat, audit lines naming who changed which record, and no password, session key
or uploaded file content in any line, even at DEBUG."""

import copy
import io
import json
import logging.config
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Source

from .imports_helpers import data

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-battery-staple-71"
WRONG_PASSWORD = "Not-my-password-but-close-93"
UPLOADED_MARKER = "Signed-at-the-uploaded-cell-4c1e9"


@pytest.fixture
def json_logs():
    """The project's logging with DJANGO_LOG_FORMAT=json and every logger at DEBUG, its console
    handler writing into a buffer; yields a function returning the text so far and its lines, parsed."""
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    config["root"]["level"] = "DEBUG"
    for logger in config["loggers"].values():
        logger["level"] = "DEBUG"
    logging.config.dictConfig(config)
    buffer = io.StringIO()
    [console] = [handler for handler in logging.getLogger().handlers if handler.name == "console"]
    console.setStream(buffer)

    def lines():
        text = buffer.getvalue()
        return text, [json.loads(line) for line in text.splitlines()]

    yield lines
    logging.config.dictConfig(settings.LOGGING)


def test_every_line_is_json_with_the_request_id_of_its_response(client, json_logs):
    response = client.get("/en/pairs/no-such-pair/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert uuid.UUID(request_id).hex == request_id
    _text, lines = json_logs()
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["level"] == "WARNING"
    assert not_found["message"] == "Not Found: /en/pairs/no-such-pair/"
    assert {"time", "level", "logger", "request_id", "message"} <= set(not_found)
    # Every line but django-guid's own two, written before it has the id.
    assert {line["request_id"] for line in lines if line["logger"] != "django_guid"} == {request_id}


def test_a_request_id_from_the_proxy_is_kept_when_it_is_a_uuid(client):
    given = uuid.uuid4().hex
    assert client.get("/robots.txt", headers={"X-Request-ID": given})["X-Request-ID"] == given
    forged = client.get("/robots.txt", headers={"X-Request-ID": "x\n{forged log line}"})
    assert forged["X-Request-ID"] != "x\n{forged log line}"
    assert len(forged["X-Request-ID"]) == 32


@pytest.mark.urls("tests.urls_with_error")
def test_the_500_page_shows_the_request_id_that_the_log_carries(client, json_logs):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert f"please quote this reference: {request_id}" in response.content.decode()
    _text, lines = json_logs()
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == request_id
    assert "deliberate failure for the test" in error["exc_info"]


@pytest.fixture
def importer(db):
    user = get_user_model().objects.create_user("importer1", password=PASSWORD, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["add_pairing", "change_pairing", "view_pairing", "import_pairing", "add_source"]
        )
    )
    return user


def test_no_password_session_key_or_uploaded_content_in_the_logs_and_writes_say_who(
    client, importer, demo_data, json_logs
):
    # A failed login and a successful one, through the admin's form.
    client.post("/en/admin/login/", {"username": "importer1", "password": WRONG_PASSWORD})
    client.post("/en/admin/login/", {"username": "importer1", "password": PASSWORD})
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    # An admin write.
    added = client.post(
        reverse("admin:registry_source_add"), {"url": "https://example.org/report", "title": "Report"}
    )
    assert added.status_code == 302
    source = Source.objects.get(url="https://example.org/report")

    # An import: upload, preview, confirm.
    body = data("pairings_new.csv").replace(b"Signed in Wuhan", UPLOADED_MARKER.encode())
    uploaded = client.post(
        reverse("admin:registry_pairing_import"), {"file": SimpleUploadedFile("pairings.csv", body)}
    )
    preview = client.get(uploaded["Location"])
    confirmed = client.post(reverse("admin:registry_pairing_import_confirm", args=[preview.context["token"]]))
    assert confirmed.status_code == 302

    text, lines = json_logs()
    for secret in (PASSWORD, WRONG_PASSWORD, session_key, UPLOADED_MARKER, "Signed-at-the-uploaded"):
        assert secret not in text
    assert len(lines) > 10  # DEBUG was on: the test looked at real output

    [admin_add] = [line for line in lines if line.get("action") == "admin add"]
    assert admin_add["user"] == "importer1"
    assert admin_add["model"] == "registry.Source"
    assert admin_add["object_id"] == str(source.pk)
    assert admin_add["logger"] == "registry.audit"
    assert admin_add["request_id"] == added["X-Request-ID"]

    [imported] = [line for line in lines if line.get("action") == "import"]
    assert imported["user"] == "importer1"
    assert imported["kind"] == "pairings"
    assert (imported["rows_created"], imported["rows_updated"]) == (1, 1)
    assert len(imported["created_ids"]) == 1
    assert imported["request_id"] == confirmed["X-Request-ID"]


@pytest.mark.urls("tests.urls_with_error")
def test_the_500_page_gives_the_reference_in_chinese(client):
    client.raise_request_exception = False
    response = client.get("/boom/", headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 500
    assert f"如需报告此问题，请提供以下编号：{response['X-Request-ID']}" in response.content.decode()


def test_publishing_from_the_changelist_is_logged_with_who_and_which(admin_client, json_logs):
    from registry.models import Pairing

    from .factories import CityPairingFactory

    pairings = CityPairingFactory.create_batch(3, is_published=False)
    admin_client.post(
        reverse("admin:registry_pairing_changelist"),
        {"action": "publish", "_selected_action": [p.pk for p in pairings[:2]]},
    )
    assert Pairing.objects.filter(pk__in=[p.pk for p in pairings], is_published=True).count() == 2
    _text, lines = json_logs()
    [published] = [line for line in lines if line.get("action") == "admin publish"]
    assert published["user"] == "admin"
    assert published["model"] == "registry.Pairing"
    assert sorted(published["object_ids"]) == sorted(str(p.pk) for p in pairings[:2])
