"""Great-circle arcs for the Pacific-centred map, and the GeoJSON download."""

import itertools
import math

import pytest

from registry.geo import great_circle, pacific_longitude

from .helpers import build_open_data, json_body


def test_arc_runs_from_start_to_end_across_the_pacific():
    wuhan, columbus = (114.3, 30.6), (-83.0, 40.0)
    points = great_circle(wuhan, columbus)
    assert points[0] == [114.3, 30.6]
    assert points[-1] == [pytest.approx(-83.0 + 360, abs=1e-3), pytest.approx(40.0, abs=1e-3)]
    # Unwrapped: it never jumps across the map.
    assert all(abs(b[0] - a[0]) < 20 for a, b in itertools.pairwise(points))


def test_arc_bulges_towards_the_pole_as_a_great_circle_does():
    points = great_circle((121.5, 31.2), (-122.4, 37.8))  # Shanghai – San Francisco
    assert max(lat for _lon, lat in points) > 45


def test_arc_points_lie_on_the_sphere_between_the_ends():
    points = great_circle((0, 0), (90, 0), segments=2)
    assert points[1] == [pytest.approx(45), pytest.approx(0, abs=1e-9)]


def test_pacific_longitude_moves_only_the_americas():
    assert pacific_longitude(-83) == 277
    assert pacific_longitude(114) == 114
    assert pacific_longitude(-10) == -10


@pytest.mark.django_db
def test_geojson_has_lon_lat_order_and_only_published_pairs(client, demo_data):
    build_open_data()
    response = client.get("/en/open-data/sister-pairs.geojson")
    assert response["Content-Type"] == "application/geo+json"
    features = {feature["id"]: feature for feature in json_body(response)["features"]}
    hubei_ohio = features["hubei-ohio"]["geometry"]["coordinates"]
    assert 108 < hubei_ohio[0][0] < 117  # longitude of Hubei first
    assert 29 < hubei_ohio[0][1] < 34
    assert hubei_ohio[1][0] < -80  # Ohio, west of Greenwich
    assert all(math.isfinite(value) for point in hubei_ohio for value in point)


@pytest.mark.django_db
def test_map_data_draws_no_arc_and_no_dot_for_a_place_without_coordinates():
    from registry.geo import map_data

    from .factories import ChineseCityFactory, CityPairingFactory, USCityFactory

    pairing = CityPairingFactory(
        side_a=ChineseCityFactory(latitude=30, longitude=114), side_b=USCityFactory(latitude=None)
    )
    data = map_data([pairing])
    assert data["arcs"] == []
    assert [place["url"] for place in data["places"]] == [pairing.side_a.get_absolute_url()]
