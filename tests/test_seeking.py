"""Partner-seeking profiles: constraints, the public list, profile page, place-page note, feed,
admin (with roles and history) and the matches view's one-step pairing."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.models import Milestone, Pairing, SeekingProfile
from registry.roles import role_permissions
from registry.seeking.suggestions import category_labels

from .factories import (
    ChineseCityFactory,
    CityPairingFactory,
    ProvinceFactory,
    ProvinceStatePairingFactory,
    SeekingProfileFactory,
    StateFactory,
    USCityFactory,
)

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def zh(name, **kwargs):
    with translation.override("zh-hans"):
        return reverse(name, kwargs=kwargs)


# --- Constraints ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"population": 1000},  # no as-of date
        {"area_km2": 10},  # no as-of date
        {"status": "maybe"},
        {"matched_pairing": "pairing"},  # still open
    ],
    ids=["population-undated", "area-undated", "status-unknown", "pairing-while-open"],
)
def test_database_rejects(values):
    if values.get("matched_pairing"):
        values["matched_pairing"] = CityPairingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SeekingProfileFactory(**values)


def test_clean_refuses_own_country_and_a_pairing_of_another_place():
    profile = SeekingProfileFactory.build(place=USCityFactory(), wanted_countries=["US", "CN"])
    profile.status, profile.matched_pairing = "matched", CityPairingFactory()
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert set(error.value.message_dict) >= {"wanted_countries", "matched_pairing"}


# --- Public list ------------------------------------------------------------------------------


def test_empty_list_says_no_place_is_seeking_yet(client):
    SeekingProfileFactory(is_published=False)
    SeekingProfileFactory(status="withdrawn")
    response = client.get(url("registry:seeking-list"))
    assert response.status_code == 200
    assert "No place is seeking a partner through the registry yet." in response.content.decode()
    chinese = client.get(zh("registry:seeking-list")).content.decode()
    assert "目前还没有地方通过本名录寻求友好伙伴。" in chinese


@pytest.fixture
def profiles():
    hubei = ProvinceFactory(name_en="Hubei", slug="hubei")
    ohio = StateFactory(name_en="Ohio", slug="ohio")
    old = SeekingProfileFactory(
        place=ChineseCityFactory(parent=hubei, name_en="Yichang"),
        wanted_countries=["US"],
        interests=["trade"],
    )
    SeekingProfile.objects.filter(pk=old.pk).update(
        modified_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    new = SeekingProfileFactory(
        place=USCityFactory(parent=ohio, name_en="Akron"),
        wanted_countries=["CN"],
        interests=["education", "sports"],
    )
    hidden = SeekingProfileFactory(
        place=USCityFactory(parent=ohio, name_en="Hiddenville"), is_published=False
    )
    return {"old": old, "new": new, "hidden": hidden}


def listed(client, **params):
    response = client.get(url("registry:seeking-list"), params)
    assert response.status_code == 200
    return [profile.place.name_en for profile in response.context["object_list"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Akron", "Yichang"]),
        ({"country": "CN"}, ["Yichang"]),
        ({"region": "ohio"}, ["Akron"]),
        ({"field": "education"}, ["Akron"]),
        ({"field": "trade"}, ["Yichang"]),
        ({"since": "2021-01-01"}, ["Akron"]),
    ],
)
def test_list_filters(client, profiles, params, expected):
    assert listed(client, **params) == expected


@pytest.mark.parametrize("params", [{"since": "garbage"}, {"field": "nonsense"}, {"country": "XX"}])
def test_a_rejected_filter_value_gives_an_empty_list_and_the_message(client, profiles, params):
    response = client.get(url("registry:seeking-list"), params)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert "Some filters were not understood; correct them to see profiles." in response.content.decode()


def test_list_query_count_does_not_grow(client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("registry:seeking-list") + "?field=education").status_code == 200
        return len(queries)

    SeekingProfileFactory()
    at_one = count()
    for _index in range(30):
        SeekingProfileFactory(place=ChineseCityFactory(), wanted_countries=["US"])
    assert count() == at_one


# --- Profile page -----------------------------------------------------------------------------


def test_profile_page_shows_the_profile_and_hides_a_private_contact(client, profiles):
    profile = profiles["new"]
    profile.contact, profile.homepage = "Mayor's office, mayor@example.org", "https://example.org/"
    profile.population, profile.population_as_of = 190_000, datetime.date(2020, 4, 1)
    profile.save()
    page = client.get(profile.get_absolute_url()).content.decode()
    assert profile.profile_en in page
    assert "mayor@example.org" not in page
    assert "Through the association that keeps this registry." in page
    assert "190000 (as of 2020-04-01)" in page
    assert "Suggested partners" in page
    profile.contact_is_public = True
    profile.save()
    assert "mayor@example.org" in client.get(profile.get_absolute_url()).content.decode()


def test_profile_page_in_chinese_shows_the_chinese_profile(client, profiles):
    with translation.override("zh-hans"):
        page = client.get(profiles["new"].get_absolute_url()).content.decode()
    assert profiles["new"].profile_zh in page
    assert "推荐伙伴" in page


def test_unpublished_profile_is_a_404(client, profiles):
    assert client.get(profiles["hidden"].get_absolute_url()).status_code == 404


def test_a_matched_profile_links_its_published_pairing(client, profiles):
    profile = profiles["new"]
    pairing = CityPairingFactory(side_b=profile.place)
    profile.status, profile.matched_pairing = "matched", pairing
    profile.save()
    page = client.get(profile.get_absolute_url()).content.decode()
    assert pairing.get_absolute_url() in page


# --- Place page, suggestions page, feed ---------------------------------------------------------


def test_place_page_notes_an_open_published_profile(client, profiles):
    place = profiles["new"].place
    CityPairingFactory(side_b=place)  # makes the place public
    page = client.get(place.get_absolute_url()).content.decode()
    assert "Akron is looking for a partner." in page
    assert profiles["new"].get_absolute_url() in page
    profiles["new"].status = "withdrawn"
    profiles["new"].save()
    assert "is looking for a partner" not in client.get(place.get_absolute_url()).content.decode()


def test_suggestions_page_for_a_place_without_profile(client):
    hubei, ohio = ProvinceFactory(name_en="Hubei"), StateFactory(name_en="Ohio")
    ProvinceStatePairingFactory(side_a=hubei, side_b=ohio)
    toledo = USCityFactory(parent=ohio, name_en="Toledo", slug="toledo")
    ChineseCityFactory(parent=hubei, name_en="Yichang")
    response = client.get(url("registry:place-suggestions", slug="toledo"))
    assert response.status_code == 404  # Toledo is in no published pair: not a public place
    CityPairingFactory(side_b=toledo)
    page = client.get(url("registry:place-suggestions", slug="toledo")).content.decode()
    assert "Yichang" in page
    assert "Their provinces/states, Ohio and Hubei, are already sisters." in page
    bad = client.get(url("registry:place-suggestions", slug="toledo"), {"country": "XX"})
    assert bad.status_code == 200
    assert "Choose a country from the list." in bad.content.decode()


def test_suggestions_page_headings_and_chinese_punctuation(client):
    hubei = ProvinceFactory(name_en="Hubei", name_zh="湖北省")
    ohio = StateFactory(name_en="Ohio")
    ProvinceStatePairingFactory(side_a=hubei, side_b=ohio)
    toledo = USCityFactory(parent=ohio, name_en="Toledo", slug="toledo")
    CityPairingFactory(side_b=toledo)
    ChineseCityFactory(parent=hubei, name_en="Yichang")
    page = client.get(url("registry:place-suggestions", slug="toledo")).content.decode()
    # Each suggestion is an h3: an h2 comes between it and the page's h1 (axe: heading-order).
    levels = re.findall(r"<h([1-6])[ >]", page.split("<main", 1)[1])
    assert levels[:3] == ["1", "2", "3"]
    assert "Hubei, China" in page
    assert '<form class="filters partner-country"' in page
    with translation.override("zh-hans"):
        zh_url = reverse("registry:place-suggestions", kwargs={"slug": "toledo"})
        zh_page = client.get(zh_url).content.decode()
        assert "湖北省，中国" in zh_page
        assert "湖北省, " not in zh_page
        assert category_labels(["government", "people"]) == "政府代表团、民间交流"
    assert category_labels(["government", "people"]) == "government delegation, people-to-people"


def test_suggestions_page_query_count_does_not_grow(client):
    hubei, ohio = ProvinceFactory(name_en="Hubei"), StateFactory(name_en="Ohio")
    ProvinceStatePairingFactory(side_a=hubei, side_b=ohio)
    toledo = USCityFactory(parent=ohio, slug="toledo")
    CityPairingFactory(side_b=toledo)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("registry:place-suggestions", slug="toledo")).status_code == 200
        return len(queries)

    ChineseCityFactory(parent=hubei)
    at_one = count()
    for _index in range(20):
        CityPairingFactory(side_a=ChineseCityFactory(parent=hubei))
    assert count() == at_one


def test_feed_lists_new_published_open_profiles(client, profiles):
    response = client.get(url("registry:seeking-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.index("Akron") < body.index("Yichang")  # newest first
    assert "Hiddenville" not in body


# --- Admin ------------------------------------------------------------------------------------


def admin_url(view, *args):
    with translation.override("en"):
        return reverse(f"admin:registry_seekingprofile_{view}", args=args)


def test_admin_pages_answer(admin_client, profiles):
    assert admin_client.get(admin_url("changelist")).status_code == 200
    assert admin_client.get(admin_url("changelist"), {"q": "Akron"}).status_code == 200
    assert admin_client.get(admin_url("add")).status_code == 200
    assert admin_client.get(admin_url("change", profiles["new"].pk)).status_code == 200
    assert admin_client.get(admin_url("history", profiles["new"].pk)).status_code == 200


def test_admin_changelist_query_count_does_not_grow(admin_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(admin_url("changelist")).status_code == 200
        return len(queries)

    SeekingProfileFactory()
    at_one = count()
    SeekingProfileFactory.create_batch(20)
    assert count() == at_one


def test_history_is_kept(profiles):
    profile = profiles["new"]
    profile.status = "withdrawn"
    profile.save()
    assert [h.status for h in profile.history.order_by("history_id")] == ["open", "withdrawn"]


def staff(role):
    """A logged-in staff member in the role's group. A transactional test's flush empties the
    groups the migration made (the permissions come back with post_migrate): make them again."""
    if not Group.objects.filter(name=role).exists():
        for name, wanted in role_permissions().items():
            group = Group.objects.create(name=name)
            for app_label, codename in wanted:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
    user = get_user_model().objects.create_user(f"{role}-user", password="a long passw0rd!", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def match():
    hubei, ohio = ProvinceFactory(name_en="Hubei"), StateFactory(name_en="Ohio")
    first = SeekingProfileFactory(
        place=ChineseCityFactory(parent=hubei, name_en="Yichang"),
        wanted_countries=["US"],
        interests=["education", "trade"],
    )
    second = SeekingProfileFactory(
        place=USCityFactory(parent=ohio, name_en="Akron"), wanted_countries=["CN"], interests=["education"]
    )
    # Not a match: no shared field.
    SeekingProfileFactory(place=USCityFactory(parent=ohio), wanted_countries=["CN"], interests=["sports"])
    return first, second


def test_matches_view_lists_mutual_matches_for_every_role(match):
    for role in ("viewer", "editor"):
        response = staff(role).get(admin_url("matches"))
        assert response.status_code == 200
        assert [(m.first.pk, m.second.pk) for m in response.context["matches"]] == [
            (match[0].pk, match[1].pk)
        ]
        assert response.context["matches"][0].shared_labels() == "education and youth"


def test_a_viewer_cannot_turn_a_match_into_a_pairing(match):
    response = staff("viewer").post(admin_url("matches"), {"first": match[0].pk, "second": match[1].pk})
    assert response.status_code == 403
    assert not Pairing.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_one_step_turns_a_match_into_a_pairing_with_an_intent_signed_milestone(match):
    first, second = match
    response = staff("editor").post(
        admin_url("matches"), {"first": first.pk, "second": second.pk, "signed_on": "2026-05-02"}
    )
    pairing = Pairing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_pairing_change", args=[pairing.pk])
    assert (pairing.side_a, pairing.side_b, pairing.kind, pairing.is_published) == (
        first.place,
        second.place,
        "city",
        False,
    )
    milestone = Milestone.objects.get(pairing=pairing)
    assert (milestone.kind, milestone.occurred_on, milestone.occurred_precision) == (
        "intent_signed",
        datetime.date(2026, 5, 2),
        "day",
    )
    for profile in (first, second):
        profile.refresh_from_db()
        assert (profile.status, profile.matched_pairing) == ("matched", pairing)
    # The same match again is refused with a message; nothing more is written.
    again = staff("administrator").post(
        admin_url("matches"), {"first": first.pk, "second": second.pk}, follow=True
    )
    assert "no longer open" in again.content.decode()
    assert Pairing.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_pairing_a_match_is_all_or_nothing(match):
    first, second = match
    CityPairingFactory(side_a=first.place, side_b=second.place)  # already paired meanwhile
    response = staff("editor").post(
        admin_url("matches"), {"first": first.pk, "second": second.pk}, follow=True
    )
    assert "already paired" in response.content.decode()
    assert Milestone.objects.count() == 0
    first.refresh_from_db()
    assert first.status == "open"


def test_a_future_date_is_refused(match):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = staff("editor").post(
        admin_url("matches"),
        {"first": match[0].pk, "second": match[1].pk, "signed_on": tomorrow},
        follow=True,
    )
    assert "The date was not understood." in response.content.decode()
    assert not Pairing.objects.exists()


def test_a_field_is_matched_whole_culture_is_not_agriculture(client):
    SeekingProfileFactory(place=USCityFactory(name_en="Farmtown"), interests=["agriculture"])
    SeekingProfileFactory(place=USCityFactory(name_en="Artville"), interests=["tourism", "culture", "trade"])
    assert listed(client, field="culture") == ["Artville"]
    assert listed(client, field="agriculture") == ["Farmtown"]
