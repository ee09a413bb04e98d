"""Public pages are cached for anonymous visitors and dropped when registry data changes."""

import os
import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse

from registry.models import Pairing
from registry.page_cache import GENERATION_KEY

from .factories import CityPairingFactory

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    CityPairingFactory()
    first = client.get("/en/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_saved_record_makes_cached_pages_stale(client):
    CityPairingFactory()
    assert b"1 pair:" in client.get("/en/").content
    CityPairingFactory()
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "miss"
    assert b"2 pairs:" in response.content


def test_a_bulk_publish_makes_cached_pages_stale(client, admin_client):
    CityPairingFactory()
    hidden = CityPairingFactory(is_published=False)
    assert b"1 pair:" in client.get("/en/").content
    admin_client.post(
        reverse("admin:registry_pairing_changelist"), {"action": "publish", "_selected_action": [hidden.pk]}
    )
    assert b"2 pairs:" in client.get("/en/").content


def test_a_deleted_record_makes_cached_pages_stale(client):
    CityPairingFactory()
    extra = CityPairingFactory()
    assert b"2 pairs:" in client.get("/en/").content
    Pairing.objects.filter(pk=extra.pk).delete()
    assert b"1 pair:" in client.get("/en/").content


def test_visitors_with_a_session_are_never_served_from_or_stored_in_the_cache(admin_client, client):
    CityPairingFactory()
    staff_page = admin_client.get("/en/")
    assert "X-Page-Cache" not in staff_page
    assert client.get("/en/")["X-Page-Cache"] == "miss"  # the staff visit stored nothing


def test_admin_pages_are_never_cached(admin_client, client):
    assert "X-Page-Cache" not in client.get("/en/admin/login/")


def test_an_import_makes_cached_pages_stale(demo_data, client, django_capture_on_commit_callbacks):
    from registry.imports.service import import_sheet

    from .imports_helpers import data

    # The file changes Hangzhou–Boston's date from 1 May 1982 to 1982 (a year).
    page = "/en/pairs/hangzhou-boston/"
    shown = "<dt>Established</dt><dd>{}"  # the date, then its basis
    assert shown.format("1 May 1982") in client.get(page).content.decode()
    assert client.get(page)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    assert shown.format("1982") in client.get(page).content.decode()


# --- The cached filter fields of the list pages -------------------------------------------------


def select_html(response, name):
    content = response.content.decode()
    start = content.index(f'<select name="{name}"')
    return content[start : content.index("</select>", start)]


def test_filter_fields_show_the_values_asked_for_not_those_of_an_earlier_page(client):
    CityPairingFactory()
    client.get("/en/pairs/?kind=city")
    response = client.get("/en/pairs/?kind=province_state&tracking=1")
    assert '<option value="province_state" selected>' in select_html(response, "kind")
    assert '<option value="city" selected>' not in select_html(response, "kind")


def test_filter_fields_are_reused_by_another_page_of_the_same_filters(client):
    CityPairingFactory()
    first = client.get("/en/pairs/?kind=city")
    response = client.get("/en/pairs/?page=1&kind=city&tracking=1")
    assert '<option value="city" selected>' in select_html(response, "kind")
    assert response.context["filter_fields_key"] == first.context["filter_fields_key"]


def test_filter_fields_follow_the_page_language(client):
    CityPairingFactory()
    client.get("/en/pairs/")
    response = client.get("/zh-hans/pairs/")
    assert '<option value="province_state">友好省州</option>' in select_html(response, "kind")


def test_filter_fields_follow_the_data(client):
    CityPairingFactory()
    client.get("/en/pairs/")
    assert ">France</option>" not in select_html(client.get("/en/pairs/"), "country")
    CityPairingFactory(side_b__country="FR", side_b__parent__country="FR")
    assert ">France</option>" in select_html(client.get("/en/pairs/"), "country")


def test_a_page_reads_the_data_generation_from_the_cache_once(client):
    """One round trip reads the generation with the page; the filter choices and the fragment key
    reuse it."""
    CityPairingFactory()
    client.get("/en/pairs/?q=a1")
    reads, depth = [], []

    def spy(method):
        original = getattr(cache, method)

        def read(key_or_keys, *args, **kwargs):
            keys = key_or_keys if isinstance(key_or_keys, list) else [key_or_keys]
            if GENERATION_KEY in keys and not depth:  # not the backend's own get() inside get_many()
                reads.append(method)
            depth.append(method)
            try:
                return original(key_or_keys, *args, **kwargs)
            finally:
                depth.pop()

        return read

    with mock.patch.multiple(cache, get=spy("get"), get_many=spy("get_many"), get_or_set=spy("get_or_set")):
        assert client.get("/en/pairs/?q=a2")["X-Page-Cache"] == "miss"
        assert client.get("/en/pairs/?q=a2")["X-Page-Cache"] == "hit"
    assert reads == ["get_many", "get_many"]


# --- What a page is cached under ----------------------------------------------------------------


def cached_pages():
    return [key for key in cache._cache if ":registry:page:" in key]  # the local-memory backend's keys


def test_parameters_no_page_reads_make_no_new_copy(client):
    CityPairingFactory()
    first = client.get("/en/pairs/?kind=city")
    assert first["X-Page-Cache"] == "miss"
    for n in range(150):
        response = client.get(f"/en/pairs/?utm_source=mail{n}&kind=city&fbclid={n}&kind=")
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content
    assert len(cached_pages()) == 1


def test_the_view_sees_the_same_normalised_query_as_the_key(client):
    CityPairingFactory()
    response = client.get("/en/pairs/?utm_source=x&sort=name&kind=city")
    assert response["X-Page-Cache"] == "miss"
    assert response.context["query_without_page"] == "kind=city&sort=name"
    assert "utm_source" not in response.content.decode()


def test_a_page_too_large_for_the_cache_is_served_but_not_kept(client, settings):
    CityPairingFactory()
    settings.PAGE_CACHE_MAX_BYTES = 1000
    assert client.get("/en/").status_code == 200
    assert cached_pages() == []


# --- When a write makes pages stale -------------------------------------------------------------


def test_a_write_makes_pages_stale_again_when_it_commits(django_capture_on_commit_callbacks):
    before = cache.get(GENERATION_KEY) or 1
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        CityPairingFactory()  # the test's transaction's first write
    assert on_commit, "nothing runs when the write commits"
    bumped_at_once = cache.get(GENERATION_KEY)
    for callback in on_commit:
        callback()
    assert before < bumped_at_once < cache.get(GENERATION_KEY)


def test_a_transaction_writing_many_rows_queues_its_after_commit_work_once(
    django_capture_on_commit_callbacks,
):
    """The page cache's bump, the data version and the scheduling of the summary and the open-data
    build wait for the commit once, not once per row written."""
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        pairings = CityPairingFactory.create_batch(3)
        for pairing in pairings:
            pairing.public_note = "changed"
            pairing.save()
    names = sorted(getattr(callback, "func", callback).__name__ for callback in on_commit)
    assert names == ["bump", "invalidate_public_pages", "schedule_build", "schedule_summary"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs two connections reading and writing at once: PostgreSQL (SQLite locks the table)",
)
def test_a_page_rendered_while_an_unpublish_commits_is_not_served_afterwards(client):
    """A visitor's request arrives after the admin saved "unpublished" but before it committed:
    it renders the pair as still published. After the commit that page must not be served."""
    pairing = CityPairingFactory(is_published=True)
    page = pairing.get_absolute_url()
    saved, rendered = threading.Event(), threading.Event()

    def unpublish():
        try:
            with transaction.atomic():
                row = Pairing.objects.get(pk=pairing.pk)
                row.is_published = False
                row.save()
                saved.set()
                rendered.wait(timeout=30)
        finally:
            connection.close()

    writer = threading.Thread(target=unpublish)
    writer.start()
    assert saved.wait(timeout=30)
    in_the_gap = client.get(page)  # another connection: sees the committed (published) row
    rendered.set()
    writer.join(timeout=30)

    assert in_the_gap.status_code == 200
    assert client.get(page).status_code == 404
