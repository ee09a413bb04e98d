"""The django-import-export resources: template columns, all-or-nothing import of a Dataset."""

import pytest
import tablib

from registry.models import Pairing
from registry.resources import ExchangeActivityResource, JurisdictionResource, PairingResource

from .imports_helpers import fingerprint, pair

pytestmark = pytest.mark.django_db

HEADERS = [
    "side_a_country",
    "side_a_province",
    "side_a_city",
    "side_b_country",
    "side_b_province",
    "side_b_city",
]


def test_export_uses_the_template_columns_and_neutralises_formulas(demo_data):
    Pairing.objects.filter(slug="hubei-ohio").update(public_note="=cmd")
    dataset = PairingResource().export(Pairing.objects.filter(slug="hubei-ohio"))
    assert dataset.headers[:6] == HEADERS
    assert dataset.dict[0]["notes"] == "'=cmd"
    assert JurisdictionResource().export().headers[0] == "country"
    assert ExchangeActivityResource().export().headers[6] == "category"


def test_a_dataset_imports_all_rows_or_none(demo_data):
    good = ["CN", "Hubei", "Wuhan", "US", "Illinois", "Chicago"]
    bad = ["CN", "Hubei", "Wuhan", "US", "Illinois", "Nowhere"]
    before = fingerprint()
    result = PairingResource().import_data(tablib.Dataset(good, bad, headers=HEADERS))
    assert result.totals["new"] == 1
    assert result.totals["invalid"] == 1
    assert [row.number for row in result.invalid_rows] == [3]
    assert list(result.invalid_rows[0].field_specific_errors) == ["side_b_city"]
    assert fingerprint() == before

    result = PairingResource().import_data(tablib.Dataset(good, headers=HEADERS), dry_run=True)
    assert result.totals["new"] == 1
    assert fingerprint() == before
    PairingResource().import_data(tablib.Dataset(good, headers=HEADERS))
    assert pair("cn-hubei-wuhan", "us-illinois-chicago").kind == "city"
