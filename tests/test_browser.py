"""The public site in a real browser (Debian's chromium driven by pytest-playwright) against the
live test server: both languages, the filters, the pair page, the map drawing its arcs, the
language switch and a download. Every test fails on a page error or on any request to a host other
than the test server (the site must work offline: no CDN, no tile server)."""

import re

import pytest
from playwright.sync_api import expect

from .browser import move_map

pytestmark = pytest.mark.django_db


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
    expect(browser_page.locator(".result-count")).to_contain_text("34 pairs found.")
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


def test_map_draws_the_flows_and_links_each_arc_to_its_pair_when_zoomed_in(browser_page, site):
    browser_page.goto(f"{site.url}/en/map/")
    flows = browser_page.request.get(f"{site.url}/en/map/flows.json").json()["flows"]
    expect(browser_page.locator("path.pair-flow")).to_have_count(sum(1 for flow in flows if "points" in flow))
    expect(browser_page.locator(".map[data-basemap-loaded='true']")).to_have_count(1)
    # The basemap is drawn in pieces of a few hundred points (registry/static/registry/map.js).
    expect(browser_page.locator("path.basemap-land").first).to_be_attached()
    expect(browser_page.locator("path.basemap-admin1").first).to_be_attached()
    move_map(browser_page, "all-map", "setView([31, 114], 5)")
    expect(browser_page.locator("#all-map[data-tiles-loaded='true']")).to_be_attached()
    browser_page.locator("path.pair-arc").first.dispatch_event("click")
    link = browser_page.locator(".leaflet-popup-content a")
    expect(link).to_have_attribute("href", re.compile(r"^/en/pairs/[\w-]+/$"))
    # Followed as the link itself, not a click at its position: the map may still be panning the
    # popup into view, and a pointer click there can land beside it.
    link.evaluate("anchor => anchor.click()")
    expect(browser_page).to_have_url(re.compile(r"/en/pairs/[\w-]+/$"))


def test_geojson_download(browser_page, site):
    browser_page.goto(f"{site.url}/en/open-data/")
    with browser_page.expect_download() as download:
        browser_page.get_by_role("link", name="GeoJSON of every published pair with coordinates").click()
    assert download.value.suggested_filename == "sister-pairs.geojson"


def test_api_docs_page_works_offline(browser_page, site):
    browser_page.goto(f"{site.url}/api/docs")
    expect(browser_page.get_by_role("heading", name="GET /api/pairs", exact=True)).to_be_visible()


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
