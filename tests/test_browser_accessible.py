"""In real chromium with axe-core: the API docs page, the 404 page and the suggestion form (empty
and with its errors shown) have no accessibility violations in either language, and the API docs
run no script and load nothing the site's Content-Security-Policy refuses."""

import json

import pytest
from playwright.sync_api import expect

from .browser import axe_violations

pytestmark = pytest.mark.django_db


def assert_no_violations(page):
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_api_docs(browser_page, site):
    refused = []
    browser_page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security" in message.text else None,
    )
    response = browser_page.goto(f"{site.url}/api/docs")
    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    expect(browser_page.locator("h1")).to_contain_text("Sister-pairs registry API")
    expect(browser_page.locator("html")).to_have_attribute("lang", "en")
    expect(browser_page.get_by_role("heading", name="GET /api/pairs/{slug}")).to_be_visible()
    assert browser_page.locator("script").count() == 0
    assert_no_violations(browser_page)
    assert refused == []


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_not_found_page(browser_page, site, lang):
    response = browser_page.goto(f"{site.url}/{lang}/pairs/no-such-pair/")
    assert response.status == 404
    assert_no_violations(browser_page)


@pytest.mark.parametrize(("lang", "send"), [("en", "Send the suggestion"), ("zh-hans", "提交建议")])
def test_suggestion_form_empty_and_with_errors(browser_page, site, lang, send):
    browser_page.goto(f"{site.url}/{lang}/suggest/?pair=hubei-ohio")
    assert_no_violations(browser_page)
    browser_page.get_by_role("button", name=send).click()
    expect(browser_page.locator(".error").first).to_be_visible()
    assert_no_violations(browser_page)


def test_suggestion_is_sent_from_the_pair_page(browser_page, site):
    browser_page.goto(f"{site.url}/en/pairs/hubei-ohio/")
    browser_page.get_by_role("link", name="Suggest a correction to this pair").click()
    browser_page.get_by_label("What is missing or wrong").fill("The agreement was signed on 31 October 1979.")
    browser_page.get_by_label("Source").fill("https://example.org/hubei-ohio")
    browser_page.get_by_role("button", name="Send the suggestion").click()
    expect(browser_page.get_by_role("status")).to_contain_text("your suggestion has been received")
    assert_no_violations(browser_page)
