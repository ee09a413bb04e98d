"""Merging duplicate places in the admin: everything moves to the kept place, duplicate and self
pairs are refused, history says why, the old address redirects, only administrators may merge,
and a refused merge writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from registry.models import (
    Designation,
    ExchangeActivity,
    Jurisdiction,
    Level,
    Milestone,
    Pairing,
    PlaceKey,
    PlaceMatch,
    RetiredSlug,
    SeekingProfile,
    Suggestion,
)
from registry.places.merging import merge_places

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ExchangeActivityFactory,
    MilestoneFactory,
    SeekingProfileFactory,
    USCityFactory,
)
from .helpers import role_client

CHANGELIST = "/en/admin/registry/jurisdiction/"


@pytest.fixture
def wilmingtons(db):
    """Two pages of one Wilmington, each with its own pair and things pointing at it."""
    keep = USCityFactory(name_en="Wilmington", parent=None, slug="us-wilmington")
    duplicate = USCityFactory(name_en="Wilmington", name_zh="威尔明顿", parent=None, slug="us-wilmington-2")
    dandong = CityPairingFactory(side_a__name_en="Dandong", side_b=keep, slug="dandong-wilmington")
    ningbo = CityPairingFactory(side_a__name_en="Ningbo", side_b=duplicate, slug="ningbo-wilmington")
    MilestoneFactory(pairing=ningbo, acting_side=duplicate)
    activity = ExchangeActivityFactory(host=duplicate)
    activity.pairings.add(ningbo)
    SeekingProfileFactory(place=duplicate)
    child = Jurisdiction.objects.create(
        country="US",
        level=Level.COUNTY,
        designation=Designation.DISTRICT,
        parent=duplicate,
        name_en="Riverfront",
        slug="us-wilmington-2-riverfront",
    )
    PlaceMatch.objects.create(jurisdiction=duplicate, outcome="ambiguous", message="7 places")
    PlaceKey.objects.create(jurisdiction=duplicate, key="威尔明顿")
    RetiredSlug.retire(duplicate, "wilmington-old")
    return {"keep": keep, "duplicate": duplicate, "dandong": dandong, "ningbo": ningbo, "child": child}


def merge_post(client, places, keep, reason="Both are Wilmington, Delaware (the sources name the state)"):
    return client.post(
        CHANGELIST,
        {
            "action": "merge_duplicates",
            "_selected_action": [place.pk for place in places],
            "keep": keep.pk,
            "reason": reason,
            "merge": "Merge",
        },
    )


def test_merge_moves_everything_and_redirects_the_old_address(wilmingtons, admin_client, client):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    response = merge_post(admin_client, [keep, duplicate], keep)
    assert response.status_code == 302
    assert response["Location"] == f"/en/admin/registry/jurisdiction/{keep.pk}/change/"
    assert not Jurisdiction.objects.filter(pk=duplicate.pk).exists()
    assert set(Pairing.objects.involving(keep).values_list("slug", flat=True)) == {
        "dandong-wilmington",
        "ningbo-wilmington",
    }
    assert Milestone.objects.get(pairing=wilmingtons["ningbo"]).acting_side == keep
    assert ExchangeActivity.objects.get().host == keep
    assert SeekingProfile.objects.get().place == keep
    assert Jurisdiction.objects.get(pk=wilmingtons["child"].pk).parent == keep
    assert PlaceMatch.objects.get(jurisdiction=keep).message == "7 places"
    assert PlaceKey.objects.filter(jurisdiction=keep, key="威尔明顿").exists()
    keep.refresh_from_db()
    assert keep.name_zh == "威尔明顿"  # a blank filled from the duplicate

    for old in ("us-wilmington-2", "wilmington-old"):
        response = client.get(f"/en/places/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/en/places/us-wilmington/"


def test_history_of_both_places_records_the_merge_and_its_reason(wilmingtons, admin_client):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    merge_post(admin_client, [keep, duplicate], keep, reason="Same city: both pages cite Delaware")
    latest = keep.history.latest()
    assert "Same city" in latest.history_change_reason
    assert latest.history_user.is_superuser
    deleted = Jurisdiction.history.filter(id=duplicate.pk).latest()
    assert deleted.history_type == "-"
    assert "us-wilmington-2" in deleted.history_change_reason
    moved = wilmingtons["ningbo"].history.latest()
    assert moved.side_b_id == keep.pk
    assert "Same city" in moved.history_change_reason


def test_merge_that_would_duplicate_a_pair_is_refused_and_writes_nothing(wilmingtons, admin_client):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    # The duplicate is also paired with Dandong: merged, Dandong–Wilmington would exist twice.
    CityPairingFactory(side_a=wilmingtons["dandong"].side_a, side_b=duplicate, slug="dandong-wilmington-2")
    response = merge_post(admin_client, [keep, duplicate], keep)
    assert response.status_code == 200
    assert "is paired with both (dandong-wilmington-2 and dandong-wilmington)" in response.content.decode()
    assert Jurisdiction.objects.filter(pk=duplicate.pk).exists()
    assert Pairing.objects.involving(duplicate).count() == 2
    assert Milestone.objects.get().acting_side == duplicate


def test_merge_that_would_pair_a_place_with_itself_is_refused(db):
    china = ChineseCityFactory()
    copy = ChineseCityFactory(parent=china.parent)
    # A pair between the two copies (bad data: the model's clean() refuses same-country pairs).
    Pairing.objects.create(side_a=copy, side_b=china, kind="city", slug="x")
    with pytest.raises(ValidationError, match="pair a place with itself"):
        merge_places(keep=china, duplicate=copy, reason="same")
    assert Jurisdiction.objects.filter(pk=copy.pk).exists()


def test_a_merge_needs_a_reason_and_two_places(wilmingtons, admin_client):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    response = merge_post(admin_client, [keep, duplicate], keep, reason="")
    assert response.status_code == 200
    assert Jurisdiction.objects.filter(pk=duplicate.pk).exists()
    response = merge_post(admin_client, [keep], keep)
    assert response.status_code == 302
    assert Jurisdiction.objects.filter(pk=duplicate.pk).exists()


def test_the_form_offers_the_selected_places_with_their_pair_counts(wilmingtons, admin_client):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    response = admin_client.post(
        CHANGELIST, {"action": "merge_duplicates", "_selected_action": [keep.pk, duplicate.pk]}
    )
    assert response.status_code == 200
    assert "us-wilmington-2, 1 pairs" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "editor", "importer"])
def test_only_roles_that_change_and_delete_places_may_merge(wilmingtons, role):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    client = role_client(role)
    assert "merge_duplicates" not in client.get(CHANGELIST).content.decode()  # not offered
    merge_post(client, [keep, duplicate], keep)
    assert Jurisdiction.objects.filter(pk=duplicate.pk).exists()
    assert Pairing.objects.involving(duplicate).count() == 1


def test_administrators_may_merge(wilmingtons):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    response = merge_post(role_client("administrator"), [keep, duplicate], keep)
    assert response.status_code == 302
    assert not Jurisdiction.objects.filter(pk=duplicate.pk).exists()


def test_a_suggestion_naming_the_duplicate_names_the_kept_place_after_the_merge(wilmingtons):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    suggestion = Suggestion.objects.create(
        kind="new_pair",
        place_a="Ningbo",
        place_b="Wilmington",
        side_b=duplicate,
        message="Signed in 1993, as the city's page says.",
        source_url="https://example.org/ningbo-wilmington",
    )
    merge_places(keep=keep, duplicate=duplicate, reason="same")
    suggestion.refresh_from_db()
    assert suggestion.side_b == keep


def test_merge_queries_grow_with_the_rows_moved_not_with_the_registry(wilmingtons, django_assert_num_queries):
    keep, duplicate = wilmingtons["keep"], wilmingtons["duplicate"]
    CityPairingFactory.create_batch(20)  # unrelated pairs cost nothing
    with django_assert_num_queries(MERGE_QUERIES):
        merge_places(keep=keep, duplicate=duplicate, reason="same")


# Measured: locking both places, reading both places' pairs, one save with history per moved
# row (a pair, a milestone, an activity, a profile, a child place), the match and keys, the old
# addresses, the suggestions naming it (two updates), the deletion with its history (and the
# suggestions' emptied sides), the kept place's save, and its new old address.
MERGE_QUERIES = 53


@pytest.mark.django_db(transaction=True)
def test_merging_three_copies_is_all_or_nothing(admin_user):
    """The second copy is refused (its partner is already the kept place's): the first copy's
    merge, already done inside the same transaction, is rolled back with it."""
    from django.test import Client

    keep = USCityFactory(name_en="Columbus", parent=None, slug="us-columbus")
    first = USCityFactory(name_en="Columbus", parent=None, slug="us-columbus-2")
    second = USCityFactory(name_en="Columbus", parent=None, slug="us-columbus-3")
    hefei = ChineseCityFactory(name_en="Hefei")
    CityPairingFactory(side_a=hefei, side_b=keep, slug="hefei-columbus")
    CityPairingFactory(side_a__name_en="Wuxi", side_b=first, slug="wuxi-columbus")
    CityPairingFactory(side_a=hefei, side_b=second, slug="hefei-columbus-2")
    client = Client()
    client.force_login(admin_user)
    response = merge_post(client, [keep, first, second], keep)
    assert response.status_code == 200
    assert Jurisdiction.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert Pairing.objects.get(slug="wuxi-columbus").side_b_id == first.pk
    assert not RetiredSlug.objects.exists()
