"""Public pages are cached for anonymous visitors and dropped when registry data changes."""

import pytest
from django.urls import reverse

from registry.models import Pairing

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
    from registry.imports.run import import_file

    from .imports_helpers import data

    # The file changes Hangzhou–Boston's date from 1 May 1982 to 1982 (a year).
    page = "/en/pairs/hangzhou-boston/"
    shown = "<dt>Established</dt><dd>{}</dd>"
    assert shown.format("1 May 1982") in client.get(page).content.decode()
    assert client.get(page)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        import_file("pairings", "pairings_new.csv", data("pairings_new.csv"))
    assert shown.format("1982") in client.get(page).content.decode()
