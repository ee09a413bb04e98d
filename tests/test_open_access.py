"""Cross-origin GET of the API and open data (django-cors-headers), never of the site's pages or
with credentials; ETags and 304 on the API and the downloads."""

import pytest

from registry.models import Pairing

from .helpers import body, build_open_data

pytestmark = pytest.mark.django_db

ORIGIN = "https://researcher.example.net"


@pytest.mark.parametrize(
    "url",
    [
        "/api/pairs",
        "/api/pairs/hubei-ohio",
        "/en/open-data/pairings.csv",
        "/zh-hans/open-data/sister-pairs.geojson",
        "/en/pairs/download.json?q=Ohio",
    ],
)
def test_api_and_open_data_may_be_read_from_any_origin(client, demo_data, url):
    build_open_data()
    response = client.get(url, headers={"origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("url", ["/en/pairs/", "/en/", "/en/admin/login/"])
def test_pages_and_admin_are_not_shared_cross_origin(client, demo_data, url):
    response = client.get(url, headers={"origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in response


def test_preflight_allows_only_reading(client, db):
    response = client.options(
        "/api/pairs",
        headers={"origin": ORIGIN, "access-control-request-method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_writes_stay_refused_cross_origin(client, db):
    response = client.post("/api/pairs", headers={"origin": ORIGIN})
    assert response.status_code == 405


@pytest.mark.parametrize("url", ["/api/pairs?q=Ohio", "/en/open-data/places.json"])
def test_etag_answers_a_conditional_request_with_304(client, demo_data, url):
    build_open_data()
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"')
    again = client.get(url, headers={"if-none-match": etag, "origin": ORIGIN})
    assert again.status_code == 304
    assert body(again) == b""
    assert again["Access-Control-Allow-Origin"] == "*"


def test_etag_changes_with_the_data(client, demo_data):
    etag = client.get("/api/pairs/hubei-ohio")["ETag"]
    pairing = Pairing.objects.get(slug="hubei-ohio")
    pairing.status = "dormant"
    pairing.save()
    response = client.get("/api/pairs/hubei-ohio", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
