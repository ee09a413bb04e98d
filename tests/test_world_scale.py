"""Lists, place pages and admin pages stay bounded at world shape: many pairs per place, many
activities per pair. Built with factories; the sizes are small, what is asserted is that the
number of queries and the rows shown do not grow with them. (Speed at 100,000 pairings is
measured by benchmarks/world_bench.py.)"""

import re
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from django_countries import Countries

from registry import pagination, views
from registry.models import Level, Pairing

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    ProvinceFactory,
    USCityFactory,
)

pytestmark = pytest.mark.django_db


def pairs_of(city, count, **kwargs):
    return [
        CityPairingFactory(
            side_a=city, established_on=f"{1980 + n % 40}-01-01", established_precision="year", **kwargs
        )
        for n in range(count)
    ]


def query_count(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# --- Public lists ---------------------------------------------------------------------------


def test_pages_past_the_cap_do_not_exist_and_the_count_says_more(client, monkeypatch):
    monkeypatch.setattr(views.PairingListView, "paginate_by", 2)
    monkeypatch.setattr(pagination.CappedPaginator, "max_pages", 2)
    pairs_of(ChineseCityFactory(), 7)
    response = client.get("/en/pairs/")
    assert response.context["paginator"].count == 4
    assert "More than 4 pairs found" in response.content.decode()
    assert client.get("/en/pairs/?page=2").status_code == 200
    assert client.get("/en/pairs/?page=3").status_code == 404


def test_small_list_gives_its_exact_count(client):
    pairs_of(ChineseCityFactory(), 3)
    html = client.get("/en/pairs/").content.decode()
    assert "3 pairs found." in html
    assert "More than" not in html


def test_region_filter_by_name_in_either_language_covers_the_cities_inside(client):
    province = ProvinceFactory(name_en="Jiangsu", name_zh="江苏省", slug="cn-jiangsu")
    inside = CityPairingFactory(side_a=ChineseCityFactory(parent=province))
    district = ChineseCityFactory(parent=ChineseCityFactory(parent=province), level=Level.COUNTY)
    in_district = CityPairingFactory(side_a=district)
    elsewhere = CityPairingFactory()
    for value in ("Jiangsu", "jiangsu", "江苏省", "cn-jiangsu"):
        response = client.get("/en/pairs/", {"region": value})
        slugs = {row.slug for row in response.context["rows"]}
        assert slugs == {inside.slug, in_district.slug}, value
    assert elsewhere.slug not in slugs


def test_unknown_region_is_a_clear_form_error_not_a_server_error(client):
    CityPairingFactory()
    response = client.get("/en/pairs/", {"region": "Atlantis"})
    assert response.status_code == 200
    assert "No province or state is called “Atlantis”" in response.content.decode()
    assert list(response.context["rows"]) == []


def test_region_suggestions_match_english_and_chinese_names_and_are_bounded(client):
    ProvinceFactory(name_en="Jiangsu", name_zh="江苏省")
    ProvinceFactory(name_en="Jiangxi", name_zh="江西省")
    ChineseCityFactory(name_en="Jiangyin")  # a city: not a region
    for number in range(25):
        ProvinceFactory(name_en=f"Region {number}")
    url = reverse("registry:region-suggestions")
    assert [r["value"] for r in client.get(url, {"q": "jiang"}).json()["results"]] == ["Jiangsu", "Jiangxi"]
    assert [r["value"] for r in client.get(url, {"q": "江"}).json()["results"]] == ["Jiangsu", "Jiangxi"]
    assert client.get(url, {"q": "江"}).json()["results"][0]["label"] == "Jiangsu (江苏省), China"
    assert len(client.get(url, {"q": "Region"}).json()["results"]) == 20
    assert client.get(url).json() == {"results": []}


def test_activity_place_filter_finds_hosted_and_linked_activities_once(client):
    city = ChineseCityFactory(name_en="Wuxi")
    pairing = CityPairingFactory(side_a=city)
    hosted = ExchangeActivityFactory(host=city, title_en="Hosted")
    linked = ExchangeActivityFactory(title_en="Linked")
    both = ExchangeActivityFactory(host=city, title_en="Both")
    linked.pairings.add(pairing)
    both.pairings.add(pairing)
    unrelated = ExchangeActivityFactory(title_en="Unrelated")
    unrelated.pairings.add(CityPairingFactory())
    hidden_pair = CityPairingFactory(side_a=city, is_published=False)
    through_hidden = ExchangeActivityFactory(title_en="Through an unpublished pair")
    through_hidden.pairings.add(hidden_pair)
    shown = [
        activity.pk for activity in client.get("/en/activities/", {"place": "wuxi"}).context["object_list"]
    ]
    assert sorted(shown) == sorted([hosted.pk, linked.pk, both.pk])


# --- Place pages: a busy place -------------------------------------------------------------


def test_a_busy_city_page_shows_a_page_of_its_pairs_with_links_to_the_rest(client):
    city = ChineseCityFactory()
    pairs_of(city, views.PAGE_SIZE + 5)
    response = client.get(city.get_absolute_url())
    html = response.content.decode()
    assert len(response.context["pairings"]) == views.PAGE_SIZE
    assert response.context["pairings"].paginator.count == views.PAGE_SIZE + 5
    assert 'href="?page=2"' in html
    second = client.get(city.get_absolute_url(), {"page": 2})
    assert len(second.context["pairings"]) == 5


def test_a_province_page_pages_the_pairs_inside_it_separately(client):
    province = ProvinceFactory()
    CityPairingFactory(side_a=province, side_b=USCityFactory(level=Level.PROVINCE, parent=None))
    for _ in range(views.PAGE_SIZE + 2):
        CityPairingFactory(side_a=ChineseCityFactory(parent=province))
    response = client.get(province.get_absolute_url(), {"inside_page": 2})
    assert len(response.context["pairings"]) == 1
    assert len(response.context["inside_pairings"]) == 2
    assert response.context["inside_pairings"].number == 2
    html = response.content.decode()
    assert 'href="?inside_page=1"' in html


def test_a_province_page_names_the_first_places_inside_and_counts_the_rest(client, monkeypatch):
    monkeypatch.setattr(views, "CHILDREN_SHOWN", 3)
    province = ProvinceFactory()
    for _ in range(5):
        CityPairingFactory(side_a=ChineseCityFactory(parent=province))
    response = client.get(province.get_absolute_url())
    assert len(response.context["children"]) == 3
    assert "And 2 more places with pairs" in response.content.decode()


@pytest.mark.parametrize("url_of", ["city", "province"])
def test_place_page_queries_do_not_grow_with_its_pairs(client, url_of):
    counts = []
    for size in (2, 60):
        province = ProvinceFactory()
        city = ChineseCityFactory(parent=province)
        pairs_of(city, size)
        for _ in range(size):
            CityPairingFactory(side_a=ChineseCityFactory(parent=province))
        place = city if url_of == "city" else province
        counts.append(query_count(client, place.get_absolute_url()))
    assert counts[0] == counts[1]


def test_list_queries_do_not_grow_with_activities_per_pair(client):
    counts = []
    for size in (2, 60):
        pairing = CityPairingFactory()
        for _ in range(size):
            ExchangeActivityFactory().pairings.add(pairing)
        counts.append(
            [
                query_count(client, "/en/activities/"),
                query_count(client, pairing.get_absolute_url()),
                query_count(client, "/en/pairs/?category=trade"),
            ]
        )
    assert counts[0] == counts[1]


# --- Admin ---------------------------------------------------------------------------------


def admin_url(model, view, *args):
    return reverse(f"admin:registry_{model._meta.model_name}_{view}", args=args)


def test_pairing_change_page_links_its_activities_with_a_constant_number_of_queries(admin_client):
    admin_client.get(admin_url(Pairing, "change", CityPairingFactory().pk))  # per-process caches
    counts = []
    for size in (2, 60):
        pairing = CityPairingFactory()
        for _ in range(size):
            ExchangeActivityFactory().pairings.add(pairing)
        url = admin_url(Pairing, "change", pairing.pk)
        counts.append(query_count(admin_client, url))
        html = admin_client.get(url).content.decode()
        link = re.search(r'<a href="([^"]+)">(\d+) exchange activities</a>', html)
        assert link
        assert int(link.group(2)) == size
    assert counts[0] == counts[1]
    listed = admin_client.get(link.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200
    assert {activity.pk for activity in listed.context["cl"].result_list} == set(
        pairing.activities.values_list("pk", flat=True)
    )


def test_jurisdiction_changelist_translates_country_names_per_row_not_per_choice(admin_client):
    calls = []
    for size in (5, 50):
        for _ in range(size):
            ChineseCityFactory()
        with mock.patch.object(
            Countries, "translate_pair", autospec=True, side_effect=Countries.translate_pair
        ) as spy:
            admin_client.get(admin_url(ChineseCityFactory._meta.model, "changelist"))
        calls.append(spy.call_count)
    # The country filter's choices (~250 names) once, and the row's own country name: 1,000 a row
    # when the column was displayed through the field's choices.
    assert calls[0] < 600
    assert calls[1] - calls[0] <= 2 * 45


def test_pairing_changelist_decades_come_from_the_first_and_last_date(admin_client):
    CityPairingFactory(established_on="1979-01-01", established_precision="year")
    CityPairingFactory(established_on="2001-05-01", established_precision="month")
    html = admin_client.get(admin_url(Pairing, "changelist")).content.decode()
    assert re.findall(r"\?decade=(\d+)", html) == ["1970", "1980", "1990", "2000"]


def test_pairing_admin_search_finds_pairs_by_either_side_and_slug(admin_client):
    wuxi = CityPairingFactory(side_a=ChineseCityFactory(name_en="Wuxi"), slug="wuxi-x")
    reverse_side = CityPairingFactory(side_b=USCityFactory(name_en="Wuxiville"))
    by_slug = CityPairingFactory(slug="special-slug")
    CityPairingFactory()
    found = admin_client.get(admin_url(Pairing, "changelist"), {"q": "wuxi"}).context["cl"].result_list
    assert {pairing.pk for pairing in found} == {wuxi.pk, reverse_side.pk}
    found = admin_client.get(admin_url(Pairing, "changelist"), {"q": "special"}).context["cl"].result_list
    assert [pairing.pk for pairing in found] == [by_slug.pk]


def test_trigram_indexes_exist_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
            names = {row[0] for row in cursor.fetchall()}
            assert {"jurisdiction_name_en_trgm", "exchangeacti_title_en_trgm"} <= names
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm'")
            assert cursor.fetchall() == []


def test_a_busy_pair_page_shows_a_page_of_its_activities_newest_first(client):
    pairing = CityPairingFactory()
    for n in range(views.PAGE_SIZE + 3):
        activity = ExchangeActivityFactory(starts_on=f"{1990 + n % 30}-01-01", starts_precision="year")
        activity.pairings.add(pairing)
    ExchangeActivityFactory(is_published=False).pairings.add(pairing)
    first = client.get(pairing.get_absolute_url())
    assert len(first.context["activities"]) == views.PAGE_SIZE
    assert first.context["activities"].paginator.count == views.PAGE_SIZE + 3
    assert first.context["activities"][0].starts_on.year == 2019
    assert 'href="?page=2"' in first.content.decode()
    assert len(client.get(pairing.get_absolute_url(), {"page": 2}).context["activities"]) == 3
