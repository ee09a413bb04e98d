"""Public pages and JSON over the wire (registry/page_encoding.py): compressed when the browser
accepts it, from bodies the page cache keeps compressed; Cache-Control and Vary; ETags that
answer a conditional request with 304 and change with every write."""

import gzip
from unittest import mock

import brotli
import pytest

from registry import page_encoding

from .factories import CityPairingFactory

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/zh-hans/pairs/", "/en/pairs/{pair}/", "/en/map/", "/api/pairs", "/api/pairs/{pair}"]


@pytest.fixture
def pair():
    return CityPairingFactory()


def urls(pair):
    return [page.format(pair=pair.slug) for page in PAGES]


def test_gzip_body_decompresses_to_the_page(client, pair):
    for url in urls(pair):
        plain = client.get(url)
        assert "Content-Encoding" not in plain
        packed = client.get(url, headers={"accept-encoding": "gzip, deflate"})
        assert packed["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed.content) == plain.content, url
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
        assert "Accept-Encoding" in packed["Vary"]
        assert "Accept-Encoding" in plain["Vary"]


def test_brotli_is_preferred_when_accepted(client, pair):
    plain = client.get("/en/")
    packed = client.get("/en/", headers={"accept-encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "br"
    assert brotli.decompress(packed.content) == plain.content


def test_an_encoding_refused_with_q0_is_not_used(client, pair):
    response = client.get("/en/", headers={"accept-encoding": "br;q=0, gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get("/en/", headers={"accept-encoding": "gzip;q=0"})


def test_the_cache_keeps_compressed_bodies_and_serving_compresses_nothing(client, pair):
    first = client.get("/en/", headers={"accept-encoding": "gzip"})
    assert first["X-Page-Cache"] == "miss"
    with mock.patch.object(page_encoding, "_compress", side_effect=AssertionError("compressed again")):
        for encoding in ("gzip", "br", "identity"):
            hit = client.get("/en/", headers={"accept-encoding": encoding})
            assert hit["X-Page-Cache"] == "hit"
    assert hit.status_code == 200


def test_pages_say_how_long_they_may_be_kept(client, pair):
    response = client.get("/en/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_if_none_match_gets_304_without_a_body(client, pair):
    for url in urls(pair):
        for encoding in ("identity", "gzip", "br"):
            first = client.get(url, headers={"accept-encoding": encoding})
            etag = first["ETag"]
            again = client.get(url, headers={"accept-encoding": encoding, "if-none-match": etag})
            assert again.status_code == 304, (url, encoding)
            assert again.content == b""
            assert again["ETag"] == etag


def test_each_encoding_has_its_own_etag(client, pair):
    plain = client.get("/en/")["ETag"]
    packed = client.get("/en/", headers={"accept-encoding": "gzip"})["ETag"]
    assert plain != packed
    # A gzip ETag does not match the plain page: the browser gets the body it asked for.
    assert client.get("/en/", headers={"if-none-match": packed}).status_code == 200


def test_a_write_changes_the_etag(client, pair):
    etag = client.get("/en/pairs/")["ETag"]
    CityPairingFactory()
    response = client.get("/en/pairs/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_write_that_leaves_a_page_unchanged_still_changes_its_etag(client, pair):
    """The ETag is tied to the data generation, not only to the body."""
    url = f"/en/pairs/{pair.slug}/"
    etag = client.get(url)["ETag"]
    CityPairingFactory(is_published=False)  # not shown on this page
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_pages_with_a_cookie_are_not_stored_or_compressed(client, pair):
    """The suggestion form sets the CSRF cookie: it is rendered for each visitor."""
    response = client.get("/en/suggest/", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in response
    assert "X-Page-Cache" not in response
