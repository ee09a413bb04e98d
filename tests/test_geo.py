"""Great-circle arcs for the Pacific-centred map, and the GeoJSON download."""

import itertools
import math

import pytest

from registry.geo import POLAR_LIMIT, great_circle, pacific_longitude, unwrap

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


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((101.5, 25.0), (-75.5, 39.0)),  # Yunnan – Delaware
        ((102.7, 25.0), (-73.9, 42.8)),  # Kunming – Schenectady
    ],
)
def test_arcs_over_the_pole_end_on_the_drawn_americas(start, end):
    """Both ended at longitude -75, on the copy of the Americas west of China, not at 285."""
    points = great_circle(start, end)
    assert points[0][0] == pytest.approx(start[0])
    assert points[-1] == [pytest.approx(end[0] + 360, abs=1e-3), pytest.approx(end[1], abs=1e-3)]


def test_unwrap_moves_the_rest_of_a_line_that_continuity_sends_a_turn_away():
    # Across the pole: the longitude swings by more than half a turn between two points.
    points = unwrap([[101.5, 25], [101.5, 80], [90, 89], [-80, 88], [-75.5, 39]])
    assert points[-1][0] == 284.5
    assert points[:3] == [[101.5, 25], [101.5, 80], [90, 89]]
    assert [lon for lon, _lat in points[3:]] == [280, 284.5]


def test_arcs_near_the_pole_stay_below_mercators_edge_as_a_curve_not_a_flat_line():
    points = great_circle((100.2, 26.9), (-79.9, 37.3))  # Lijiang – Roanoke: 88.4° as a great circle
    latitudes = [lat for _lon, lat in points]
    assert max(latitudes) <= POLAR_LIMIT < 85
    # Rises, then falls, never flat for long: at most two points share the top.
    assert latitudes.count(max(latitudes)) <= 2
    assert all(abs(b[0] - a[0]) < 20 for a, b in itertools.pairwise(points))


def test_arcs_far_from_the_pole_stay_great_circles():
    points = great_circle((114.3, 30.6), (-83.0, 40.0))  # Wuhan – Columbus
    assert max(lat for _lon, lat in points) < POLAR_LIMIT
    assert points[16][1] > 60  # the great circle's bulge, not a straight line
