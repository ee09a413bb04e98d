"""The public pages this part of the site added (404, the coverage story, "Cite this record") in
real chromium with axe-core: no accessibility violations in either language. Screenshots of each
page go to $SCREENSHOT_DIR when it is set, to look at."""

import json
import os
import re

import pytest
from playwright.sync_api import expect

from .browser import axe_violations

# The browser, live server and guarded page of the site's other browser tests.

pytestmark = pytest.mark.django_db

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")

PAGES = {
    "home": "",
    "statistics": "statistics/",
    "pair": "pairs/hubei-ohio/",
    "place": "places/cn-hubei/",
    "not-found": "pairs/no-such-pair/",
    "no-match": "pairs/?q=Atlantis",
    "pairs": "pairs/",
    "anniversaries": "anniversaries/",
    "data-dictionary": "open-data/data-dictionary/",
    "open-data": "open-data/",
    "activities": "activities/",
    "seeking": "seeking/",
    "partners": "places/us-ohio-cincinnati/partners/",
}


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(browser_page, site, lang, name):
    response = browser_page.goto(f"{site.url}/{lang}/{PAGES[name]}")
    assert response.status == (404 if name == "not-found" else 200)
    if SCREENSHOT_DIR:
        name = name.replace("/", "-")
        for width in (1280, 375):
            browser_page.set_viewport_size({"width": width, "height": 900})
            browser_page.screenshot(path=f"{SCREENSHOT_DIR}/{name}-{lang}-{width}.png", full_page=True)
    violations = axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_no_axe_violations_on_an_activity_page(browser_page, site, lang):
    """An activity's page, reached from the list as a visitor would (its number is the database's)."""
    browser_page.goto(f"{site.url}/{lang}/activities/")
    browser_page.locator(f"h2 a[href^='/{lang}/activities/']").first.click()
    expect(browser_page).to_have_url(re.compile(rf"/{lang}/activities/\d+/$"))
    violations = axe_violations(browser_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_404_search_box_finds_pairs(browser_page, site):
    browser_page.goto(f"{site.url}/zh-hans/pairs/no-such-pair/")
    expect(browser_page.locator("h1")).to_have_text("页面没有找到")
    browser_page.get_by_label("查找地方").fill("Ohio")
    browser_page.get_by_role("button", name="搜索").click()
    expect(browser_page).to_have_url(f"{site.url}/zh-hans/pairs/?q=Ohio")
    expect(browser_page.get_by_role("link", name="湖北省 – 俄亥俄州")).to_be_visible()


def test_coverage_chart_is_drawn(browser_page, site):
    browser_page.goto(f"{site.url}/en/statistics/")
    chart = browser_page.locator(".coverage-chart svg")
    expect(chart).to_be_visible()
    expect(browser_page.locator(".coverage-chart circle.official-point")).to_have_count(5)
    box = browser_page.locator(".coverage-chart polyline.registry-line").bounding_box()
    assert box["width"] > 300
    assert box["height"] > 10


def test_print_shows_the_record_without_navigation_or_map(browser_page, site):
    browser_page.goto(f"{site.url}/en/pairs/hubei-ohio/")
    expect(browser_page.locator(".site-header nav").first).to_be_visible()
    expect(browser_page.locator(".map-figure")).to_be_visible()
    browser_page.emulate_media(media="print")
    expect(browser_page.locator(".site-header nav").first).to_be_hidden()
    expect(browser_page.locator(".map-figure")).to_be_hidden()
    expect(browser_page.locator("h1")).to_be_visible()
    expect(browser_page.locator(".cite")).to_be_visible()
    header_background = browser_page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_background == "rgba(0, 0, 0, 0)"
    if SCREENSHOT_DIR:
        browser_page.pdf(path=f"{SCREENSHOT_DIR}/pair-print.pdf")
