"""Public downloads: the pair list's current view and the whole published registry, as CSV (with a
byte-order mark), XLSX and JSON; only published records, never staff notes."""

import csv
import io
import json

import openpyxl
import pytest

from .factories import CityPairingFactory, ExchangeActivityFactory
from .helpers import body, build_open_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs():
    shown = CityPairingFactory(public_note="=HYPERLINK(1)", staff_notes="secret staff note")
    other = CityPairingFactory(status="active")
    hidden = CityPairingFactory(is_published=False)
    return shown, other, hidden


def csv_rows(response):
    content = body(response)
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_list_download_follows_the_current_filters(client, pairs):
    _shown, other, _hidden = pairs
    response = client.get("/en/pairs/download.csv", {"status": "active"})
    assert response["Content-Disposition"] == 'attachment; filename="sister-pairs-selection.csv"'
    assert response.streaming  # served from a spooled file, not built in memory
    rows = csv_rows(response)
    assert [(r["side_a_city"], r["side_b_city"]) for r in rows] == [
        (other.side_a.name_en, other.side_b.name_en)
    ]


def test_the_whole_registry_download_has_only_published_pairs_and_no_staff_notes(client, pairs):
    hidden = pairs[2]
    build_open_data()
    response = client.get("/en/open-data/pairings.csv")
    assert response["Content-Disposition"] == 'attachment; filename="sister-pairs-pairings.csv"'
    rows = csv_rows(response)
    text = body(response).decode("utf-8-sig")
    assert len(rows) == 2
    assert hidden.side_a.name_en not in text
    assert "secret staff note" not in text
    # A cell a spreadsheet would run as a formula is neutralised.
    assert {r["notes"] for r in rows} == {"'=HYPERLINK(1)", ""}


def test_xlsx_and_json_downloads(client, pairs):
    build_open_data()
    xlsx = client.get("/en/open-data/pairings.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(body(xlsx))).active
    assert sheet.max_row == 3  # header + two published pairs
    data = json.loads(body(client.get("/zh-hans/pairs/download.json")))
    assert len(data) == 2
    assert {row["status"] for row in data} == {"unknown", "active"}


def test_activity_download_names_only_published_pairs(client, pairs):
    shown, _other, hidden = pairs
    activity = ExchangeActivityFactory()
    activity.pairings.set([shown, hidden])
    ExchangeActivityFactory(is_published=False, title_en="Hidden activity")
    build_open_data()
    rows = csv_rows(client.get("/en/open-data/activities.csv"))
    assert [(r["title_en"], r["side_a_city"]) for r in rows] == [(activity.title_en, shown.side_a.name_en)]


def test_places_download_has_only_public_places(client, pairs):
    _shown, _other, hidden = pairs
    build_open_data()
    assert hidden.side_a.name_en not in body(client.get("/en/open-data/places.json")).decode()


@pytest.mark.parametrize(
    "url", ["/en/open-data/secrets.csv", "/en/open-data/pairings.exe", "/en/pairs/download.pdf"]
)
def test_unknown_downloads_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [1, 60])
def test_download_query_count_does_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    CityPairingFactory.create_batch(rows)
    with django_assert_max_num_queries(4):  # the filter's choices (2), pairs, sources
        client.get("/en/pairs/download.csv")
    with django_assert_max_num_queries(6):  # pairs, sources; places and activities with theirs
        build_open_data_files_of("pairings.csv")


def build_open_data_files_of(name):
    from registry.tasks.opendata import FILES

    out = io.BytesIO()
    FILES[name](out)
    return out.getvalue()


def test_downloads_carry_ids_slugs_both_names_positions_and_standard_ids(client, pairs):
    """Issue 13: each pair's id and slug, both names of both sides, positions and standard ids."""
    shown = pairs[0]
    shown.side_a.wikidata_qid, shown.side_a.gbt2260_code = "Q16572", "110000"
    shown.side_a.latitude, shown.side_a.longitude = 39.9, 116.4
    shown.side_a.save()
    activity = ExchangeActivityFactory()
    activity.pairings.set([shown])
    build_open_data()
    row = next(r for r in csv_rows(client.get("/en/open-data/pairings.csv")) if r["pair_slug"] == shown.slug)
    assert row["pair_id"] == str(shown.pk)
    assert (row["side_a_name_en"], row["side_a_name_zh"]) == (shown.side_a.name_en, shown.side_a.name_zh)
    assert (row["side_b_name_en"], row["side_b_name_zh"]) == (shown.side_b.name_en, shown.side_b.name_zh)
    assert (row["side_a_wikidata_qid"], row["side_a_gbt2260_code"]) == ("Q16572", "110000")
    assert (float(row["side_a_latitude"]), float(row["side_a_longitude"])) == (39.9, 116.4)
    assert row["side_b_slug"] == shown.side_b.slug
    assert "side_b_iso_3166_2" in row
    data = json.loads(body(client.get("/en/open-data/activities.json")))
    assert [(r["id"], r["pair_id"], r["pair_slug"]) for r in data] == [(activity.pk, shown.pk, shown.slug)]
    places = json.loads(body(client.get("/en/open-data/places.json")))
    assert shown.side_a.pk in {place["id"] for place in places}
    # The list download carries them too, and still imports: the extra columns are not the template's.
    listed = csv_rows(client.get("/en/pairs/download.csv"))
    assert {r["pair_slug"] for r in listed} == {shown.slug, pairs[1].slug}
