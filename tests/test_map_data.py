"""The maps' JSON (registry/map_views.py, registry/map_layers.py): flows at world zoom, arcs per
tile, the place finder; bounded and published-only. Query counts: tests/test_public_queries.py."""

import pytest
from django.urls import reverse

from registry import map_layers, map_views

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ProvinceFactory,
    ProvinceStatePairingFactory,
    StateFactory,
    USCityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    hubei = ProvinceFactory(slug="cn-hubei", name_en="Hubei", latitude=31, longitude=112)
    ohio = StateFactory(slug="us-ohio", name_en="Ohio", latitude=40, longitude=-83)
    wuhan = ChineseCityFactory(parent=hubei, name_en="Wuhan", slug="cn-wuhan", latitude=30.6, longitude=114.3)
    columbus = USCityFactory(parent=ohio, name_en="Columbus", slug="us-columbus", latitude=40, longitude=-83)
    return {"hubei": hubei, "ohio": ohio, "wuhan": wuhan, "columbus": columbus}


def test_flows_count_pairs_per_pair_of_provinces_in_either_order(client, places):
    ProvinceStatePairingFactory(side_a=places["hubei"], side_b=places["ohio"])
    CityPairingFactory(side_a=places["wuhan"], side_b=places["columbus"])
    # B–A: the same flow.
    CityPairingFactory(
        side_a=USCityFactory(parent=places["ohio"]), side_b=ChineseCityFactory(parent=places["hubei"])
    )
    CityPairingFactory(side_a=places["wuhan"], side_b=USCityFactory(), is_published=False)
    data = client.get(reverse("registry:map-flows")).json()
    assert data["level"] == "province"
    [flow] = data["flows"]
    assert (flow["a"], flow["b"], flow["count"]) == ("Hubei", "Ohio", 3)
    assert flow["a_url"] == "/en/places/cn-hubei/"
    assert flow["points"][0] == [31, 112]
    assert flow["points"][-1] == [40, 277]  # Ohio drawn east of the Pacific


def test_flows_of_a_place_are_its_pairs_and_those_inside_it(client, places):
    CityPairingFactory(side_a=places["wuhan"], side_b=places["columbus"])
    CityPairingFactory(side_a=ChineseCityFactory(), side_b=places["columbus"])
    flows = client.get(reverse("registry:map-flows"), {"place": "cn-hubei"}).json()["flows"]
    assert [flow["count"] for flow in flows] == [1]
    assert client.get(reverse("registry:map-flows"), {"place": "no-such-place"}).status_code == 404


def test_flows_become_country_flows_past_the_limit(client, places, monkeypatch):
    monkeypatch.setattr(map_layers, "FLOW_LIMIT", 1)
    CityPairingFactory(side_a=places["wuhan"], side_b=places["columbus"])
    CityPairingFactory(
        side_a=ChineseCityFactory(parent=ProvinceFactory(latitude=23, longitude=113)),
        side_b=USCityFactory(parent=StateFactory(latitude=37, longitude=-120)),
    )
    data = client.get(reverse("registry:map-flows")).json()
    assert data["level"] == "country"
    [flow] = data["flows"]
    assert (flow["a"], flow["b"], flow["count"]) == ("China", "United States of America", 2)
    assert flow["points"]


def test_country_flows_past_the_limit_are_the_busiest_and_say_how_many_there_are(client, places, monkeypatch):
    monkeypatch.setattr(map_layers, "FLOW_LIMIT", 1)
    CityPairingFactory(side_a=places["wuhan"], side_b=places["columbus"])
    CityPairingFactory(side_a=ChineseCityFactory(), side_b=USCityFactory())
    CityPairingFactory(side_a=ChineseCityFactory(), side_b=USCityFactory(country="FR", parent=None))
    data = client.get(reverse("registry:map-flows")).json()
    assert data["level"] == "country"
    [flow] = data["flows"]
    assert (flow["a"], flow["b"], flow["count"]) == ("China", "United States of America", 2)
    assert data["total"] == 2


def test_a_refused_filter_is_a_400_naming_the_field(client):
    response = client.get(reverse("registry:map-flows"), {"kind": "nonsense", "year_from": "10" * 20})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "year_from"}


def test_a_tile_has_the_pairs_with_a_side_in_it_and_says_how_many_it_leaves_out(client, places, monkeypatch):
    monkeypatch.setattr(map_layers, "TILE_ARC_LIMIT", 2)
    for _ in range(3):
        CityPairingFactory(side_a=ChineseCityFactory(latitude=30, longitude=114), side_b=places["columbus"])
    far = CityPairingFactory(
        side_a=ChineseCityFactory(latitude=45, longitude=87),
        side_b=USCityFactory(latitude=34, longitude=-118),
    )
    # Zoom 4: 45° tiles from (-30, -90); x=3, y=2 is longitudes 105–150, latitudes 0–45 (Wuhan).
    data = client.get(reverse("registry:map-tile", args=[4, 3, 2])).json()
    assert data["total"] == 3
    assert len(data["arcs"]) == 2
    assert far.get_absolute_url() not in [arc["url"] for arc in data["arcs"]]
    # Columbus (-83, drawn at 277) is in the tile x=6 (drawn 240–285), y=2; so are all four pairs' arcs
    # that end there, and Los Angeles (drawn 242) too.
    data = client.get(reverse("registry:map-tile", args=[4, 6, 2])).json()
    assert data["total"] == 4
    assert data["arcs"][0]["points"][-1][1] == pytest.approx(277)


@pytest.mark.parametrize("tile", ["4/8/0", "4/0/4", "2/0/0", "11/0/0", "4/-1/0"])
def test_a_tile_off_the_map_or_at_an_unserved_zoom_is_a_404(client, tile):
    assert client.get(f"/en/map/arcs/{tile}.json").status_code == 404


def test_tile_bounds():
    assert map_layers.tile_bounds(4, 0, 0) == (-30, -90, 15, -45)
    assert map_layers.tile_bounds(4, 7, 3) == (285, 45, 330, 90)
    assert map_layers.tile_bounds(4, 8, 0) is None
    assert map_layers.tile_bounds(2, 0, 0) is None


def test_finder_finds_public_places_with_a_position(client, places):
    CityPairingFactory(side_a=places["wuhan"], side_b=places["columbus"])
    found = client.get(reverse("registry:map-finder"), {"find": "colum"}).json()["places"]
    assert [place["url"] for place in found] == ["/en/places/us-columbus/"]
    assert found[0]["point"] == [40, 277]
    assert client.get(reverse("registry:map-finder"), {"find": "Nowhere"}).json() == {"places": []}
    assert client.get(reverse("registry:map-finder"), {"find": "x" * 101}).status_code == 400


def test_finder_looks_past_its_first_candidates_when_they_are_not_public(client, places, monkeypatch):
    # "Columbia" sorts before "Columbus" and is on no published pair.
    USCityFactory(parent=places["ohio"], name_en="Columbia", slug="us-columbia", latitude=34, longitude=-81)
    CityPairingFactory(side_a=places["wuhan"], side_b=places["columbus"])
    monkeypatch.setattr(map_views, "FINDER_CANDIDATES", 1)
    found = client.get(reverse("registry:map-finder"), {"find": "colum"}).json()["places"]
    assert [place["url"] for place in found] == ["/en/places/us-columbus/"]


def test_map_data_is_kept_per_state_of_the_data(client, places, django_assert_num_queries):
    CityPairingFactory(side_a=places["wuhan"], side_b=places["columbus"])
    url = reverse("registry:map-flows")
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
    CityPairingFactory(side_a=ChineseCityFactory(parent=places["hubei"]), side_b=places["columbus"])
    assert client.get(url).json()["flows"][0]["count"] == 2
