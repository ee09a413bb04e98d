"""Imports create places only from the gazetteer: the 52 pairs added to the shared data on
2026-11-29 (their 50 city pairs, tests/data/places_new_city_pairs.csv), imported into the demo
data (which lacks them) first as Excel's Chinese GB18030 CSV, then as an English XLSX: the second
import writes nothing."""

import csv
import io

import openpyxl
import pytest
from django.db.models import Q

from registry.imports.plan import apply
from registry.imports.service import import_sheet
from registry.models import Jurisdiction, Level, Milestone, Pairing
from registry.places.names import has_han

from . import places_fixtures
from .imports_helpers import DATA, fingerprint

# The module fixtures: the gazetteer, and the demo data reconciled.
gazetteer = places_fixtures.gazetteer
reconciled = places_fixtures.reconciled

HEADER_ZH = ["甲方国家", "甲方省州", "甲方城市", "乙方国家", "乙方省州", "乙方城市", "来源"]
HEADER_EN = [
    "side_a_country", "side_a_province", "side_a_city", "side_b_country", "side_b_province", "side_b_city",
    "source_url",
]  # fmt: skip


def new_rows():
    with (DATA / "places_new_city_pairs.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def chinese_csv(rows):
    provinces = {p.name_en: p.name_zh for p in Jurisdiction.objects.filter(level=Level.PROVINCE)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER_ZH)
    for row in rows:
        writer.writerow(
            [
                "中国",
                provinces[row["cn_province_en"]],
                row["cn_city_zh"],
                "美国",
                provinces[row["us_state"]],
                row["us_city"],
                row["source_url"],
            ]
        )
    return out.getvalue().encode("gb18030")


def english_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER_EN)
    for row in rows:
        sheet.append(
            [
                "China",
                row["cn_province_en"],
                row["cn_city_en"],
                "United States",
                row["us_state"],
                row["us_city"],
                row["source_url"],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def remove_the_new_pairs(rows):
    """The demo data now holds these pairs (the shared data's 2026-11-29 rows): take them out, and
    the places only they use, so the import meets a registry without them, as the issue asks."""
    pairings = Pairing.objects.none()
    for row in rows:
        pairings |= Pairing.objects.filter(sources__url=row["source_url"]).filter(
            Q(side_a__name_en=row["us_city"]) | Q(side_b__name_en=row["us_city"])
        )
    pairings = list(pairings.distinct())
    sides = {side.pk for pairing in pairings for side in pairing.sides()}
    Milestone.objects.filter(pairing__in=pairings).delete()
    Pairing.objects.filter(pk__in=[pairing.pk for pairing in pairings]).delete()
    for _ in range(3):  # districts before their cities
        Jurisdiction.objects.filter(
            pk__in=sides,
            level__in=[Level.CITY, Level.COUNTY],
            pairings_as_a=None,
            pairings_as_b=None,
            children=None,
        ).delete()


@pytest.fixture
def chinese_import(reconciled):
    """The Chinese file planned with "create missing places"; rows the gazetteer refuses are
    dropped (and returned), the rest imported."""
    rows = new_rows()
    remove_the_new_pairs(rows)
    plan = import_sheet(
        sheet="pairings", data=chinese_csv(rows), filename="new.csv", create_places=True, dry_run=True
    )
    refused = {number for number, _error in plan.errors}
    kept = [row for number, row in enumerate(rows, start=2) if number not in refused]
    plan = import_sheet(
        sheet="pairings", data=chinese_csv(kept), filename="new.csv", create_places=True, dry_run=True
    )
    assert not plan.errors
    apply(plan)
    return kept, plan


@pytest.mark.django_db
def test_chinese_import_creates_places_from_the_gazetteer(chinese_import):
    kept, plan = chinese_import
    assert len(kept) >= 40  # of 50
    created = [place for place in plan.new_places]
    assert created
    for place in created:
        # Linked to its entry (a US county has only a FIPS code, which the registry does not keep).
        assert place.geonames_id or place.gbt2260_code or place.level == Level.COUNTY, place
        assert not has_han(place.name_en), place  # never the Chinese text as the English name
        assert not place.slug.endswith("-place"), place
        assert place.gazetteer_match.entry_id is not None
    chinese = [place for place in created if place.country == "CN"]
    assert all(place.name_zh for place in chinese)


@pytest.mark.django_db
def test_a_district_is_created_under_its_city(chinese_import):
    kept, _plan = chinese_import
    assert any(row["cn_city_zh"] == "北京市西城区" for row in kept)
    xicheng = Jurisdiction.objects.get(gbt2260_code="110102")
    assert (xicheng.name_en, xicheng.name_zh, xicheng.parent.slug) == (
        "Xicheng District",
        "西城区",
        "cn-beijing",
    )


@pytest.mark.django_db
def test_the_same_facts_in_english_create_nothing(chinese_import):
    kept, _plan = chinese_import
    before = fingerprint()
    plan = import_sheet(
        sheet="pairings", data=english_xlsx(kept), filename="new.xlsx", create_places=True, dry_run=True
    )
    assert plan.errors == []
    assert plan.new_places == []
    assert {row.status for row in plan.rows} == {"unchanged"}
    apply(plan) if plan.creates or plan.updates else None
    assert fingerprint() == before


@pytest.mark.django_db
def test_an_unknown_name_is_refused_with_the_closest_names(reconciled):
    csv_bytes = (
        b"side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city\n"
        b"CN,Sichuan,Mianyangg,US,North Dakota,Fargo\n"
    )
    before = fingerprint()
    plan = import_sheet(
        sheet="pairings", data=csv_bytes, filename="bad.csv", create_places=True, dry_run=True
    )
    ((number, error),) = plan.errors
    assert (number, error.column) == (2, "side_a_city")
    assert error.message.startswith("Unknown place Mianyangg. Closest: Mianyang (绵阳市), Sichuan")
    assert fingerprint() == before
