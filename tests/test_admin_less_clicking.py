"""Less clicking: a pairing's kind follows from its sides, the activity form finds a pair by its
label or either side in either language, and sources are attached by pasting their addresses."""

import pytest
from django.urls import reverse

from registry.models import Designation, Level, PairingKind, Source

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ProvinceFactory,
    SourceFactory,
    StateFactory,
    USCityFactory,
)
from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_the_kind_follows_from_the_sides():
    hubei, ohio = ProvinceFactory(), StateFactory()
    beijing = ProvinceFactory(designation=Designation.MUNICIPALITY)
    washington = StateFactory(designation=Designation.FEDERAL_DISTRICT)
    wuhan, pittsburgh = ChineseCityFactory(), USCityFactory()
    assert PairingKind.for_sides(hubei, ohio) == PairingKind.PROVINCE_STATE
    assert PairingKind.for_sides(beijing, ohio) == PairingKind.PROVINCE_STATE
    assert PairingKind.for_sides(wuhan, pittsburgh) == PairingKind.CITY
    assert PairingKind.for_sides(beijing, pittsburgh) == PairingKind.CITY
    assert PairingKind.for_sides(beijing, washington) == PairingKind.CITY
    assert wuhan.level == Level.CITY


def test_adding_a_pairing_derives_its_kind(admin_client):
    hubei, ohio = ProvinceFactory(), StateFactory()
    form = {
        "side_a": hubei.pk,
        "side_b": ohio.pk,
        "kind": "city",  # a stale or forged choice is not what decides
        "tier": "sister",
        "status": "unknown",
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "ExchangeActivity_pairings-TOTAL_FORMS": 0,
        "ExchangeActivity_pairings-INITIAL_FORMS": 0,
        "Pairing_sources-TOTAL_FORMS": 0,
        "Pairing_sources-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:registry_pairing_add"), form)
    assert response.status_code == 302
    assert hubei.pairings_as_a.get().kind == PairingKind.PROVINCE_STATE


@pytest.fixture
def changzhou_dayton():
    changzhou = ChineseCityFactory(name_en="Changzhou", name_zh="常州")
    dayton = USCityFactory(name_en="Dayton", name_zh="代顿")
    other = CityPairingFactory(side_a=changzhou)  # Changzhou's other pair
    return CityPairingFactory(side_a=changzhou, side_b=dayton), other


def autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "exchangeactivity", "field_name": "pairings", "term": term},
    )
    assert response.status_code == 200
    return {int(result["id"]) for result in response.json()["results"]}


@pytest.mark.parametrize(
    "term", ["Changzhou – Dayton", "Dayton – Changzhou", "常州 – 代顿", "changzhou - dayton", "常州—Dayton"]
)
def test_the_activity_form_finds_a_pair_by_its_label(admin_client, changzhou_dayton, term):
    pair, _other = changzhou_dayton
    assert autocomplete(admin_client, term) == {pair.pk}


@pytest.mark.parametrize("term", ["Changzhou", "常州"])
def test_the_activity_form_finds_pairs_by_either_side_in_either_language(
    admin_client, changzhou_dayton, term
):
    assert autocomplete(admin_client, term) == {pairing.pk for pairing in changzhou_dayton}


def test_sources_are_attached_by_pasting_their_addresses(admin_client):
    pairing = CityPairingFactory()
    known = SourceFactory(url="https://example.org/known", publisher="Example")
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    pasted = "https://example.org/known\n\nnews.example.com/story?id=1\n"
    response = admin_client.post(url, {**change_form_data(admin_client, url), "source_urls": pasted})
    assert response.status_code == 302
    assert Source.objects.count() == 2
    new = Source.objects.get(url="https://news.example.com/story?id=1")
    assert new.publisher == "news.example.com"
    assert set(pairing.sources.all()) == {known, new}
    assert new.history.get().history_user.username == "admin"


def test_a_pasted_line_that_is_no_address_is_a_form_error(admin_client):
    pairing = CityPairingFactory()
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    response = admin_client.post(
        url, {**change_form_data(admin_client, url), "source_urls": "see the newspaper"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["source_urls"] == [
        "see the newspaper is not a web address."
    ]
    assert Source.objects.count() == 0
