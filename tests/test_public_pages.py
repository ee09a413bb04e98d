"""The public pages on the real China–US data: what they show, in both languages, and what they
never show."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import ExchangeActivity, Jurisdiction, Pairing

from .factories import ChineseCityFactory, CityPairingFactory, USCityFactory
from .helpers import body, build_open_data

pytestmark = pytest.mark.django_db


def pair_slugs(response):
    """The slugs of the pairs a list page shows, in its order."""
    return [row.slug for row in response.context["rows"]]


def all_listed_slugs(client, query):
    """Every slug of a filtered list, following its pages."""
    slugs, page = [], 1
    while True:
        response = client.get(reverse("registry:pairing-list"), {**query, "page": page})
        slugs += pair_slugs(response)
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


# --- Search and filters -----------------------------------------------------------------------


@pytest.mark.parametrize("q", ["Ohio", "湖北", "ohio", "Húběi"])
def test_search_finds_hubei_ohio_in_english_chinese_and_aliases(client, demo_data, q):
    response = client.get(reverse("registry:pairing-list"), {"q": q})
    assert "hubei-ohio" in pair_slugs(response)


def test_search_matches_only_pairs_with_the_text(client, demo_data):
    slugs = all_listed_slugs(client, {"q": "Ohio"})
    expected = set(
        Pairing.objects.filter(side_b__name_en__icontains="Ohio").values_list("slug", flat=True)
        | Pairing.objects.filter(side_a__name_en__icontains="Ohio").values_list("slug", flat=True)
    )
    assert set(slugs) == expected


def test_kind_filter_keeps_only_that_kind(client, demo_data):
    slugs = all_listed_slugs(client, {"kind": "province_state"})
    assert len(slugs) == 34


def test_region_filter_finds_the_province_and_the_city_pairs_inside_it(client, demo_data):
    slugs = set(all_listed_slugs(client, {"region": "cn-hubei"}))
    assert slugs == {
        "hubei-ohio",
        "hubei-alabama",
        "hongan-county-yorba-linda",
        "wuhan-st-louis",
        "wuhan-pittsburgh",
        "xiangyang-carmel",
        "xiangyang-columbus",
        "xiangyang-raleigh",
        "xianning-durham",
        "xianning-cupertino",
        "yichang-washington-county",
        "qiaokou-district-columbus",
        "economic-and-technological-development-zone-columbus",
    }


def test_year_range_filter(client, demo_data):
    slugs = all_listed_slugs(client, {"year_from": 1979, "year_to": 1979})
    years = {Pairing.objects.get(slug=slug).established_on.year for slug in slugs}
    assert years == {1979}
    assert "hubei-ohio" in slugs


def test_activity_category_filter(client, demo_data):
    slugs = set(all_listed_slugs(client, {"category": "people"}))
    expected = set(
        Pairing.objects.filter(activities__category="people", activities__is_published=True).values_list(
            "slug", flat=True
        )
    )
    assert slugs == expected
    assert {"hubei-ohio", "nanjing-st-louis", "hebei-iowa"} <= slugs
    assert "changchun-little-rock" not in slugs


def test_status_filter(client, demo_data):
    slugs = all_listed_slugs(client, {"status": "ended"})
    assert {Pairing.objects.get(slug=slug).status for slug in slugs} == {"ended"}
    assert len(slugs) == Pairing.objects.filter(status="ended").count() == 2
    slugs = all_listed_slugs(client, {"status": "suspended"})
    assert [Pairing.objects.get(slug=slug).status for slug in slugs] == ["suspended"]


def test_default_order_is_by_date_with_undated_last_and_deterministic(client, demo_data):
    slugs = all_listed_slugs(client, {})
    assert len(slugs) == len(set(slugs)) == 280
    assert slugs[0] == "nanjing-st-louis"  # 1979, before Hubei–Ohio's 31 October 1979
    assert Pairing.objects.get(slug=slugs[-1]).established_on is None


def test_sort_by_name_descending(client, demo_data):
    slugs = all_listed_slugs(client, {"sort": "-name"})
    names = [Pairing.objects.get(slug=slug).side_a.name_en for slug in slugs]
    assert names == sorted(names, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "nonsense"},
        {"status": "'; DROP TABLE"},
        {"region": "no-such-place"},
        {"country": "XX"},
        {"year_from": "10000000000000000000000"},
        {"year_to": "abc"},
        {"category": "<script>"},
        {"sort": "password"},
        {"q": "x" * 10_000},
        {"q": "x" * 10_001},
        {"q": "a\x00b"},
        {"region": "a\x00b"},
        {"place": "a\x00b"},
        {"page": str(10**9)},
        {"page": "-1"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "last"},
    ],
)
@pytest.mark.parametrize("name", ["registry:pairing-list", "registry:map", "registry:activity-list"])
def test_bad_query_strings_give_a_normal_page_or_404(client, demo_data, query, name):
    response = client.get(reverse(name), query)
    assert response.status_code in (200, 404)


def test_unknown_filter_value_shows_the_form_error(client, demo_data):
    response = client.get(reverse("registry:pairing-list"), {"kind": "nonsense"})
    assert response.context["filter"].errors["kind"]


# --- Pair, place and activity pages -----------------------------------------------------------


def test_pair_page_shows_both_sides_dates_at_their_precision_and_sources(client, demo_data):
    response = client.get(reverse("registry:pairing-detail", kwargs={"slug": "henan-kansas"}))
    html = response.content.decode()
    assert "Henan" in html
    assert "河南省" in html
    assert "US-KS" in html
    assert ">1981<" in html
    assert "1981-01-01" not in html
    pairing = Pairing.objects.get(slug="henan-kansas")
    for source in pairing.sources.all():
        assert f'href="{source.url}"' in html


def test_pair_page_shows_years_since_establishment(client, demo_data):
    response = client.get(reverse("registry:pairing-detail", kwargs={"slug": "hubei-ohio"}))
    assert response.context["years_since"] == datetime.date.today().year - 1979


def test_pair_page_in_chinese_shows_chinese_date_and_names_with_english_beside(client, demo_data):
    with translation.override("zh-hans"):
        url = reverse("registry:pairing-detail", kwargs={"slug": "hubei-ohio"})
    html = client.get(url).content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "1979年10月31日" in html
    assert "<h1>湖北省 – 俄亥俄州</h1>" in html
    assert "Hubei – Ohio" in html


def test_province_page_lists_its_pairs_and_the_city_pairs_inside_it(client, demo_data):
    response = client.get(reverse("registry:jurisdiction-detail", kwargs={"slug": "cn-hubei"}))
    assert {p.slug for p in response.context["pairings"]} == {"hubei-ohio", "hubei-alabama"}
    assert "wuhan-st-louis" in {p.slug for p in response.context["inside_pairings"]}


def test_activity_list_and_detail(client, demo_data):
    response = client.get(reverse("registry:activity-list"), {"category": "people"})
    dialogue = next(
        a for a in response.context["object_list"] if a.title_en.startswith("China–U.S. sister cities video")
    )
    assert {a.category for a in response.context["object_list"]} == {"people"}
    detail = client.get(dialogue.get_absolute_url())
    assert {p.slug for p in detail.context["activity"].public_pairings} == {
        "hubei-ohio",
        "nanjing-st-louis",
        "hebei-iowa",
        "anhui-maryland",
        "fujian-oregon",
        "henan-kansas",
    }


def test_activity_place_filter_finds_activities_of_pairs_of_that_place(client, demo_data):
    response = client.get(reverse("registry:activity-list"), {"place": "Iowa"})
    # The text matches the names of places (the state Iowa), not the places inside them.
    expected = set(
        ExchangeActivity.objects.filter(pairings__side_b__slug="us-iowa").values_list("pk", flat=True)
    )
    assert {a.pk for a in response.context["object_list"]} == expected
    assert len(expected) > 1
    response = client.get(reverse("registry:activity-list"), {"place": "Alaska"})
    assert len(response.context["object_list"]) == 0


def test_map_counts_every_published_pair_in_its_flows(client, demo_data):
    """At world zoom every pair is in a flow between provinces/states, also those whose city has no
    position (the flow is drawn between their provinces)."""
    flows = client.get(reverse("registry:map-flows")).json()
    assert flows["level"] == "province"
    assert sum(flow["count"] for flow in flows["flows"]) == Pairing.objects.filter(is_published=True).count()
    hubei_ohio = next(flow for flow in flows["flows"] if {flow["a"], flow["b"]} == {"Hubei", "Ohio"})
    assert (
        hubei_ohio["count"]
        == Pairing.objects.public()
        .in_region(Jurisdiction.objects.get(slug="cn-hubei"))
        .in_region(Jurisdiction.objects.get(slug="us-ohio"))
        .count()
    )


def test_home_and_map_pages_embed_no_pair_data(client, demo_data):
    for name in ("registry:home", "registry:map"):
        html = client.get(reverse(name)).content.decode()
        assert "application/json" not in html
        assert "data-flows=" in html
        assert len(html.encode()) < 40_000


def test_statistics_page_counts(client, demo_data):
    response = client.get(reverse("registry:statistics"))
    assert dict((label, n) for label, n, _value in response.context["by_kind"]) == {
        "province–state": 34,
        "city": 246,
    }
    years = dict(response.context["years"])
    assert years[1979] == Pairing.objects.filter(established_on__year=1979).count()
    table = response.context["table"]
    assert sum(pairing is not None for _province, cells in table["rows"] for pairing in cells) == 34
    assert table["rows"][0][0].country == "CN"


def test_statistics_table_for_a_chosen_pair_of_countries(client, demo_data):
    response = client.get(reverse("registry:statistics"), {"table_from": "US", "table_to": "CN"})
    table = response.context["table"]
    assert {place.country.code for place, _cells in table["rows"]} == {"US"}
    assert {place.country.code for place in table["states"]} == {"CN"}
    assert sum(pairing is not None for _place, cells in table["rows"] for pairing in cells) == 34
    # A country the registry does not have: the form says so and the default table shows.
    response = client.get(reverse("registry:statistics"), {"table_from": "ZZ"})
    assert response.status_code == 200
    assert response.context["table_form"].errors["table_from"]
    assert response.context["table"]["first"].code == "CN"


def _selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\w+)" selected>', select)


def test_statistics_table_form_shows_the_countries_of_the_table(client, demo_data):
    # Unasked, half asked, or asked for a country the registry does not have: the default table
    # shows and the form says so, so that "Show" without a change shows the same table.
    for query in ({}, {"table_from": "CN"}, {"table_to": ""}, {"table_from": "ZZ", "table_to": "CN"}):
        html = client.get(reverse("registry:statistics"), query).content.decode()
        assert _selected(html, "table_from") == ["CN"], query
        assert _selected(html, "table_to") == ["US"], query
    html = client.get(reverse("registry:statistics"), {"table_from": "US", "table_to": "CN"}).content.decode()
    assert (_selected(html, "table_from"), _selected(html, "table_to")) == (["US"], ["CN"])


def test_every_page_is_reachable_from_home(client, demo_data):
    html = client.get(reverse("registry:home")).content.decode()
    for name in ("pairing-list", "map", "activity-list", "statistics", "open-data"):
        assert f'href="{reverse(f"registry:{name}")}"' in html


# --- Languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "prefix"), [("zh-CN,zh;q=0.9", "/zh-hans/"), ("en-US,en;q=0.9", "/en/")])
def test_root_redirects_to_the_browser_language(client, accept, prefix):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == prefix


def test_language_switch_keeps_the_page_and_filters(client, demo_data):
    html = client.get("/en/pairs/?kind=city").content.decode()
    assert 'href="/zh-hans/pairs/?kind=city"' in html


# --- Only published records -------------------------------------------------------------------


@pytest.fixture
def unpublished(db):
    pairing = CityPairingFactory(
        is_published=False,
        staff_notes="SECRET-PAIR-NOTE",
        side_a=ChineseCityFactory(name_en="Hiddenville", latitude=30, longitude=110),
        side_b=USCityFactory(
            name_en="Secrettown", staff_notes="SECRET-PLACE-NOTE", latitude=40, longitude=-90
        ),
    )
    return pairing


def test_unpublished_pair_and_its_places_are_404(client, unpublished):
    assert client.get(unpublished.get_absolute_url()).status_code == 404
    assert client.get(unpublished.side_a.get_absolute_url()).status_code == 404
    assert client.get(f"/api/pairs/{unpublished.slug}").status_code == 404
    assert client.get(f"/api/places/{unpublished.side_a.slug}").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/pairs/",
        "/en/pairs/?q=Hidden",
        "/en/map/",
        "/en/statistics/",
        "/en/open-data/sister-pairs.geojson",
        "/api/pairs",
        "/api/pairs?q=Hidden",
    ],
)
def test_unpublished_records_never_appear(client, unpublished, url):
    # A published pair with staff notes on it and on a side: the notes stay private too.
    CityPairingFactory(
        staff_notes="SECRET-PAIR-NOTE",
        side_a=ChineseCityFactory(latitude=31, longitude=111, staff_notes="SECRET-PLACE-NOTE"),
        side_b=USCityFactory(latitude=41, longitude=-91),
    )
    build_open_data()
    html = body(client.get(url)).decode()
    assert "Hiddenville" not in html
    assert "SECRET" not in html


def test_place_page_never_shows_staff_notes(client, demo_data):
    place = Jurisdiction.objects.public().exclude(staff_notes="").first()
    html = client.get(place.get_absolute_url()).content.decode()
    assert place.staff_notes not in html


def test_place_is_public_through_a_place_inside_it(client):
    pairing = CityPairingFactory()
    province = pairing.side_a.parent
    assert client.get(province.get_absolute_url()).status_code == 200


def test_home_counts_only_published_pairs(client, unpublished):
    CityPairingFactory()
    counts = client.get(reverse("registry:home")).context["counts"]
    assert Pairing.objects.count() == Pairing.objects.filter(is_published=True).count() + 1
    assert counts["total"] == Pairing.objects.filter(is_published=True).count()
