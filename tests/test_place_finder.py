"""The home page's finder leads to places, not only to pairs: on submit and as one types, in any
written form the gazetteer knows."""

import pytest

from registry.models import Jurisdiction, Pairing

from . import places_fixtures

gazetteer = places_fixtures.gazetteer
reconciled = places_fixtures.reconciled

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("q", "slug"),
    [
        ("Ohio", "us-ohio"),
        ("圣路易斯", "us-missouri-st-louis"),
        ("Canton", "cn-guangdong-guangzhou"),
        ("Peking", "cn-beijing"),
        ("St Louis", "us-missouri-st-louis"),
        ("Saint Louis", "us-missouri-st-louis"),
        ("CN-HB", "cn-hubei"),
        ("湖北省", "cn-hubei"),
    ],
)
def test_submitting_a_name_opens_the_place(reconciled, client, q, slug):
    response = client.get("/en/find/", {"q": q})
    assert response.status_code == 302
    assert response["Location"] == f"/en/places/{slug}/"


def test_a_name_of_several_places_lists_them_with_their_pair_counts(reconciled, client):
    wilmingtons = Jurisdiction.objects.filter(name_en="Wilmington")
    assert wilmingtons.count() == 2
    response = client.get("/zh-hans/find/", {"q": "Wilmington"})
    assert response.status_code == 200
    found = {place.slug for place in response.context["places"]}
    assert found == set(wilmingtons.values_list("slug", flat=True))
    assert all(place.pair_count == 1 for place in response.context["places"])
    assert "/zh-hans/pairs/?q=Wilmington" in response.content.decode()


def test_an_unknown_name_falls_back_to_the_pair_search(reconciled, client):
    response = client.get("/en/find/", {"q": "Atlantis"})
    assert response["Location"] == "/en/pairs/?q=Atlantis"


@pytest.mark.parametrize(
    ("q", "slug"),
    [
        ("Oh", "us-ohio"),
        ("圣路", "us-missouri-st-louis"),
        ("Pek", "cn-beijing"),
        ("st lo", "us-missouri-st-louis"),
    ],
)
def test_places_are_offered_as_one_types(reconciled, client, q, slug):
    places = client.get("/en/find/places.json", {"q": q}).json()["places"]
    assert f"/en/places/{slug}/" in [place["url"] for place in places]


def test_suggestions_carry_names_in_the_pages_language_and_pair_counts(reconciled, client):
    ohio = client.get("/zh-hans/find/places.json", {"q": "Ohio"}).json()["places"][0]
    published = Pairing.objects.public().involving(Jurisdiction.objects.get(slug="us-ohio")).count()
    assert ohio == {
        "name": "俄亥俄州",
        "other_name": "Ohio",
        "parent": "",
        "url": "/zh-hans/places/us-ohio/",
        "pairs": published,
    }


def test_one_latin_letter_offers_nothing(reconciled, client):
    assert client.get("/en/find/places.json", {"q": "o"}).json() == {"places": []}


def test_finder_queries_do_not_grow_with_the_places_found(reconciled, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        one = client.get("/en/find/places.json", {"q": "Ohio"}).json()["places"]
    with django_assert_num_queries(1):
        many = client.get("/en/find/places.json", {"q": "Sh"}).json()["places"]
    assert len(one) == 1
    assert len(many) == 8
    with django_assert_num_queries(1):
        client.get("/en/find/", {"q": "Wilmington"})


def test_the_home_page_finder_submits_to_the_place_finder(reconciled, client):
    page = client.get("/en/").content.decode()
    assert 'action="/en/find/"' in page
    assert 'data-suggest-url="/en/find/places.json"' in page
