"""The Chinese admin is Chinese: every page staff can open, walked in zh-hans, shows no English
interface text. Data (place names, titles, URLs, the user's name) may be in any language."""

import contextlib
import datetime
import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from registry.models import (
    ImportRecord,
    Status,
)

from .factories import (
    CityPairingFactory,
    ExchangeActivityFactory,
    MilestoneFactory,
    SourceFactory,
)
from .helpers import data_strings, english_left

pytestmark = pytest.mark.django_db


def zh(name, *args, query=""):
    with translation.override("zh-hans"):
        return reverse(f"admin:{name}", args=args) + query


def admin_pages(user):
    """(description, URL) of every page of every registered model the user may open."""
    pages = [("index", zh("index")), ("password change", zh("password_change"))]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        prefix = f"{meta.app_label}_{meta.model_name}"
        obj = model._default_manager.order_by("pk").first()
        pages.append((f"{prefix} changelist", zh(f"{prefix}_changelist")))
        if model_admin.has_add_permission(_request(user)):
            pages.append((f"{prefix} add", zh(f"{prefix}_add")))
        if obj is None:
            continue
        views = ["change", "history"]
        if model_admin.has_delete_permission(_request(user), obj):
            views.append("delete")
        for view in views:
            pages.append((f"{prefix} {view}", zh(f"{prefix}_{view}", obj.pk)))
        history = getattr(obj, "history", None)
        if history is not None and hasattr(history, "order_by"):
            record = history.order_by("history_id").last()
            pages.append((f"{prefix} history record", zh(f"{prefix}_simple_history", obj.pk, record.pk)))
        with contextlib.suppress(NoReverseMatch):  # models without spreadsheets
            pages.append((f"{prefix} import", zh(f"{prefix}_import")))
    return pages


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def registry_rows():
    source = SourceFactory(publisher="Example Daily")
    pairing = CityPairingFactory(established_on=datetime.date(1983, 5, 2), established_precision="day")
    pairing.sources.add(source)
    MilestoneFactory(
        pairing=pairing,
        acting_side=pairing.side_a,
        occurred_on=datetime.date(1983, 5, 2),
        occurred_precision="day",
    )
    activity = ExchangeActivityFactory()
    activity.pairings.add(pairing)
    ImportRecord.objects.create(kind="pairings", filename="结好关系.csv", new=1)
    return pairing


def test_every_admin_page_in_chinese_has_no_english_interface_text(admin_client, admin_user, registry_rows):
    # A change through the admin, so the history pages have a change to show.
    pairing = registry_rows
    pairing.status = "active"
    pairing.established_precision = "month"
    pairing.established_on = pairing.established_on.replace(day=1)
    pairing._change_reason = "已核对来源"
    pairing.save()
    data = data_strings()
    problems = {}
    for description, url in admin_pages(admin_user):
        response = admin_client.get(url)
        assert response.status_code == 200, (description, url, response.status_code)
        left = english_left(response.content.decode(), data)
        if left:
            problems[description] = sorted(left)
    assert problems == {}


def test_the_walk_tells_interface_english_from_data():
    page = (
        '<p>更改内容</p><p>Changes</p><p>城市0 – Town 1</p><img alt="True"><input type="submit" value="Save">'
    )
    assert english_left(page, ["Town 1"]) == {"Changes", "Save"}


def test_the_history_page_shows_labels_not_stored_values(admin_client, registry_rows):
    pairing = registry_rows
    pairing.status = "active"
    pairing.established_precision = "month"
    pairing.established_on = pairing.established_on.replace(day=1)
    pairing.save()
    with translation.override("zh-hans"):
        page = admin_client.get(zh("registry_pairing_history", pairing.pk)).content.decode()
        unknown, active = str(Status.UNKNOWN.label), str(Status.ACTIVE.label)
    assert re.search(rf"<strong>状态:</strong>\s*{unknown}\s*&nbsp;&rarr;&nbsp;&nbsp;{active}", page)
    assert re.search(r"<strong>精度:</strong>\s*日\s*&nbsp;&rarr;&nbsp;&nbsp;月", page)
    assert '<th scope="col">更改内容</th>' in page


def column_header(html, field):
    header = re.search(rf'<th scope="col" class="[^"]*column-{field}[^"]*">(.*?)</th>', html, re.S)
    return re.sub(r"<[^>]+>", "", header.group(1)).strip()


def test_an_activity_host_and_a_worker_host_have_their_own_chinese(admin_client, registry_rows):
    # One English word: an activity's host organises it (主办方); a task worker's host is a computer.
    html = admin_client.get(zh("registry_exchangeactivity_changelist")).content.decode()
    assert column_header(html, "host") == "主办方"
    with translation.override("zh-hans"):
        from registry.tasks.models import WorkerHeartbeat

        assert str(WorkerHeartbeat._meta.get_field("hostname").verbose_name) == "主机"


def test_the_task_list_columns_in_chinese(admin_client):
    from registry.tasks import opendata

    opendata.build_open_data.enqueue()
    html = admin_client.get(zh("django_tasks_database_dbtaskresult_changelist")).content.decode()
    assert column_header(html, "enqueued_at") == "排队时间"
    assert column_header(html, "finished_at") == "完成时间"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_view_site_opens_the_site_in_the_admins_language(admin_client, language):
    html = admin_client.get(f"/{language}/admin/").content.decode()
    links = re.findall(r'<a href="([^"]*)">[^<]*</a>\s*/\s*<a href="[^"]*password_change', html)
    assert links == [f"/{language}/"]
