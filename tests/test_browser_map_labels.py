"""Place names are data: the map's tooltips show them as text, whatever they contain."""

import pytest
from playwright.sync_api import expect

from registry.models import Jurisdiction

pytestmark = pytest.mark.django_db

HOSTILE = 'Ohio"><img src=x id=injected onerror=alert(1)>'


@pytest.fixture(scope="module")
def hostile_ohio(demo_data, django_db_blocker):
    """Ohio renamed, committed before the module's tests (the live server reads committed data)."""
    with django_db_blocker.unblock():
        ohio = Jurisdiction.objects.get(slug="us-ohio")
        ohio.name_en = HOSTILE
        ohio.save()


def test_map_tooltips_show_a_hostile_place_name_as_text(hostile_ohio, browser_page, site):
    browser_page.goto(f"{site.url}/en/map/?region=us-ohio&kind=province_state")
    arc = browser_page.locator("path.pair-flow").first
    arc.dispatch_event("mouseover")
    arc.dispatch_event("mousemove")
    tooltip = browser_page.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(HOSTILE)
    expect(browser_page.locator("#injected")).to_have_count(0)
    expect(tooltip.locator("img")).to_have_count(0)
