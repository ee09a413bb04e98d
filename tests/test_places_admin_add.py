"""Adding a place in the admin starts from a gazetteer search; picking an entry fills the form
from it and saving links the place to it; typing by hand stays possible, behind a warning."""

import pytest

from registry.models import GazetteerEntry, Jurisdiction, MatchOutcome, PlaceKey, PlaceMatch

from . import places_fixtures
from .helpers import role_client

gazetteer = places_fixtures.gazetteer
reconciled = places_fixtures.reconciled

pytestmark = pytest.mark.django_db
ADD = "/en/admin/registry/jurisdiction/add/"


def wuhou():
    return GazetteerEntry.objects.get(gbt2260_code="510107")


def test_the_add_page_is_a_gazetteer_search(reconciled, admin_client):
    response = admin_client.get(ADD)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/registry/place_search.html"
    assert "adminform" not in response.context


@pytest.mark.parametrize("q", ["成都市武侯区", "Wuhou District", "wuhou", "武侯區", "Chengdu - Wuhou"])
def test_search_in_any_script_or_spelling_offers_the_entry(reconciled, admin_client, q):
    response = admin_client.get(ADD, {"q": q})
    offered = [entry.pk for entry, _label, _existing, _query in response.context["results"]]
    assert wuhou().pk in offered


@pytest.mark.parametrize("q", ["圣路易斯", "St Louis", "Saint Louis"])
def test_a_place_already_in_the_registry_is_shown_as_such(reconciled, admin_client, q):
    response = admin_client.get(ADD, {"q": q})
    existing = {existing.slug for _entry, _label, existing, _query in response.context["results"] if existing}
    assert "us-missouri-st-louis" in existing
    assert "Already in the registry" in response.content.decode()


def test_search_costs_the_same_queries_for_one_result_as_for_many(
    reconciled, admin_client, django_assert_num_queries
):
    with django_assert_num_queries(SEARCH_QUERIES):
        one = admin_client.get(ADD, {"q": "成都市武侯区"})
    with django_assert_num_queries(SEARCH_QUERIES):
        many = admin_client.get(ADD, {"q": "Springfield"})
    assert len(one.context["results"]) == 1
    assert len(many.context["results"]) > 5


# Session and user, whether the gazetteer is loaded, the entries, the registry places they are.
SEARCH_QUERIES = 5


def test_picking_an_entry_fills_the_form_from_it(reconciled, admin_client):
    response = admin_client.get(ADD, {"entry": wuhou().pk})
    form = response.context["adminform"].form
    chengdu = Jurisdiction.objects.get(slug="cn-sichuan-chengdu")
    assert form.initial["name_en"] == "Wuhou District"
    assert form.initial["name_zh"] == "武侯区"
    assert form.initial["parent"] == chengdu.pk
    assert form.initial["gbt2260_code"] == "510107"
    assert form.initial["slug"] == "cn-sichuan-chengdu-wuhou-district"
    assert form.initial["level"] == "county"


def test_saving_creates_the_place_linked_to_its_entry(reconciled, admin_client):
    entry = wuhou()
    initial = admin_client.get(ADD, {"entry": entry.pk}).context["adminform"].form.initial
    data = {key: "" if value is None else value for key, value in initial.items()}
    response = admin_client.post(f"{ADD}?entry={entry.pk}", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    place = Jurisdiction.objects.get(gbt2260_code="510107")
    match = PlaceMatch.objects.get(jurisdiction=place)
    assert (match.outcome, match.entry_id) == (MatchOutcome.MATCHED, entry.pk)
    assert PlaceKey.objects.filter(jurisdiction=place, key="武侯区").exists()
    # Now the registry has it: picking it again leads to it instead of a second copy.
    response = admin_client.get(ADD, {"entry": entry.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/en/admin/registry/jurisdiction/{place.pk}/change/"


def test_a_us_city_takes_its_chinese_name_state_and_position(reconciled, admin_client):
    response = admin_client.get(ADD, {"q": "Kalamazoo, Michigan"})
    (entry, _label, existing, _query) = response.context["results"][0]
    assert existing is None
    form = admin_client.get(ADD, {"entry": entry.pk}).context["adminform"].form
    assert form.initial["parent"] == Jurisdiction.objects.get(iso_3166_2="US-MI").pk
    assert form.initial["name_zh"] == entry.name_zh != ""
    assert form.initial["coordinates_source"].startswith("GeoNames")


def test_typing_by_hand_shows_the_form_with_a_warning(reconciled, admin_client):
    response = admin_client.get(ADD, {"manual": 1})
    assert "adminform" in response.context
    assert "only for a place the gazetteer lacks" in response.content.decode()


def test_the_plus_beside_a_pairs_side_searches_too_and_keeps_the_popup(reconciled, admin_client):
    response = admin_client.get(ADD, {"_popup": 1, "_to_field": "id", "q": "武侯区"})
    (_entry, _label, _existing, query) = response.context["results"][0]
    assert "_popup=1" in query
    assert "_to_field=id" in query


def test_unknown_name_says_so_with_closest_names(reconciled, admin_client):
    response = admin_client.get(ADD, {"q": "Chengduu"})
    assert response.context["results"] == []
    assert "Chengdu" in " ".join(response.context["suggestions"])


def test_viewers_cannot_open_the_search(reconciled):
    assert role_client("viewer").get(ADD).status_code == 403
