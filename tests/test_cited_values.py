"""Staff are warned before replacing a value that has a cited source (in the page's language) and
may save after confirming; sources are attached to an activity by pasting their addresses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registry.lifecycle import refresh_lifecycle
from registry.models import ExchangeActivity, Milestone, Source

from .factories import CityPairingFactory, ExchangeActivityFactory, MilestoneFactory, SourceFactory
from .helpers import change_form_data as unchanged_form


def change_form_data(client, url):
    """The change form posted back unchanged, many-to-many fields as the browser posts them (pks)."""
    data = unchanged_form(client, url)
    for name, value in data.items():
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            data[name] = [getattr(item, "pk", item) for item in value]
    return data


pytestmark = pytest.mark.django_db


@pytest.fixture
def cited_milestone():
    milestone = MilestoneFactory(
        kind="renewed", occurred_on=datetime.date(2009, 1, 1), occurred_precision="year", basis="reported"
    )
    milestone.sources.add(SourceFactory(url="https://www2.apdnews.cn/en/item/19/0315/x.html"))
    return milestone


def milestone_url(milestone, language="en"):
    with translation.override(language):
        return reverse("admin:registry_milestone_change", args=[milestone.pk])


def test_changing_a_cited_date_asks_first_and_names_the_value_and_its_source(admin_client, cited_milestone):
    url = milestone_url(cited_milestone)
    response = admin_client.post(url, {**change_form_data(admin_client, url), "occurred": "2010"})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["occurred"]
    assert "This replaces a cited value: 2009 → 2010" in error
    assert "www2.apdnews.cn" in error
    assert Milestone.objects.get(pk=cited_milestone.pk).occurred.isoformat() == "2009"


def test_the_warning_is_in_chinese_in_the_chinese_admin(admin_client, cited_milestone):
    url = milestone_url(cited_milestone, "zh-hans")
    response = admin_client.post(url, {**change_form_data(admin_client, url), "basis": "signed"})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["basis"]
    assert "替换有来源的值" in error
    assert "签署协议" in error


def test_clearing_a_cited_value_asks_first(admin_client, cited_milestone):
    url = milestone_url(cited_milestone)
    response = admin_client.post(url, {**change_form_data(admin_client, url), "basis": ""})
    assert response.status_code == 200
    assert "→ nothing" in response.context["adminform"].form.errors["basis"][0]


def test_after_confirmation_the_cited_value_is_replaced(admin_client, cited_milestone):
    url = milestone_url(cited_milestone)
    data = {**change_form_data(admin_client, url), "occurred": "2010", "confirm_replace_cited": "on"}
    assert admin_client.post(url, data).status_code == 302
    assert Milestone.objects.get(pk=cited_milestone.pk).occurred.isoformat() == "2010"


def test_a_new_value_with_its_own_new_source_needs_no_confirmation(admin_client, cited_milestone):
    url = milestone_url(cited_milestone)
    new_source = SourceFactory()
    data = {**change_form_data(admin_client, url), "occurred": "2010"}
    data["sources"] = [*data["sources"], new_source.pk]
    assert admin_client.post(url, data).status_code == 302
    assert Milestone.objects.get(pk=cited_milestone.pk).occurred.isoformat() == "2010"


def test_an_uncited_value_changes_without_a_warning(admin_client):
    milestone = MilestoneFactory(
        kind="renewed", occurred_on=datetime.date(2009, 1, 1), occurred_precision="year"
    )
    url = milestone_url(milestone)
    assert (
        admin_client.post(url, {**change_form_data(admin_client, url), "occurred": "2010"}).status_code == 302
    )


def test_changing_a_cited_establishment_date_on_the_pair_asks_first(admin_client):
    pairing = CityPairingFactory(established_on=datetime.date(1979, 10, 31), established_precision="day")
    refresh_lifecycle([pairing])  # creates its "established" milestone
    pairing.milestones.get(kind="established").sources.add(SourceFactory(url="http://m.hbtv.com.cn/p/1.html"))
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    response = admin_client.post(url, {**change_form_data(admin_client, url), "established": "1985-10-07"})
    assert response.status_code == 200
    assert "m.hbtv.com.cn" in response.context["adminform"].form.errors["established"][0]
    # Pasting the new value's source is its evidence: saved without confirmation.
    data = {
        **change_form_data(admin_client, url),
        "established": "1985-10-07",
        "source_urls": "https://example.org/hubei-1985",
    }
    assert admin_client.post(url, data).status_code == 302
    pairing.refresh_from_db()
    assert pairing.established.isoformat() == "1985-10-07"


def test_changing_a_cited_activity_date_asks_first(admin_client):
    activity = ExchangeActivityFactory(starts_on=datetime.date(2019, 9, 20), starts_precision="day")
    activity.sources.add(SourceFactory(url="https://www.fmprc.gov.cn/x.htm"))
    url = reverse("admin:registry_exchangeactivity_change", args=[activity.pk])
    response = admin_client.post(url, {**change_form_data(admin_client, url), "starts": "2019-09-21"})
    assert response.status_code == 200
    assert "www.fmprc.gov.cn" in response.context["adminform"].form.errors["starts"][0]


# --- Sources by pasting their address on the activity form ---------------------------------


def test_the_activity_form_reuses_an_existing_source_and_creates_a_new_one_from_its_address(admin_client):
    existing = SourceFactory(
        url="https://www.columbus.in.gov/friendship-cities/", publisher="City of Columbus"
    )
    activity = ExchangeActivityFactory()
    url = reverse("admin:registry_exchangeactivity_change", args=[activity.pk])
    data = {
        **change_form_data(admin_client, url),
        "source_urls": "https://www.columbus.in.gov/friendship-cities/\nnews.cnnb.com.cn/system/2007/12/15/1.shtml",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Source.objects.count() == 2
    new = Source.objects.get(url="https://news.cnnb.com.cn/system/2007/12/15/1.shtml")
    assert new.publisher == "news.cnnb.com.cn"
    assert set(ExchangeActivity.objects.get(pk=activity.pk).sources.all()) == {existing, new}
    assert Source.objects.get(pk=existing.pk).publisher == "City of Columbus"


def test_the_activity_form_names_a_pasted_line_that_is_not_an_address(admin_client):
    activity = ExchangeActivityFactory()
    url = reverse("admin:registry_exchangeactivity_change", args=[activity.pk])
    response = admin_client.post(
        url, {**change_form_data(admin_client, url), "source_urls": "not a web address"}
    )
    assert response.status_code == 200
    assert (
        "not a web address is not a web address."
        in response.context["adminform"].form.errors["source_urls"][0]
    )
    assert not Source.objects.exists()


def test_a_new_activity_takes_pasted_sources_without_a_popup(admin_client):
    response = admin_client.post(
        reverse("admin:registry_exchangeactivity_add"),
        {
            "category": "culture",
            "title_en": "Lion dance",
            "title_zh": "舞狮",
            "source_urls": "https://www.bostonglobe.com/2022/05/01/metro/x/",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = ExchangeActivity.objects.get()
    assert [s.publisher for s in activity.sources.all()] == ["www.bostonglobe.com"]


def test_moving_a_place_with_a_cited_position_asks_first_unless_its_source_changes(admin_client):
    from .factories import ChineseCityFactory

    place = ChineseCityFactory(
        latitude="30.5318", longitude="117.1153", coordinates_source="en.wikipedia article"
    )
    url = reverse("admin:registry_jurisdiction_change", args=[place.pk])
    response = admin_client.post(url, {**change_form_data(admin_client, url), "latitude": "30.6"})
    assert response.status_code == 200
    assert "en.wikipedia article" in response.context["adminform"].form.errors["latitude"][0]
    data = {
        **change_form_data(admin_client, url),
        "latitude": "30.6",
        "coordinates_source": "GeoNames 1809858",
    }
    assert admin_client.post(url, data).status_code == 302
    place.refresh_from_db()
    assert str(place.latitude).startswith("30.6")
