"""The map in real chromium: one tab stop with its list as the keyboard and screen-reader
alternative, the flows at world zoom, the arcs fetched when zoomed in, the place finder, print,
and axe on the pages with a map, in both languages."""

import json
import re

import pytest
from playwright.sync_api import expect

from .browser import axe_violations, move_map

pytestmark = pytest.mark.django_db


def wait_for_flows(page):
    expect(page.locator(".map[data-flow-count]").first).to_be_attached()
    expect(page.locator(".map[data-basemap-loaded='true']").first).to_be_attached()


def eventually(page, expression, seconds=5):
    """True once `expression` is; polled from here, since the site's Content-Security-Policy
    forbids the evaluated strings of Playwright's own wait_for_function."""
    for _ in range(seconds * 10):
        if page.evaluate(expression):
            return True
        page.wait_for_timeout(100)
    return False


def test_the_home_map_is_one_tab_stop_and_moves_with_the_keyboard(browser_page, site):
    browser_page.goto(f"{site.url}/en/")
    wait_for_flows(browser_page)
    browser_page.locator("#home-q").focus()  # the search field above the map
    stops = []
    for _ in range(6):
        browser_page.keyboard.press("Tab")
        stops.append(browser_page.evaluate("document.activeElement.closest('.map') ? 'map' : 'other'"))
    # Search button, then the map, then out of it at once (details' summary of the list).
    assert stops.count("map") == 1, stops
    assert browser_page.evaluate("document.activeElement.closest('.map')") is None
    browser_page.locator("#home-map").focus()
    before = browser_page.evaluate("document.getElementById('home-map').leafletMap.getCenter().lng")
    browser_page.keyboard.press("ArrowRight")
    assert eventually(
        browser_page, f"document.getElementById('home-map').leafletMap.getCenter().lng > {before} + 1"
    )
    zoom = browser_page.evaluate("document.getElementById('home-map').leafletMap.getZoom()")
    browser_page.keyboard.press("+")
    assert eventually(browser_page, f"document.getElementById('home-map').leafletMap.getZoom() > {zoom}")


def test_the_map_lists_what_it_shows(browser_page, site):
    browser_page.goto(f"{site.url}/en/")
    wait_for_flows(browser_page)
    flows = int(browser_page.locator("#home-map").get_attribute("data-flow-count"))
    assert flows > 50
    items = browser_page.locator("[data-map-list-for='home-map'] li")
    expect(items).to_have_count(flows)
    browser_page.get_by_text("What the map shows, as a list").click()
    expect(
        browser_page.locator("[data-map-list-for='home-map']").get_by_role("link", name="Ohio").first
    ).to_be_visible()
    # A flow with an end without a position is listed, not drawn.
    data = browser_page.request.get(f"{site.url}/en/map/flows.json").json()["flows"]
    assert len(data) == flows
    expect(browser_page.locator("path.pair-flow")).to_have_count(sum("points" in flow for flow in data))
    expect(browser_page.locator("path.pair-arc")).to_have_count(0)


def test_zooming_in_fetches_the_arcs_of_the_visible_area(browser_page, site):
    browser_page.goto(f"{site.url}/en/map/")
    wait_for_flows(browser_page)
    tiles = []
    browser_page.on("request", lambda request: "/map/arcs/" in request.url and tiles.append(request.url))
    move_map(browser_page, "all-map", "setView([31, 114], 5)")
    expect(browser_page.locator("#all-map[data-tiles-loaded='true']")).to_be_attached()
    assert tiles
    assert all(re.search(r"/en/map/arcs/5/\d+/\d+\.json$", url) for url in tiles)
    expect(browser_page.locator("path.pair-flow")).to_have_count(0)
    arcs = int(browser_page.locator("#all-map").get_attribute("data-arc-count"))
    assert arcs > 10
    expect(browser_page.locator("path.pair-arc")).to_have_count(arcs)
    expect(browser_page.locator("[data-map-list-for='all-map'] li")).to_have_count(arcs)
    browser_page.locator("path.pair-arc").first.dispatch_event("click")
    link = browser_page.locator(".leaflet-popup-content a")
    expect(link).to_have_attribute("href", re.compile(r"^/en/pairs/[\w-]+/$"))
    # Zooming out again shows the flows.
    move_map(browser_page, "all-map", "setZoom(2)")
    expect(browser_page.locator("path.pair-arc")).to_have_count(0)
    expect(browser_page.locator("path.pair-flow").first).to_be_attached()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_place_finder_moves_the_map_to_the_place(browser_page, site, lang):
    browser_page.goto(f"{site.url}/{lang}/map/")
    wait_for_flows(browser_page)
    finder = browser_page.locator("form.map-finder")
    finder.locator("input[type=search]").fill("湖北" if lang == "zh-hans" else "Hubei")
    finder.locator("button[type=submit]").click()
    expect(browser_page.locator("#all-map")).to_have_attribute("data-found", f"/{lang}/places/cn-hubei/")
    expect(finder.locator(".map-finder-results button").first).to_contain_text("湖北")
    # The map moves there (animated: wait for it to arrive rather than read it mid-way).
    browser_page.wait_for_function(
        "() => { const c = document.getElementById('all-map').leafletMap.getCenter();"
        " return 28 < c.lat && c.lat < 34 && 108 < c.lng && c.lng < 117; }",
        timeout=10_000,
    )
    expect(browser_page.locator("#all-map[data-tiles-loaded='true']")).to_be_attached()
    expect(browser_page.locator("path.pair-arc").first).to_be_attached()
    finder.locator("input[type=search]").fill("Atlantis")
    finder.locator("button[type=submit]").click()
    expect(finder.locator(".map-finder-results")).to_have_text(
        "没有叫这个名字的有坐标的地方。" if lang == "zh-hans" else "No place with a position has that name."
    )


def test_the_place_page_map_shows_the_place_flows(browser_page, site):
    browser_page.goto(f"{site.url}/en/places/cn-hubei/")
    wait_for_flows(browser_page)
    flows = browser_page.locator("[data-map-list-for='place-map'] li")
    expect(flows.first).to_contain_text("Hubei")
    assert all("Hubei" in text for text in flows.all_text_contents())


def test_print_hides_the_map_its_list_and_the_finder(browser_page, site):
    browser_page.goto(f"{site.url}/en/map/")
    wait_for_flows(browser_page)
    browser_page.emulate_media(media="print")
    for selector in (".map-figure", ".map-list", ".map-finder", ".leaflet-control-container"):
        expect(browser_page.locator(selector).first).to_be_hidden()
    expect(browser_page.locator("h1")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("path", ["", "map/", "places/cn-hubei/"])
def test_no_axe_violations_with_the_map_drawn(browser_page, site, lang, path):
    browser_page.goto(f"{site.url}/{lang}/{path}")
    wait_for_flows(browser_page)
    browser_page.locator("details.map-list summary").click()
    violations = axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
