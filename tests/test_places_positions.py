"""Positions from the gazetteer for Chinese divisions: the GeoNames place that is the division
(identity and position), or its seat (position only, said so), or nothing when no GeoNames place
carries the division's name in its province. Never a guess."""

import pytest
from django.core.management import call_command

from registry.models import GazetteerEntry, Jurisdiction

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
    # Measured on the demo data: 409 of 467 places (87.6 %); the rest are listed, not guessed.
    assert after["positions"] >= 409
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
