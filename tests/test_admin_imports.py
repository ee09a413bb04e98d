"""The admin import flow end to end with a posted file: upload → preview → confirm, all or nothing;
expired uploads; permissions; template and export downloads."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from registry.imports import uploads
from registry.models import Jurisdiction

from .imports_helpers import data, fingerprint, pair

pytestmark = pytest.mark.django_db


def url(view, **kwargs):
    return reverse(f"admin:registry_pairing_{view}", kwargs=kwargs)


def upload(client, name, **extra):
    return client.post(url("import"), {"file": SimpleUploadedFile(name, data(name)), **extra})


def test_the_import_page_lists_the_template_columns(admin_client):
    with translation.override("zh-hans"):
        page = admin_client.get(url("import")).content.decode()
    assert "<td><code>side_a_country</code> *</td><td>甲方国家</td>" in page
    assert "在您查看预览并确认之前不会写入任何内容" in page


def test_upload_preview_confirm_writes_the_file(admin_client, demo_data):
    response = upload(admin_client, "pairings_new.csv")
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.context["counts"] == {
        "new": 1,
        "updated": 1,
        "unchanged": 2,
        "error": 0,
        "skipped": 1,
        "new_places": 0,
    }
    assert "Confirm import" in preview.content.decode()
    before = fingerprint()
    token = preview.context["token"]
    done = admin_client.post(url("import_confirm", token=token), follow=True)
    assert done.redirect_chain[-1][0] == url("changelist")
    [message] = [str(m) for m in done.context["messages"]]
    assert message.startswith(
        "pairings_new.csv imported: 1 new, 1 updated, 2 unchanged, 1 blank rows skipped, 0 places created. "
    )
    assert fingerprint() != before
    assert pair("cn-hubei-wuhan", "us-illinois-chicago").history.get().history_user.is_superuser
    assert uploads.load(token, kind="pairings", user_id=done.context["user"].pk) is None


def test_a_file_with_errors_previews_its_errors_and_confirm_writes_nothing(admin_client, demo_data):
    before = fingerprint()
    preview = admin_client.get(upload(admin_client, "pairings_errors.csv")["Location"])
    content = preview.content.decode()
    assert preview.context["counts"]["error"] == 7
    assert "Confirm import" not in content
    assert "Row 8 and row 7 are the same pair: keep one." in content
    done = admin_client.post(url("import_confirm", token=preview.context["token"]), follow=True)
    assert [str(m) for m in done.context["messages"]] == [
        "The file has errors; nothing was written. Correct them and upload it again."
    ]
    assert fingerprint() == before


def test_the_preview_page_is_paginated(admin_client, demo_data):
    header = "side_a_country,side_a_province,side_b_country,side_b_province\n"
    body = header + "CN,Hubei,US,Ohio\n" * 150
    response = admin_client.post(url("import"), {"file": SimpleUploadedFile("many.csv", body.encode())})
    page_two = admin_client.get(response["Location"] + "?page=2")
    assert len(page_two.context["page"].object_list) == 50
    assert page_two.context["counts"]["error"] == 149


def test_an_expired_upload_at_confirm_is_a_message_not_an_error_page(admin_client, demo_data):
    before = fingerprint()
    response = admin_client.post(url("import_confirm", token="0123456789abcdef"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url("import")
    assert [str(m) for m in response.context["messages"]] == [
        "The uploaded file is no longer available (uploads are kept for an hour). Upload it again."
    ]
    assert fingerprint() == before


def test_a_refused_file_is_a_message(admin_client, demo_data):
    response = admin_client.post(
        url("import"), {"file": SimpleUploadedFile("bomb.xlsx", data("zip_bomb.xlsx"))}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("import")
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("bomb.xlsx: This workbook is damaged or too large to open safely")


def test_create_missing_places_from_the_admin(admin_client, demo_data):
    response = upload(admin_client, "pairings_gb18030.csv", create_places="on")
    preview = admin_client.get(response["Location"])
    assert preview.context["counts"]["new_places"] == 1
    assert "闵行区" in preview.content.decode()
    admin_client.post(url("import_confirm", token=preview.context["token"]))
    district = Jurisdiction.objects.get(name_zh="闵行区", parent__slug="cn-shanghai")
    assert pair(district.slug, "us-illinois-chicago").kind == "city"


def test_the_preview_in_chinese(admin_client, demo_data):
    response = upload(admin_client, "pairings_errors.csv")
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    with translation.override("zh-hans"):
        preview = admin_client.get(url("import_preview", token=token))
    assert "第 8 行与第 7 行是同一结好关系：请只保留一行。" in preview.content.decode()
    # The summary's labels end in a full-width colon in Chinese.
    summary = re.search(r'<ul id="import-summary">.*?</ul>', preview.content.decode(), re.S).group(0)
    assert "新增：<strong>" in summary
    assert ": " not in summary


@pytest.fixture
def viewer(client):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_pairing"))
    client.force_login(user)
    return client


def test_import_needs_the_import_permission(viewer, demo_data):
    assert viewer.get(url("import")).status_code == 403
    assert viewer.post(url("import"), {"file": SimpleUploadedFile("x.csv", b"a")}).status_code == 403
    assert viewer.get(url("import_template")).status_code == 403


def test_export_needs_only_view_permission(viewer, demo_data):
    response = viewer.get(url("export", fmt="xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 280
    changelist = viewer.get(url("changelist")).content.decode()
    assert url("export", fmt="csv") in changelist
    assert url("import") not in changelist


def test_export_follows_the_changelist_filters(admin_client, demo_data):
    response = admin_client.get(url("export", fmt="json") + "?kind__exact=province_state")
    assert len(response.json()) == 34
    assert {row["kind"] for row in response.json()} == {"province_state"}
    assert admin_client.get(url("export", fmt="csv") + "?nonsense__exact=1").status_code == 302
    changelist = admin_client.get(url("changelist") + "?kind__exact=province_state").content.decode()
    assert url("export", fmt="json") + "?kind__exact=province_state" in changelist


def test_the_template_download_has_the_header_row(admin_client):
    response = admin_client.get(url("import_template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook["data"][1]]
    assert header[:3] == ["side_a_country", "side_a_province", "side_a_city"]
    assert workbook.worksheets[1]["B2"].value == "甲方国家"
