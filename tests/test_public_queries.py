"""No N+1 on the public side: every page makes the same number of queries for 1 row as for 200."""

import pytest
from django.test import override_settings
from django.urls import reverse

from registry import derived_tables, summary
from registry.models import ActivityCategory, Pairing
from registry.tasks.summary import refresh_summary

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    MilestoneFactory,
    ProvinceFactory,
    SourceFactory,
    StateFactory,
    USCityFactory,
)
from .helpers import build_open_data, delete_registry_rows

pytestmark = pytest.mark.django_db


def build_rows(count):
    """`count` published city pairs inside one province and one state, each with coordinates, a
    source, a milestone and an activity, plus one unpublished pair that must never show."""
    province, state = ProvinceFactory(slug="province-x"), StateFactory(slug="state-y")
    activity = ExchangeActivityFactory(
        category=ActivityCategory.TRADE, starts_on="2020-01-01", starts_precision="year", host=province
    )
    for index in range(count):
        pairing = CityPairingFactory(
            side_a=ChineseCityFactory(parent=province, latitude=30 + index / 100, longitude=114),
            side_b=USCityFactory(parent=state, latitude=40, longitude=-83 - index / 100),
            established_on=f"{1980 + index % 40}-01-01",
            established_precision="year",
        )
        pairing.sources.add(SourceFactory())
        MilestoneFactory(pairing=pairing).sources.add(SourceFactory())
        activity.pairings.add(pairing)
    hidden = CityPairingFactory(side_a=ChineseCityFactory(parent=province), is_published=False)
    activity.pairings.add(hidden)
    activity.sources.add(SourceFactory())
    return {"province": province, "state": state, "activity": activity, "last": pairing}


def page_urls(rows):
    return {
        "home": reverse("registry:home"),
        "pairs": reverse("registry:pairing-list"),
        "pairs-filtered": reverse("registry:pairing-list")
        + f"?q=City&kind=city&region={rows['province'].slug}&category=trade&year_from=1980&sort=-name",
        "pair": rows["last"].get_absolute_url(),
        "province": rows["province"].get_absolute_url(),
        "city": rows["last"].side_a.get_absolute_url(),
        "activities": reverse("registry:activity-list"),
        "activity": rows["activity"].get_absolute_url(),
        "map": reverse("registry:map"),
        "map-flows": reverse("registry:map-flows"),
        "map-flows-filtered": reverse("registry:map-flows") + f"?place={rows['province'].slug}&kind=city",
        # The tile of drawn longitudes 105-150 and latitudes 0-45: the Chinese cities of the rows.
        "map-tile": reverse("registry:map-tile", args=[4, 3, 2]),
        "map-finder": reverse("registry:map-finder") + "?find=City",
        "statistics": reverse("registry:statistics"),
        "open-data": reverse("registry:open-data"),
        "geojson": reverse("registry:geojson"),
        "api-pairs": "/api/pairs?region=province-x",
        "api-pair": f"/api/pairs/{rows['last'].slug}",
        "api-places": "/api/places?country=CN",
        "api-activities": "/api/activities",
    }


# Measured, and the same for 1 and 200 rows; a change here is a change in how a page fetches.
# Pages with the list filters include the first computation of the public countries, which later
# requests take from the cache.
EXPECTED_QUERIES = {
    # The summary of the current version, the officially reported totals, the first pairs, the
    # newest activities and their pairs.
    "home": 5,
    # The public countries (once per data state), the count (capped, registry/pagination.py), the
    # page's rows; filtered: and the provinces the region names, and whether the derived tables
    # are current (registry/derived_tables.py; asked once by both filters that read them).
    "pairs": 3,
    "pairs-filtered": 5,
    "pair": 6,  # the pair, its sources, milestones, their sources, its activities (count, page)
    # Place pages: the place; its own pairs and the pairs inside it, each a page (count, rows),
    # after asking whether the derived tables are current; a province: the first of the places
    # inside it with pairs (count, rows); one query for the partner-seeking note
    # (registry/templatetags/seeking_tags.py).
    "province": 8,
    "city": 6,
    "activities": 3,
    "activity": 3,
    "map": 2,  # the public countries for its filter (first computed here) and the count of pairs
    # The map data, after the public countries: the flows and their places; the place, then the
    # same, after asking whether the derived tables are current; a tile and its count. None grows
    # with the rows.
    "map-flows": 3,
    "map-flows-filtered": 5,
    "map-tile": 3,
    "map-finder": 2,  # the names, then which of them are public
    # The summary, the reported totals, the names of China's and the US's provinces (2), the
    # public countries, which the province table offers, and the table's pairs.
    "statistics": 6,
    "open-data": 0,
    "geojson": 0,  # a built file, served as it is
    # The region's provinces, whether the derived tables are current, the countries, the count, the
    # page.
    "api-pairs": 5,
    "api-pair": 5,  # the pair, its sources, milestones, their sources, activities
    "api-places": 2,
    "api-activities": 3,
}


@pytest.fixture(scope="module")
def rows(request, django_db_setup, django_db_blocker):
    """`build_rows(request.param)`, built once for every test of this module that asks for that
    count (pytest runs them together) and committed; each test runs in its own rolled-back
    transaction, so none sees another's writes. Public pages never read the change history, so
    none is written for these rows."""
    with django_db_blocker.unblock(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        built = build_rows(request.param)
    yield built
    with django_db_blocker.unblock():
        delete_registry_rows()


@pytest.mark.parametrize("rows", [1, 200], indirect=True)
@pytest.mark.parametrize("page_name", list(EXPECTED_QUERIES))
def test_query_count_is_constant_in_rows(client, django_assert_num_queries, rows, page_name):
    url = page_urls(rows)[page_name]
    if page_name == "geojson":
        build_open_data()  # the download is a file the open-data task builds after writes
    summary.current()  # the counts, which the task computes after each write (tested below)
    with django_assert_num_queries(EXPECTED_QUERIES[page_name]):
        response = client.get(url)
    assert response.status_code == 200


READING_DERIVED_TABLES = ["pairs-filtered", "province", "city", "map-flows-filtered", "api-pairs"]


@pytest.mark.parametrize("rows", [1, 200], indirect=True)
@pytest.mark.parametrize("page_name", READING_DERIVED_TABLES)
def test_pages_reading_the_derived_tables_count_the_same(client, django_assert_num_queries, rows, page_name):
    refresh_summary.call()  # what the worker does after a write: the tables are now current
    assert derived_tables.current()
    with django_assert_num_queries(EXPECTED_QUERIES[page_name]):
        response = client.get(page_urls(rows)[page_name])
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 200], indirect=True)
def test_the_summary_is_computed_in_constant_queries_and_then_read_in_one(django_assert_num_queries, rows):
    # The summary of the current version (none yet), the version; the pairs' headline (2), per
    # year, kind, tier and status, the activities per category, the pairs per province by side (2);
    # the insert (in a savepoint) and the older versions' delete.
    with django_assert_num_queries(15):
        computed = summary.current()
    assert computed["headline"]["total"] == Pairing.objects.filter(is_published=True).count()
    with django_assert_num_queries(1):  # the current version's summary
        assert summary.current() == computed


@pytest.mark.parametrize("rows", [200], indirect=True)
def test_the_query_count_test_covers_many_rows(client, rows):
    """Guard against the 200-row case silently showing fewer rows (e.g. all filtered out)."""
    published = Pairing.objects.filter(is_published=True).count()
    assert client.get(page_urls(rows)["map"]).context["pair_count"] == published == 200
    flows = client.get(page_urls(rows)["map-flows"]).json()["flows"]
    assert [flow["count"] for flow in flows] == [200]
    tile = client.get(page_urls(rows)["map-tile"]).json()
    assert tile["total"] == 200
    assert len(tile["arcs"]) == 200


@pytest.mark.parametrize("rows", [1], indirect=True)
def test_filter_choices_are_computed_once_per_state_of_the_data(client, django_assert_num_queries, rows):
    # Three orders of the same list: three pages for the page cache, one set of filter choices.
    client.get("/en/pairs/?sort=name")
    with django_assert_num_queries(EXPECTED_QUERIES["pairs"] - 1):  # the countries cached
        client.get("/en/pairs/?sort=-name")
    CityPairingFactory(side_b=USCityFactory(country="FR", parent=None))
    assert "France" in client.get("/en/pairs/?sort=established").content.decode()  # a write refreshes them
