"""Positions from the gazetteer for Chinese divisions: the GeoNames place that is the division
(identity and position), or its seat (position only, said so), or nothing when no GeoNames place
carries the division's name in its province. US counties: the point vendored from the Census county
boundaries (us_county_positions.csv). Never a guess."""

import csv
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from registry.models import GazetteerEntry, Jurisdiction
from registry.places.loading import COUNTY_POSITIONS_SOURCE, DATA
from registry.places.models import PlaceMatch
from registry.places.reconcile import reconcile_places

from . import places_fixtures

gazetteer = places_fixtures.gazetteer
reconciled = places_fixtures.reconciled

pytestmark = pytest.mark.django_db


def entry(code):
    return GazetteerEntry.objects.get(source="gb2260", code=code)


@pytest.mark.parametrize(
    ("code", "geonames_id", "why"),
    [
        ("340200", 1791236, "the full name 芜湖市 wins over a village carrying 芜湖"),
        ("310110", 1787375, "a district GeoNames knows by its short name 杨浦 and its pinyin"),
        ("370781", 1786731, "no Chinese name in GeoNames, but the pinyin and 236,406 people"),
        ("810000", 1819729, "Hong Kong is its own country in GeoNames"),
    ],
)
def test_division_takes_the_geonames_place_that_is_it(gazetteer, code, geonames_id, why):
    division = entry(code)
    assert division.geonames_id == geonames_id, why
    assert division.latitude is not None
    assert division.position_provenance.startswith(f"GeoNames {geonames_id} (")


@pytest.mark.parametrize(
    ("code", "seat"),
    [
        ("320211", 1808544),  # 滨湖区 of Wuxi: GeoNames' Helie carries 滨湖区 (8273498 Binhu is in Nanjing)
        ("440113", 1795055),  # 番禺区: Shiqiao carries 番禺 and P'an-yu-hsien
    ],
)
def test_a_division_without_its_own_place_takes_its_seats_position_only(gazetteer, code, seat):
    division = entry(code)
    assert division.geonames_id is None  # the seat is not the division
    assert division.position_geonames_id == seat
    assert division.latitude is not None
    assert "the seat carrying the division's name" in division.position_provenance


def test_a_town_named_like_its_county_is_not_the_county(gazetteer):
    tiantai = entry("331023")  # 天台县: GeoNames has only towns (天台镇, 天台城关镇)
    assert (tiantai.geonames_id, tiantai.latitude) == (None, None)


def test_reconcile_positions_and_chinese_names_on_the_demo_data(reconciled):
    _before, _outcomes, after = reconciled
    # Measured on the demo data: 423 of 467 places (90.6 %); the rest are listed, not guessed.
    assert after["positions"] >= 423
    binhu = Jurisdiction.objects.get(gbt2260_code="320211")
    assert binhu.coordinates_source.startswith("GeoNames 1808544, the seat")
    # Chinese names of US places, as measured on the demo data (203 of 255): a floor, not a target.
    us = Jurisdiction.objects.filter(country="US")
    assert us.exclude(name_zh="").count() >= 203


def test_reconcile_lists_every_place_left_without_a_position(reconciled, capsys):
    call_command("reconcile_places")
    out = capsys.readouterr().out
    blank = Jurisdiction.objects.filter(latitude__isnull=True)
    assert f"Places without a position ({blank.count()}):" in out
    for place in blank:
        assert f"  {place.slug}: " in out
    assert "positions: " in out
    assert "% of places)" in out


# --- US counties ------------------------------------------------------------------------------


def county_rows():
    with (DATA / "us_county_positions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["fips"]: row for row in csv.DictReader(handle)}


def test_the_county_positions_cite_the_vendored_package_version():
    versions = (DATA / "VERSIONS.md").read_text(encoding="utf-8")
    package, release = re.search(r"\(npm (\S+) (\S+), ISC\)", COUNTY_POSITIONS_SOURCE).groups()
    assert f"| {package} | {release} | ISC | counties-10m.json → us_county_positions.csv |" in versions
    rows = county_rows()
    assert len(rows) > 3000
    assert {row["method"] for row in rows.values()} == {"centroid", "inside_point"}


@pytest.mark.parametrize(("fips", "point"), [("42029", "the centroid"), ("51161", "an inside point")])
def test_a_us_county_entry_takes_its_point_from_the_vendored_file(gazetteer, fips, point):
    row = county_rows()[fips]  # Chester County, PA; Roanoke County, VA (around the city of Roanoke)
    county = GazetteerEntry.objects.get(source="us_county", code=fips)
    assert county.name_en.startswith(row["name"])
    assert (county.latitude, county.longitude) == (float(row["latitude"]), float(row["longitude"]))
    assert county.position_geonames_id is None
    assert county.position_provenance == f"US county FIPS {fips}, {point} of {COUNTY_POSITIONS_SOURCE}"


def test_a_us_county_the_file_gives_no_point_keeps_none(gazetteer):
    assert "51610" not in county_rows()  # Falls Church: the simplified boundaries reduce it to a line
    falls_church = GazetteerEntry.objects.get(source="us_county", code="51610")
    assert (falls_church.latitude, falls_church.longitude) == (None, None)


def test_reconcile_fills_a_county_places_blank_position_from_its_entry(reconciled):
    chester = Jurisdiction.objects.get(slug="us-pennsylvania-chester-county")
    row = county_rows()["42029"]
    match = chester.gazetteer_match
    assert match.entry.code == "42029"
    assert (chester.latitude, chester.longitude) == (Decimal(row["latitude"]), Decimal(row["longitude"]))
    provenance = f"US county FIPS 42029, the centroid of {COUNTY_POSITIONS_SOURCE}"
    assert chester.coordinates_source == provenance
    assert match.filled["latitude"] == match.filled["longitude"] == provenance  # it was blank


def test_reconcile_never_overwrites_a_county_places_cited_position(reconciled):
    maui = Jurisdiction.objects.get(slug="us-hawaii-maui-county")
    PlaceMatch.objects.filter(jurisdiction=maui).delete()
    Jurisdiction.objects.filter(pk=maui.pk).update(
        latitude="20.800001", longitude="-156.300001", coordinates_source="https://example.org/cited"
    )
    reconcile_places(queryset=Jurisdiction.objects.filter(pk=maui.pk))
    maui.refresh_from_db()
    assert maui.gazetteer_match.entry.code == "15009"
    assert (str(maui.latitude), str(maui.longitude), maui.coordinates_source) == (
        "20.800001",
        "-156.300001",
        "https://example.org/cited",
    )
    assert "latitude" not in maui.gazetteer_match.filled
