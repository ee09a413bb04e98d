"""The read-only JSON API: the list page's filters, pagination, published records only."""

import pytest

pytestmark = pytest.mark.django_db


def test_pairs_are_paginated_with_a_total(client, demo_data):
    body = client.get("/api/pairs").json()
    assert body["count"] == 280
    assert len(body["items"]) == 50


@pytest.mark.parametrize("q", ["Ohio", "湖北"])
def test_search_is_the_list_pages_search(client, demo_data, q):
    slugs = [item["slug"] for item in client.get("/api/pairs", {"q": q, "page_size": 500}).json()["items"]]
    assert "hubei-ohio" in slugs


def test_pair_has_sides_and_dates_at_their_precision(client, demo_data):
    body = client.get("/api/pairs/henan-kansas").json()
    assert body["established"] == "1981"
    assert body["side_a"]["iso_3166_2"] == "CN-HA"
    assert body["side_b"]["country"] == "US"
    assert "staff_notes" not in body


def test_region_filter(client, demo_data):
    body = client.get("/api/pairs", {"region": "cn-hubei"}).json()
    assert body["count"] == 13


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"kind": "nonsense"}, 422),
        ({"sort": "password"}, 422),
        ({"year_from": "abc"}, 422),
        ({"page": str(10**9)}, 422),
        ({"page": "-1"}, 422),
        ({"page": "999"}, 200),
        ({"q": "x" * 10_000}, 200),
        ({"q": "a\x00b"}, 422),
        ({"region": "a\x00b"}, 422),
    ],
)
def test_bad_query_strings_are_client_errors_never_500(client, demo_data, query, status):
    assert client.get("/api/pairs", query).status_code == status


def test_activities_list_only_published_pairs(client, demo_data):
    items = client.get("/api/activities", {"category": "people", "year": 2022}).json()["items"]
    dialogue = next(item for item in items if item["title_en"].startswith("China–U.S. sister cities video"))
    assert sorted(dialogue["pairs"]) == [
        "anhui-maryland",
        "fujian-oregon",
        "hebei-iowa",
        "henan-kansas",
        "hubei-ohio",
        "nanjing-st-louis",
    ]


def test_place(client, demo_data):
    body = client.get("/api/places/cn-hubei-wuhan").json()
    assert body["parent"] == "cn-hubei"


def test_openapi_description_and_local_docs_page(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/pairs" in schema["paths"]
    html = client.get("/api/docs").content.decode()
    # Drawn from the description: every endpoint and its parameters, with no script at all.
    for path, operations in schema["paths"].items():
        assert f"<code>GET {path}</code>" in html
        for parameter in operations["get"].get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in html
    assert "<script" not in html
    assert 'href="/api/openapi.json"' in html


def test_the_list_page_links_its_view_to_the_api_with_the_same_pairs(client, demo_data):
    page = client.get("/en/pairs/", {"region": "cn-hubei", "kind": "city"})
    # The page sees its query as the page cache keeps it: known parameters, sorted.
    assert 'href="/api/pairs?kind=city&amp;region=cn-hubei"' in page.content.decode()
    body = client.get("/api/pairs", {"region": "cn-hubei", "kind": "city"}).json()
    assert body["count"] == page.context["paginator"].count == 11
