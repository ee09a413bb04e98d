"""The public site in a real browser (Debian's chromium driven by pytest-playwright) against the
live test server: both languages, the filters, the pair page, the map drawing its arcs, the
language switch and a download. Every test fails on a page error or on any request to a host other
than the test server (the site must work offline: no CDN, no tile server)."""

import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from registry.models import Pairing

CHROMIUM = "/usr/bin/chromium"
# Without these, chromium calls home (updates, metrics) and the offline check would catch it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # No browser download is possible: use the system's chromium (see .ci/run).
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def site(no_stray_sessions_at_the_end, demo_data, django_db_blocker):
    """A live server with the real China–US data, both started once for this module.

    Not pytest-django's `live_server`: that one makes every test transactional, which empties the
    database after each test, so the demo data would have to be loaded again for every test. The
    tests here only read; the data is committed once (`demo_data`) and each test still runs in its
    own rolled-back transaction. The server answers only while a test runs (its database access is
    open then, through the module's `django_db` mark)."""
    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    with server._live_server_modified_settings:
        yield server
    server.stop()


@pytest.fixture(scope="session")
def no_stray_sessions_at_the_end(django_db_setup, django_db_blocker):
    """Without pytest-django's `live_server`, a database session opened for the browser tests
    outlives them, and PostgreSQL then refuses to drop the test database at the end of the run
    (a warning, and the database is left behind). This worker's test database is its own: before
    it is dropped, end every other session on it."""
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def browser_page(page, site):
    """A page that records JavaScript errors and blocks (and records) requests to other hosts."""
    errors, foreign = [], []
    own_host = urlsplit(site.url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", guard)
    yield page
    assert errors == []
    assert foreign == []


def test_home_in_english_and_chinese(browser_page, site):
    browser_page.goto(f"{site.url}/en/")
    expect(browser_page.locator("html")).to_have_attribute("lang", "en")
    expect(browser_page.locator("h1")).to_have_text("China–US sister provinces, states and cities")
    browser_page.goto(f"{site.url}/zh-hans/")
    expect(browser_page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(browser_page.locator("h1")).to_have_text("中美友好省州与友好城市")
    expect(browser_page.get_by_role("link", name="湖北省 – 俄亥俄州")).to_be_visible()


def test_language_switch_keeps_the_page(browser_page, site):
    browser_page.goto(f"{site.url}/en/pairs/hubei-ohio/")
    browser_page.get_by_role("link", name="简体中文").click()
    expect(browser_page).to_have_url(f"{site.url}/zh-hans/pairs/hubei-ohio/")
    expect(browser_page.locator("h1")).to_have_text("湖北省 – 俄亥俄州")
    browser_page.get_by_role("link", name="English").click()
    expect(browser_page.locator("h1")).to_have_text("Hubei – Ohio")


def test_filters_and_search(browser_page, site):
    browser_page.goto(f"{site.url}/en/pairs/")
    browser_page.get_by_label("Kind").select_option("province_state")
    browser_page.get_by_role("button", name="Apply").click()
    expect(browser_page.locator(".result-count")).to_contain_text("33 pairs found.")
    browser_page.get_by_label("Search").fill("湖北")
    browser_page.get_by_role("button", name="Apply").click()
    expect(browser_page.get_by_role("link", name="Hubei – Ohio")).to_be_visible()
    expect(browser_page.locator(".result-count")).to_contain_text("2 pairs found.")


def test_pair_page_from_the_list(browser_page, site):
    browser_page.goto(f"{site.url}/zh-hans/pairs/?q=Ohio")
    browser_page.get_by_role("link", name="湖北省 – 俄亥俄州").click()
    expect(browser_page.locator("h1")).to_have_text("湖北省 – 俄亥俄州")
    expect(browser_page.locator(".facts dd").first.locator("xpath=..")).to_contain_text("1979年10月31日")
    expect(browser_page.locator("path.pair-arc")).to_have_count(1)


def test_map_draws_every_arc_and_links_each_to_its_pair(browser_page, site):
    browser_page.goto(f"{site.url}/en/map/")
    drawable = sum(
        1
        for pairing in Pairing.objects.filter(is_published=True).select_related("side_a", "side_b")
        if None not in (pairing.side_a.latitude, pairing.side_b.latitude)
    )
    expect(browser_page.locator("path.pair-arc")).to_have_count(drawable)
    expect(browser_page.locator(".map[data-basemap-loaded='true']")).to_have_count(1)
    expect(browser_page.locator("path.basemap-land")).to_have_count(1)
    expect(browser_page.locator("path.basemap-admin1")).to_have_count(1)
    browser_page.locator("path.pair-arc").first.dispatch_event("click")
    link = browser_page.locator(".leaflet-popup-content a")
    expect(link).to_have_attribute("href", re.compile(r"^/en/pairs/[\w-]+/$"))
    link.click()
    expect(browser_page).to_have_url(re.compile(r"/en/pairs/[\w-]+/$"))


def test_map_tooltips_show_a_hostile_place_name_as_text(browser_page, site):
    from registry.models import Jurisdiction

    hostile = 'Ohio"><img src=x id=injected onerror=alert(1)>'
    Jurisdiction.objects.filter(slug="us-ohio").update(name_en=hostile)
    Jurisdiction.objects.get(slug="us-ohio").save()  # a save, so cached pages go stale
    browser_page.goto(f"{site.url}/en/map/?q=Ohio&kind=province_state")
    arc = browser_page.locator("path.pair-arc").first
    arc.dispatch_event("mouseover")
    arc.dispatch_event("mousemove")
    tooltip = browser_page.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(hostile)
    expect(browser_page.locator("#injected")).to_have_count(0)
    expect(tooltip.locator("img")).to_have_count(0)


def test_geojson_download(browser_page, site):
    browser_page.goto(f"{site.url}/en/open-data/")
    with browser_page.expect_download() as download:
        browser_page.get_by_role("link", name="GeoJSON of every published pair with coordinates").click()
    assert download.value.suggested_filename == "sister-pairs.geojson"


def test_api_docs_page_works_offline(browser_page, site):
    browser_page.goto(f"{site.url}/api/docs")
    expect(browser_page.get_by_text("/api/pairs", exact=True)).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_page_fits_a_375_pixel_screen(browser_page, site, lang):
    """Nothing wider than a phone: wide tables scroll inside their own box, not the page."""
    browser_page.set_viewport_size({"width": 375, "height": 800})
    for path in (
        "",
        "pairs/",
        "pairs/hubei-ohio/",
        "places/cn-hubei/",
        "activities/",
        "map/",
        "statistics/",
        "open-data/",
    ):
        browser_page.goto(f"{site.url}/{lang}/{path}")
        width = browser_page.evaluate("document.documentElement.scrollWidth")
        assert (path, width) == (path, 375)
