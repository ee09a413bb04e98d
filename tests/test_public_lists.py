"""Lists, search and statistics: the no-match message, "All" in the filters, provinces and states
grouped by country, one heading per chart, the year chart's axis, charts and matrix cells that
link to what they count, lang="en" on English text of Chinese pages, and the print stylesheet."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders

from registry.models import Pairing, Source

pytestmark = pytest.mark.django_db


def test_search_without_match_says_so_and_offers_to_clear(client, demo_data):
    html = client.get("/en/pairs/", {"q": "Atlantis"}).content.decode()
    assert "No published pair matches this search and these filters." in html
    assert '<a href="/en/pairs/">Clear the search and filters to see every pair</a>' in html
    assert "No published pairs." not in html


def test_no_match_message_in_chinese(client, demo_data):
    html = client.get("/zh-hans/pairs/", {"q": "Atlantis"}).content.decode()
    assert "没有符合此搜索和筛选条件的已发布结好关系。" in html
    assert '<a href="/zh-hans/pairs/">清除搜索和筛选条件，查看全部结好关系</a>' in html


def test_empty_registry_without_filters_says_there_is_nothing_published(client, demo_data):
    Pairing.objects.update(is_published=False)
    html = client.get("/en/pairs/").content.decode()
    assert "No published pairs." in html
    assert "Clear the search" not in html


@pytest.mark.parametrize(("lang", "label"), [("en", "All"), ("zh-hans", "全部")])
def test_empty_choice_reads_all(client, demo_data, lang, label):
    html = client.get(f"/{lang}/pairs/").content.decode()
    assert "---------" not in html
    kind = re.search(r'<select name="kind"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(r'<option value=""( selected)?>([^<]*)</option>', kind).group(2) == label


def test_region_is_a_text_field_with_suggestions_not_a_list_of_every_province(client, demo_data):
    html = client.get("/en/pairs/").content.decode()
    assert '<select name="region"' not in html
    assert re.search(r'<input type="text" name="region"[^>]*list="region-suggestions"', html)
    assert '<datalist id="region-suggestions" data-url="/en/places/regions.json">' in html


def test_region_by_slug_still_filters(client, demo_data):
    response = client.get("/en/pairs/", {"region": "cn-hubei"})
    assert "hubei-ohio" in [row.slug for row in response.context["rows"]]
    assert not response.context["filter"].errors


def test_home_names_the_year_chart_once(client, demo_data):
    html = client.get("/en/").content.decode()
    assert html.count("Pairs established per year") == 2  # the heading and the chart's label
    assert "<h2>Pairs established per year</h2>" in html
    assert "<figcaption>Pairs established per year</figcaption>" not in html
    assert 'aria-label="Pairs established per year"' in html


def year_chart(html):
    return re.search(r'<figure class="chart year-chart">.*?</figure>', html, re.S).group(0)


def test_year_chart_has_a_count_axis_and_columns_linking_to_their_year(client, demo_data):
    chart = year_chart(client.get("/en/statistics/").content.decode())
    ticks = re.findall(r'text-anchor="end">(\d+)</text>', chart)
    assert ticks[0] == "0"
    assert len(ticks) == 3
    assert int(ticks[-1]) > int(ticks[1]) > 0
    assert '<a href="/en/pairs/?year_from=1979&amp;year_to=1979" aria-label="1979: ' in chart
    assert 'role="group"' in chart


def test_year_chart_link_leads_to_that_years_pairs(client, demo_data):
    response = client.get("/en/pairs/", {"year_from": 1979, "year_to": 1979})
    slugs = [row.slug for row in response.context["rows"]]
    assert "hubei-ohio" in slugs
    assert "nanjing-st-louis" in slugs


def test_decade_bars_link_to_the_list_of_their_years(client, demo_data):
    html = client.get("/en/statistics/").content.decode()
    assert '<a href="/en/pairs/?year_from=1980&amp;year_to=1989">1980s</a>' in html


def test_matrix_cells_link_to_their_pair(client, demo_data):
    html = client.get("/en/statistics/").content.decode()
    matrix = re.search(r'<table class="matrix">.*?</table>', html, re.S).group(0)
    assert '<a href="/en/pairs/hubei-ohio/" title="Hubei – Ohio">1</a>' in matrix
    assert not re.search(r"<td>\d+</td>", matrix)


def test_english_text_on_chinese_pair_page_is_marked_english(client, demo_data):
    html = client.get("/zh-hans/pairs/hubei-ohio/").content.decode()
    assert '<p class="note" lang="en">Hubei TV 2021' in html
    sources = re.search(r'<ol class="sources">(.*?)</ol>', html, re.S).group(1)
    links = re.findall(r"<a [^>]*>", sources)
    assert links
    assert all('lang="en"' in link for link in links)


def test_stylesheet_has_print_rules():
    with open(finders.find("registry/site.css"), encoding="utf-8") as css:
        print_rules = css.read().split("@media print", 1)[1]
    assert ".site-header nav" in print_rules
    assert ".map-figure" in print_rules


def test_pair_page_names_each_source_by_title_publisher_and_date_else_by_host(client, demo_data):
    pairing = Pairing.objects.get(slug="hubei-ohio")
    pairing.sources.add(
        Source.objects.create(
            url="https://example.org/a/b?c=1",
            title="Friendship at 45",
            publisher="Example Daily",
            published_on=datetime.date(2024, 10, 31),
        ),
        Source.objects.create(url="https://news.example.net/story/1"),
    )
    html = client.get("/en/pairs/hubei-ohio/").content.decode()
    assert (
        '<a href="https://example.org/a/b?c=1" rel="nofollow noopener" lang="en">Friendship at 45</a>'
        ' · <span lang="en">Example Daily</span> · Oct. 31, 2024' in html
    )
    untitled = '<a href="https://news.example.net/story/1" rel="nofollow noopener" lang="en">'
    assert f"{untitled}news.example.net</a>" in html
