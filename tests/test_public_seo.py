"""What search engines and sharing read: meta description, canonical and hreflang links, Open
Graph and Twitter card tags, the icon, sitemap.xml, robots.txt; the site's own 404 and 500 pages;
"Cite this record" on pair and place pages."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .factories import ChineseCityFactory, CityPairingFactory, USCityFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def meta(html, attribute, name):
    """The content of <meta {attribute}="{name}" content="…">, or None."""
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def links(html, rel):
    """(hreflang or None, href) of every <link rel="{rel}">."""
    found = []
    for tag in re.findall(rf'<link rel="{rel}"[^>]*>', html):
        hreflang = re.search(r'hreflang="([^"]*)"', tag)
        found.append((hreflang and hreflang.group(1), re.search(r'href="([^"]*)"', tag).group(1)))
    return found


@pytest.fixture
def unpublished(db):
    return CityPairingFactory(
        is_published=False,
        side_a=ChineseCityFactory(name_en="Hiddenville", slug="cn-hiddenville"),
        side_b=USCityFactory(name_en="Secrettown", slug="us-secrettown"),
    )


# --- Meta description, canonical, hreflang, Open Graph ------------------------------------------


def test_pair_page_description_is_built_from_the_pair_in_english(client, demo_data):
    html = client.get("/en/pairs/hubei-ohio/").content.decode()
    description = meta(html, "name", "description")
    assert description == (
        "Hubei (China) and Ohio (United States of America): province–state, status: active. "
        "Established 31 October 1979. Its history, activities and sources."
    )
    assert meta(html, "property", "og:description") == description
    assert meta(html, "name", "twitter:description") == description


def test_pair_page_description_is_translated(client, demo_data):
    html = client.get("/zh-hans/pairs/hubei-ohio/").content.decode()
    description = meta(html, "name", "description")
    assert description.startswith("湖北省（中国）与俄亥俄州（美国）")
    assert "status" not in description


def test_home_description_counts_the_published_pairs(client, demo_data):
    response = client.get("/en/")
    total = response.context["counts"]["total"]
    description = meta(response.content.decode(), "name", "description")
    assert description.startswith(f"The registry of China–US sister relationships: {total} published pairs")


def test_place_page_description_names_the_place_and_counts_its_pairs(client, demo_data):
    response = client.get("/en/places/cn-hubei/")
    count = len(response.context["pairings"])
    assert meta(response.content.decode(), "name", "description") == (
        f"Hubei (Province, China): {count} sister pairs, with their dates, status and sources."
    )


def test_canonical_and_hreflang_alternates(client, demo_data):
    html = client.get("/zh-hans/pairs/hubei-ohio/", {"utm_source": "x"}).content.decode()
    assert links(html, "canonical") == [(None, "http://testserver/zh-hans/pairs/hubei-ohio/")]
    assert [link for link in links(html, "alternate") if link[0]] == [
        ("en", "http://testserver/en/pairs/hubei-ohio/"),
        ("zh-Hans", "http://testserver/zh-hans/pairs/hubei-ohio/"),
        ("x-default", "http://testserver/pairs/hubei-ohio/"),
    ]


def test_x_default_address_redirects_to_a_language(client, demo_data):
    response = client.get("/pairs/hubei-ohio/", headers={"accept-language": "zh-CN"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/pairs/hubei-ohio/"


def test_canonical_of_a_later_list_page_keeps_only_the_page_number(client, demo_data):
    html = client.get("/en/pairs/", {"page": 2, "sort": "name"}).content.decode()
    assert links(html, "canonical") == [(None, "http://testserver/en/pairs/?page=2")]


def test_open_graph_and_twitter_tags(client, demo_data):
    html = client.get("/en/pairs/hubei-ohio/").content.decode()
    assert meta(html, "property", "og:title") == "Hubei – Ohio · China–US sister pairs"
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == "http://testserver/en/pairs/hubei-ohio/"
    assert meta(html, "property", "og:locale") == "en_US"
    assert meta(html, "property", "og:image") == "http://testserver/static/registry/share.png"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:title") == "Hubei – Ohio · China–US sister pairs"


def test_chinese_page_open_graph_locale_and_title(client, demo_data):
    html = client.get("/zh-hans/").content.decode()
    assert meta(html, "property", "og:locale") == "zh_CN"
    assert meta(html, "property", "og:site_name") == "友好省州与友好城市名录"


def test_share_image_and_icon_exist(client, demo_data):
    html = client.get("/en/").content.decode()
    assert links(html, "icon") == [(None, "/favicon.ico"), (None, "/static/registry/icon.svg")]
    with open(finders.find("registry/share.png"), "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20]), int.from_bytes(header[20:24])) == (1200, 630)
    assert finders.find("registry/icon.svg")


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/pairs/",
        "/en/map/",
        "/en/activities/",
        "/en/statistics/",
        "/en/open-data/",
        "/en/places/us-ohio/",
    ],
)
def test_every_page_type_has_its_own_description(client, demo_data, url):
    html = client.get(url).content.decode()
    with translation.override("en"):
        default = render_to_string("base.html")
    assert meta(html, "name", "description")
    assert meta(html, "name", "description") != meta(default, "name", "description")


# --- sitemap.xml and robots.txt -----------------------------------------------------------------


def sitemap_entries(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_lists_published_pairs_in_both_languages_with_alternates(client, demo_data):
    entries = sitemap_entries(client)
    assert entries["http://testserver/en/pairs/hubei-ohio/"] == {
        "en": "http://testserver/en/pairs/hubei-ohio/",
        "zh-hans": "http://testserver/zh-hans/pairs/hubei-ohio/",
        "x-default": "http://testserver/pairs/hubei-ohio/",
    }
    assert "http://testserver/zh-hans/pairs/hubei-ohio/" in entries
    assert "http://testserver/zh-hans/places/cn-hubei/" in entries
    assert "http://testserver/en/statistics/" in entries


def test_sitemap_leaves_out_unpublished_records(client, unpublished):
    entries = sitemap_entries(client)
    assert not [url for url in entries if "hiddenville" in url or "secrettown" in url]
    unpublished.is_published = True
    unpublished.save()
    assert f"http://testserver/en/pairs/{unpublished.slug}/" in sitemap_entries(client)


def test_sitemap_queries_do_not_grow_with_the_rows(client, demo_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /en/pairs/download." in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not [line for line in lines if "admin" in line]


# --- The site's own 404 and 500 pages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "heading", "search_label", "nav"),
    [
        ("/zh-hans/pairs/no-such/", "页面没有找到", "查找地方", "统计"),
        ("/en/places/no-such/", "Page not found", "Find a place", "Statistics"),
        ("/en/no-such-page/", "Page not found", "Find a place", "Statistics"),
    ],
)
def test_404_is_the_sites_own_translated_page(client, db, url, heading, search_label, nav):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html
    assert f">{nav}</a>" in html
    assert re.search(rf'<label for="not-found-q">{search_label}</label>', html)
    assert 'role="search"' in html
    assert links(html, "canonical") == []


def test_404_of_an_unpublished_pair_is_the_sites_page(client, unpublished):
    response = client.get(f"/zh-hans/pairs/{unpublished.slug}/")
    assert response.status_code == 404
    assert "<h1>页面没有找到</h1>" in response.content.decode()


def test_500_page_renders_without_a_request_in_chinese():
    """Django renders 500.html with no request and no database: the header and search still work."""
    with translation.override("zh-hans"):
        html = render_to_string("500.html")
    assert '<html lang="zh-Hans">' in html
    assert "<h1>出错了</h1>" in html
    assert 'class="site-header"' in html
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html
    assert 'action="/zh-hans/pairs/"' in html


@pytest.mark.urls("tests.urls_with_error")
def test_500_response_is_the_sites_page(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert 'class="site-header"' in html


# --- Cite this record ------------------------------------------------------------------------------


def test_pair_page_offers_a_citation(client, demo_data):
    html = client.get("/en/pairs/hubei-ohio/").content.decode()
    assert (
        '<a href="http://testserver/en/pairs/hubei-ohio/">http://testserver/en/pairs/hubei-ohio/</a>' in html
    )
    assert re.search(
        r"<cite class=\"citation\">“Hubei – Ohio”\. Sister-pairs registry\. "
        r"http://testserver/en/pairs/hubei-ohio/ \(accessed \d{4}-\d\d-\d\d\)\.</cite>",
        html,
    )


def test_place_page_offers_a_translated_citation(client, demo_data):
    html = client.get("/zh-hans/places/cn-hubei/").content.decode()
    assert '<h2 id="cite-heading">引用本记录</h2>' in html
    assert re.search(
        r"<cite class=\"citation\">“湖北省”，友好省州与友好城市名录，"
        r"http://testserver/zh-hans/places/cn-hubei/（\d{4}-\d\d-\d\d 访问）。</cite>",
        html,
    )
