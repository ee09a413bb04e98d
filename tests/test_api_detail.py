"""The API's single pair with its sources, milestones and activities, and the places list."""

import pytest

from registry.models import Pairing

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    MilestoneFactory,
    SourceFactory,
    USCityFactory,
)

pytestmark = pytest.mark.django_db


def test_pair_carries_sources_milestones_and_activities(client, demo_data):
    body = client.get("/api/pairs/hubei-ohio").json()
    pairing = Pairing.objects.get(slug="hubei-ohio")
    assert [source["url"] for source in body["sources"]] == [source.url for source in pairing.sources.all()]
    assert set(body["sources"][0]) == {"url", "title", "publisher", "published_on"}
    established = [m for m in body["milestones"] if m["kind"] == "established"]
    assert established[0]["occurred"] == "1979-10-31"
    assert "established_basis" in body


def test_pair_lists_only_published_activities(client, demo_data):
    pairing = Pairing.objects.get(slug="hubei-ohio")
    shown = ExchangeActivityFactory(title_en="Shown visit")
    hidden = ExchangeActivityFactory(title_en="Hidden visit", is_published=False)
    shown.pairings.add(pairing)
    hidden.pairings.add(pairing)
    milestone = MilestoneFactory(pairing=pairing, description="Renewed.")
    milestone.sources.add(SourceFactory(url="https://example.org/renewal", publisher="Example"))
    body = client.get("/api/pairs/hubei-ohio").json()
    titles = [activity["title_en"] for activity in body["activities"]]
    assert "Shown visit" in titles
    assert "Hidden visit" not in titles
    renewal = next(m for m in body["milestones"] if m["description"] == "Renewed.")
    assert renewal["sources"] == [
        {
            "url": "https://example.org/renewal",
            "title": renewal["sources"][0]["title"],
            "publisher": "Example",
            "published_on": None,
        }
    ]


def test_places_list_is_paginated_and_filtered(client, demo_data):
    body = client.get("/api/places", {"country": "us", "level": "province"}).json()
    assert body["count"] > 0
    assert {place["country"] for place in body["items"]} == {"US"}
    assert {place["level"] for place in body["items"]} == {"province"}
    ohio = client.get("/api/places", {"q": "俄亥俄"}).json()
    assert [place["slug"] for place in ohio["items"]] == ["us-ohio"]


def test_places_list_leaves_out_places_without_published_pairs(client, demo_data):
    hidden = CityPairingFactory(
        is_published=False,
        side_a=ChineseCityFactory(name_en="Hiddenville"),
        side_b=USCityFactory(name_en="Secrettown"),
    )
    for name in ("Hiddenville", "Secrettown"):
        assert client.get("/api/places", {"q": name}).json()["count"] == 0
    hidden.is_published = True
    hidden.save()
    assert client.get("/api/places", {"q": "Hiddenville"}).json()["count"] == 1
