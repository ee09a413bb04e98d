"""Round anniversaries: the next one on a pair page, the anniversaries page (this year and next),
and the Atom feeds of anniversaries and of new or changed pairs."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.anniversaries import next_round_anniversary, round_anniversaries
from registry.models import Pairing
from registry.partial_dates import PartialDate

from .factories import CityPairingFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
THIS_YEAR = datetime.date.today().year


@pytest.fixture
def nothing_published(db):
    """The tests below build their own pairs; the demo data of this module is set aside."""
    Pairing.objects.update(is_published=False)


@pytest.mark.parametrize(
    ("established", "today", "expected"),
    [
        ("1979-10-31", datetime.date(2024, 1, 1), (45, "2024-10-31")),
        ("1979-10-31", datetime.date(2024, 10, 31), (45, "2024-10-31")),
        ("1979-10-31", datetime.date(2024, 11, 1), (50, "2029-10-31")),
        ("1983", datetime.date(2028, 12, 31), (45, "2028")),
        ("1983-05", datetime.date(2028, 5, 31), (45, "2028-05")),
        ("1983-05", datetime.date(2028, 6, 1), (50, "2033-05")),
        ("2024-02-29", datetime.date(2026, 1, 1), (5, "2029-02-28")),
        ("2025-03-01", datetime.date(2026, 1, 1), (5, "2030-03-01")),
    ],
)
def test_next_round_anniversary(established, today, expected):
    years, date = next_round_anniversary(PartialDate.parse_iso(established), today)
    assert (years, date.isoformat()) == expected


def test_no_date_no_anniversary():
    assert next_round_anniversary(None, datetime.date(2026, 1, 1)) is None


def test_pair_page_shows_the_next_round_anniversary(client, demo_data):
    pairing = Pairing.objects.get(slug="hubei-ohio")
    years, date = next_round_anniversary(pairing.established, datetime.date.today())
    html = client.get("/en/pairs/hubei-ohio/").content.decode()
    assert f"<dt>Next round anniversary</dt><dd>{years} years, {date}" in html


def test_round_anniversaries_of_this_year_and_next(nothing_published):
    five = CityPairingFactory(established_on=f"{THIS_YEAR - 5}-06-01", established_precision="month")
    ten = CityPairingFactory(established_on=f"{THIS_YEAR + 1 - 10}-01-01", established_precision="year")
    CityPairingFactory(established_on=f"{THIS_YEAR - 3}-01-01", established_precision="year")
    CityPairingFactory(
        established_on=f"{THIS_YEAR - 10}-01-01", established_precision="year", is_published=False
    )
    CityPairingFactory(
        established_on=f"{THIS_YEAR - 20}-01-01",
        established_precision="year",
        status="ended",
        ended_on=f"{THIS_YEAR - 2}-01-01",
        ended_precision="year",
    )
    rows = round_anniversaries([THIS_YEAR, THIS_YEAR + 1])
    assert [(years, pairing) for _date, years, pairing in rows] == [(5, five), (10, ten)]


def test_anniversaries_page_in_both_languages(client, nothing_published):
    pairing = CityPairingFactory(established_on=f"{THIS_YEAR - 10}-01-01", established_precision="year")
    html = client.get("/en/anniversaries/").content.decode()
    assert f"<h2>{THIS_YEAR}</h2>" in html
    assert f"<h2>{THIS_YEAR + 1}</h2>" in html
    assert f'href="{pairing.get_absolute_url()}"' in html
    assert f"10 years, {THIS_YEAR}" in html
    assert '<span class="badge">tenth anniversary</span>' in html
    chinese = client.get("/zh-hans/anniversaries/").content.decode()
    assert "<h1>周年纪念</h1>" in chinese
    assert f"10 周年，{THIS_YEAR}" in chinese


def test_anniversary_feed_is_atom_with_the_pairs(client, nothing_published):
    pairing = CityPairingFactory(established_on=f"{THIS_YEAR - 15}-03-02", established_precision="day")
    response = client.get("/en/anniversaries/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}title").text.endswith(f": 15 years on 2 March {THIS_YEAR}")
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver{pairing.get_absolute_url()}"


def test_changes_feed_lists_published_pairs_newest_change_first(client, nothing_published):
    older = CityPairingFactory()
    newer = CityPairingFactory()
    hidden = CityPairingFactory(is_published=False)
    older.public_note = "Corrected."
    older.save()
    feed = ET.fromstring(client.get("/en/pairs/changes.atom").content)
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    assert links == [
        f"http://testserver{older.get_absolute_url()}",
        f"http://testserver{newer.get_absolute_url()}",
    ]
    assert hidden.slug not in client.get("/en/pairs/changes.atom").content.decode()
    summaries = [entry.find(f"{ATOM}summary").text for entry in feed.findall(f"{ATOM}entry")]
    assert summaries == ["Changed in the registry.", "Added to the registry."]


def test_feeds_are_linked_from_the_pages(client, nothing_published):
    html = client.get("/en/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/en/pairs/changes.atom"' in html
    assert '<a href="/en/anniversaries/">Anniversaries</a>' in html


@pytest.mark.parametrize(
    "url", ["/en/anniversaries/", "/en/anniversaries/feed.atom", "/en/pairs/changes.atom"]
)
def test_query_count_does_not_grow_with_the_pairs(client, nothing_published, url):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    CityPairingFactory(established_on=f"{THIS_YEAR - 10}-01-01", established_precision="year")
    at_one = queries()
    for _ in range(20):
        CityPairingFactory(established_on=f"{THIS_YEAR - 5}-01-01", established_precision="year")
    assert queries() == at_one
