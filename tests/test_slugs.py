"""Slugs from both sides of a pair, one rule for them everywhere, and old addresses that keep
working (301 to the record's address now, in both languages, on pages and in the API)."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import translation

from registry.batches import batches
from registry.models import Jurisdiction, Pairing, RetiredSlug
from registry.services import unique_pairing_slug
from registry.slugs import free_slug, pairing_slug_base, place_slug_base, slug_part
from registry.taken_slugs import TakenSlugs

from .factories import ChineseCityFactory, CityPairingFactory, StateFactory, USCityFactory
from .helpers import change_form_data

rename_migration = importlib.import_module("registry.migrations.0009_retired_slugs_and_seat_positions")


def test_slug_part_romanises_a_chinese_name():
    assert slug_part("潮州市") == "chaozhou"
    assert slug_part("", "武侯区") == "wuhou-district"
    assert slug_part("St. Louis") == "st-louis"


@pytest.mark.django_db
def test_pair_slug_names_both_sides_even_when_one_has_only_a_chinese_name():
    chaozhou = ChineseCityFactory(name_en="潮州市", name_zh="潮州市")
    san_francisco = USCityFactory(name_en="San Francisco")
    assert pairing_slug_base(chaozhou, san_francisco) == "chaozhou-san-francisco"
    assert unique_pairing_slug(chaozhou, san_francisco) == "chaozhou-san-francisco"


@pytest.mark.django_db
def test_same_names_are_told_apart_by_their_states_not_by_a_number():
    hefei = ChineseCityFactory(name_en="Hefei")
    ohio = StateFactory(name_en="Ohio")
    indiana = StateFactory(name_en="Indiana")
    columbus_oh = USCityFactory(name_en="Columbus", parent=ohio)
    columbus_in = USCityFactory(name_en="Columbus", parent=indiana)
    CityPairingFactory(side_a=hefei, side_b=columbus_oh, slug=unique_pairing_slug(hefei, columbus_oh))
    slug = unique_pairing_slug(hefei, columbus_in)
    assert slug == f"hefei-{slug_part(hefei.parent.name_en)}-columbus-indiana"


@pytest.mark.django_db
def test_a_new_pair_never_takes_an_old_address():
    pair = CityPairingFactory(side_a__name_en="Nanjing", side_b__name_en="St. Louis", slug="nanjing-st-louis")
    pair.slug = "nanjing-saint-louis"  # renamed away from its first slug, which still leads to it
    pair.save()
    RetiredSlug.retire(pair, "nanjing-st-louis")
    other = ChineseCityFactory(name_en="Nanjing")
    state = StateFactory()
    again = USCityFactory(name_en="St. Louis", parent=state)
    assert unique_pairing_slug(other, again) != "nanjing-st-louis"


def test_free_slug_reserves_what_it_returns():
    taken = {"columbus"}
    assert free_slug("columbus", taken) == "columbus-2"
    assert free_slug("columbus", taken) == "columbus-3"
    assert free_slug(["a-b", "a-x-b-y"], {"a-b"}) == "a-x-b-y"


def test_place_slug_base():
    assert place_slug_base("Mianyang", "绵阳市", parent_slug="cn-sichuan") == "cn-sichuan-mianyang"
    assert place_slug_base("西城区", country="CN") == "cn-xicheng-district"


@pytest.mark.django_db
def test_slugs_are_unique_in_the_database():
    pair = CityPairingFactory(slug="taken")
    with pytest.raises(IntegrityError), transaction.atomic():
        CityPairingFactory(slug="taken")
    RetiredSlug.retire(pair, "old")
    with pytest.raises(IntegrityError), transaction.atomic():
        RetiredSlug.objects.create(slug="old", pairing=CityPairingFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        RetiredSlug.objects.create(slug="both", pairing=pair, place=pair.side_a)


@pytest.mark.django_db
def test_migration_renames_one_sided_and_numbered_pair_slugs_and_keeps_the_old_addresses():
    chaozhou = ChineseCityFactory(name_en="潮州市", name_zh="潮州市", slug="cn-guangdong-place-4")
    san_francisco = USCityFactory(name_en="San Francisco")
    hefei = ChineseCityFactory(name_en="Hefei")
    columbus = USCityFactory(name_en="Columbus")
    good = CityPairingFactory(side_a=hefei, side_b=san_francisco, slug="hefei-san-francisco")
    one_sided = CityPairingFactory(side_a=chaozhou, side_b=san_francisco, slug="san-francisco")
    numbered = CityPairingFactory(side_a=hefei, side_b=columbus, slug="columbus-5")

    rename_migration.rename_slugs(apps, None)

    for record in (good, one_sided, numbered, chaozhou):
        record.refresh_from_db()
    assert good.slug == "hefei-san-francisco"
    assert one_sided.slug == "chaozhou-san-francisco"
    assert numbered.slug == "hefei-columbus"
    assert chaozhou.slug.endswith("-chaozhou")
    assert RetiredSlug.objects.target(Pairing, "san-francisco") == one_sided
    assert RetiredSlug.objects.target(Pairing, "columbus-5") == numbered
    assert RetiredSlug.objects.target(Jurisdiction, "cn-guangdong-place-4") == chaozhou
    assert not RetiredSlug.objects.filter(pairing=good).exists()


@pytest.fixture
def renamed(db):
    """A published pair and one of its places, each renamed once, the old slugs kept."""
    pair = CityPairingFactory(slug="chaozhou-san-francisco", side_a__slug="cn-guangdong-chaozhou")
    RetiredSlug.retire(pair, "san-francisco")
    RetiredSlug.retire(pair.side_a, "cn-guangdong-place-4")
    return pair


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_old_pair_address_redirects_permanently_in_both_languages(renamed, client, language):
    response = client.get(f"/{language}/pairs/san-francisco/")
    assert response.status_code == 301
    assert response["Location"] == f"/{language}/pairs/chaozhou-san-francisco/"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_old_place_address_redirects_permanently(renamed, client, language):
    response = client.get(f"/{language}/places/cn-guangdong-place-4/")
    assert response.status_code == 301
    assert response["Location"] == f"/{language}/places/cn-guangdong-chaozhou/"
    response = client.get(f"/{language}/places/cn-guangdong-place-4/partners/")
    assert response.status_code == 301
    assert response["Location"] == f"/{language}/places/cn-guangdong-chaozhou/partners/"


def test_old_addresses_redirect_in_the_api(renamed, client):
    response = client.get("/api/pairs/san-francisco")
    assert response.status_code == 301
    assert response["Location"] == "/api/pairs/chaozhou-san-francisco"
    response = client.get("/api/places/cn-guangdong-place-4")
    assert response.status_code == 301
    assert response["Location"] == "/api/places/cn-guangdong-chaozhou"


def test_redirect_is_one_step_after_two_renames(renamed, client):
    renamed.slug = "chaozhou-san-francisco-california"
    renamed.save()
    RetiredSlug.retire(renamed, "chaozhou-san-francisco")
    response = client.get("/en/pairs/san-francisco/")
    assert response["Location"] == "/en/pairs/chaozhou-san-francisco-california/"


def test_unknown_and_unpublished_slugs_are_404(renamed, client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the pair, then the old addresses: none
        assert client.get("/en/pairs/nowhere/").status_code == 404
    Pairing.objects.filter(pk=renamed.pk).update(is_published=False)
    assert client.get("/en/pairs/san-francisco/").status_code == 404


def test_redirect_costs_three_queries(renamed, client, django_assert_num_queries):
    # The pair (not found), the old address with its pair, whether that pair is public.
    with django_assert_num_queries(3):
        assert client.get("/en/pairs/san-francisco/").status_code == 301


def test_slug_changed_in_the_admin_keeps_its_old_address(renamed, admin_client):
    place = renamed.side_a
    url = f"/en/admin/registry/jurisdiction/{place.pk}/change/"
    data = change_form_data(admin_client, url)
    data["slug"] = "cn-guangdong-chaozhou-city"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert RetiredSlug.objects.target(Jurisdiction, "cn-guangdong-chaozhou") == place
    with translation.override("en"):
        assert admin_client.get("/en/places/cn-guangdong-chaozhou/").status_code == 301


@pytest.mark.django_db
def test_an_import_never_takes_an_old_address_of_its_own_kind():
    pair = CityPairingFactory(slug="wuhan-chicago")
    RetiredSlug.retire(pair, "wuhan-chicago-old")
    RetiredSlug.retire(pair.side_a, "cn-old-wuhan")  # a place's old address is not a pair's
    slugs = TakenSlugs(Pairing)
    slugs.prefetch(["wuhan-chicago", "wuhan-chicago-old", "cn-old-wuhan", "free"])
    assert slugs.taken == {"wuhan-chicago", "wuhan-chicago-old"}
    assert slugs.free == {"cn-old-wuhan", "free"}
    assert "cn-old-wuhan" in TakenSlugs(Jurisdiction)


def test_keys_are_asked_a_bounded_batch_at_a_time():
    assert list(batches([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]
    assert [len(chunk) for chunk in batches(list(range(2000)))] == [900, 900, 200]
