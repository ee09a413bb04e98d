"""Exports: the templates' columns, CSV with a BOM, XLSX, JSON numbers, formulas neutralised, a
constant number of queries, and export → import changing nothing."""

import csv
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.imports.service import import_sheet
from registry.models import ExchangeActivity, Jurisdiction, Pairing
from registry.resources import PairingResource, export_rows

from .factories import CityPairingFactory
from .imports_helpers import fingerprint

pytestmark = pytest.mark.django_db

# Tab and CR are neutralised too (tests/test_imports_units.py); import trims them, so they are not
# in this round trip.
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+SUM(1,2)", "-2+3", "@cmd", "=1+1"]


def test_csv_has_a_bom_the_template_header_and_chinese_text(demo_data):
    body, content_type, filename = export_rows("pairings", Pairing.objects.filter(slug="hubei-ohio"), "csv")
    assert body.startswith(b"\xef\xbb\xbf")
    assert content_type == "text/csv; charset=utf-8"
    assert filename.startswith("pairings-")
    assert filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [c.name for c in PairingResource.columns]
    assert rows[1][:6] == ["CN", "Hubei", "", "US", "Ohio", ""]
    assert rows[1][6:11] == ["province_state", "sister", "1979-10-31", "active", ""]


def test_json_has_real_numbers(demo_data):
    hubei = Jurisdiction.objects.filter(slug="cn-hubei")
    body, content_type, _name = export_rows("jurisdictions", hubei, "json")
    [row] = json.loads(body)
    assert content_type == "application/json"
    assert isinstance(row["latitude"], float)
    assert isinstance(row["geonames_id"], int)
    assert row["name_zh"] == "湖北省"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_cells_are_neutralised_and_survive_reimport(demo_data, fmt):
    notes = {}
    for value, pairing in zip(HOSTILE, Pairing.objects.order_by("pk")[: len(HOSTILE)], strict=True):
        pairing.public_note = value
        pairing.save()
        notes[pairing.pk] = value
    body, _type, _name = export_rows("pairings", Pairing.objects.filter(pk__in=notes), fmt)
    if fmt == "csv":
        cells = [row[-1] for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        cells = [row[-1].value for row in sheet.iter_rows(min_row=2)]
        assert {row[-1].data_type for row in sheet.iter_rows(min_row=2)} == {"s"}
    assert sorted(cells) == sorted("'" + value for value in HOSTILE)
    before = fingerprint()
    plan = import_sheet(sheet="pairings", data=body, filename=f"export.{fmt}")
    assert {row.status for row in plan.rows} == {"unchanged"}
    assert fingerprint() == before


@pytest.mark.parametrize("kind", ["jurisdictions", "pairings", "activities"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_everything_and_importing_it_changes_nothing(demo_data, kind, fmt):
    body, _type, _name = export_rows(kind, None, fmt)
    before = fingerprint()
    plan = import_sheet(sheet=kind, data=body, filename=f"all.{fmt}")
    assert plan.errors == []
    assert {row.status for row in plan.rows} == {"unchanged"}
    assert fingerprint() == before


KINDS = [("jurisdictions", Jurisdiction), ("pairings", Pairing), ("activities", ExchangeActivity)]


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_exports_run_a_constant_number_of_queries(kind, model):
    CityPairingFactory()
    with CaptureQueriesContext(connection) as at_one:
        export_rows(kind, model.objects.all(), "csv")
    for pairing in CityPairingFactory.create_batch(5):
        activity = ExchangeActivity.objects.create(category="trade", title_en=f"Visit {pairing.pk}")
        activity.pairings.add(pairing)
    with CaptureQueriesContext(connection) as at_many:
        export_rows(kind, model.objects.all(), "csv")
    assert len(at_many) == len(at_one)
