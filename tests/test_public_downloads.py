"""Public downloads: the pair list's current view and the whole published registry, as CSV (with a
byte-order mark), XLSX and JSON; only published records, never staff notes."""

import csv
import io
import json

import openpyxl
import pytest

from .factories import CityPairingFactory, ExchangeActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs():
    shown = CityPairingFactory(public_note="=HYPERLINK(1)", staff_notes="secret staff note")
    other = CityPairingFactory(status="active")
    hidden = CityPairingFactory(is_published=False)
    return shown, other, hidden


def csv_rows(response):
    body = response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_list_download_follows_the_current_filters(client, pairs):
    _shown, other, _hidden = pairs
    response = client.get("/en/pairs/download.csv", {"status": "active"})
    assert response["Content-Disposition"] == 'attachment; filename="sister-pairs-selection.csv"'
    rows = csv_rows(response)
    assert [(r["side_a_city"], r["side_b_city"]) for r in rows] == [
        (other.side_a.name_en, other.side_b.name_en)
    ]


def test_the_whole_registry_download_has_only_published_pairs_and_no_staff_notes(client, pairs):
    hidden = pairs[2]
    response = client.get("/en/open-data/pairings.csv")
    body = response.content.decode("utf-8-sig")
    rows = csv_rows(response)
    assert len(rows) == 2
    assert hidden.side_a.name_en not in body
    assert "secret staff note" not in body
    # A cell a spreadsheet would run as a formula is neutralised.
    assert {r["notes"] for r in rows} == {"'=HYPERLINK(1)", ""}


def test_xlsx_and_json_downloads(client, pairs):
    xlsx = client.get("/en/open-data/pairings.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3  # header + two published pairs
    data = json.loads(client.get("/zh-hans/pairs/download.json").content)
    assert len(data) == 2
    assert {row["status"] for row in data} == {"unknown", "active"}


def test_activity_download_names_only_published_pairs(client, pairs):
    shown, _other, hidden = pairs
    activity = ExchangeActivityFactory()
    activity.pairings.set([shown, hidden])
    ExchangeActivityFactory(is_published=False, title_en="Hidden activity")
    rows = csv_rows(client.get("/en/open-data/activities.csv"))
    assert [(r["title_en"], r["side_a_city"]) for r in rows] == [(activity.title_en, shown.side_a.name_en)]


def test_places_download_has_only_public_places(client, pairs):
    _shown, _other, hidden = pairs
    body = client.get("/en/open-data/places.json").content.decode()
    assert hidden.side_a.name_en not in body


@pytest.mark.parametrize(
    "url", ["/en/open-data/secrets.csv", "/en/open-data/pairings.exe", "/en/pairs/download.pdf"]
)
def test_unknown_downloads_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [1, 60])
def test_download_query_count_does_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    CityPairingFactory.create_batch(rows)
    with django_assert_max_num_queries(3):
        client.get("/en/open-data/pairings.csv")
