"""Dates as people write them: one admin field per partial date reading what the import reads,
decade precision and an "approximately" flag, shown and sorted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registry.imports.dates import parse_partial_date
from registry.imports.service import import_sheet
from registry.models import Pairing
from registry.partial_dates import PartialDate, Precision

from .factories import CityPairingFactory, ExchangeActivityFactory, MilestoneFactory
from .helpers import change_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "iso", "precision", "approximate"),
    [
        ("1983", "1983", "year", False),
        ("1983-05", "1983-05", "month", False),
        ("1983年5月", "1983-05", "month", False),
        ("1983年5月2日", "1983-05-02", "day", False),
        ("May 1983", "1983-05", "month", False),
        ("2 May 1983", "1983-05-02", "day", False),
        ("May 2, 1983", "1983-05-02", "day", False),
        ("1990s", "1990s", "decade", False),
        ("1990年代", "1990s", "decade", False),
        ("the mid-1990s", "c. 1990s", "decade", True),
        ("1990年代中期", "c. 1990s", "decade", True),
        ("c. 1995", "c. 1995", "year", True),
        ("约1995年", "c. 1995", "year", True),
        ("1995年左右", "c. 1995", "year", True),
    ],
)
def test_dates_are_read_as_people_write_them(text, iso, precision, approximate):
    partial = parse_partial_date(text)
    assert (partial.isoformat(), partial.precision, partial.approximate) == (iso, precision, approximate)
    assert PartialDate.parse_iso(iso) == partial  # what export writes, import reads back


@pytest.mark.parametrize(
    ("partial", "english", "chinese"),
    [
        (PartialDate(datetime.date(1990, 1, 1), Precision.DECADE), "1990s", "1990年代"),
        (PartialDate(datetime.date(1995, 1, 1), Precision.YEAR, approximate=True), "c. 1995", "约1995"),
        (
            PartialDate(datetime.date(1995, 1, 1), Precision.DECADE, approximate=True),
            "c. 1990s",
            "约1990年代",
        ),
    ],
)
def test_decades_and_approximate_dates_are_shown_in_both_languages(partial, english, chinese):
    assert str(partial) == english
    with translation.override("zh-hans"):
        assert str(partial) == chinese


def test_a_decade_sorts_by_its_first_year():
    later, decade = CityPairingFactory.create_batch(2)
    later.established = PartialDate(datetime.date(1995, 3, 1), Precision.MONTH)
    decade.established = PartialDate(datetime.date(1998, 1, 1), Precision.DECADE)
    later.save()
    decade.save()
    assert decade.established_on == datetime.date(1990, 1, 1)
    assert list(Pairing.objects.all()) == [decade, later]


@pytest.mark.parametrize(
    ("typed", "stored", "precision", "approximate"),
    [
        ("2001-06", datetime.date(2001, 6, 1), "month", False),
        ("1983年5月", datetime.date(1983, 5, 1), "month", False),
        ("May 1983", datetime.date(1983, 5, 1), "month", False),
        ("1983年5月2日", datetime.date(1983, 5, 2), "day", False),
        ("1990年代", datetime.date(1990, 1, 1), "decade", False),
        ("c. 1995", datetime.date(1995, 1, 1), "year", True),
    ],
)
def test_the_admin_keeps_a_date_as_typed(admin_client, typed, stored, precision, approximate):
    pairing = CityPairingFactory()
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    response = admin_client.post(url, {**change_form_data(admin_client, url), "established": typed})
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert (pairing.established_on, pairing.established_precision) == (stored, precision)
    assert pairing.established_approximate is approximate
    assert pairing.milestones.get(kind="established").occurred == pairing.established


def test_the_admin_shows_what_it_understood(admin_client):
    pairing = CityPairingFactory()
    pairing.established = parse_partial_date("1990年代中期")
    pairing.save()
    with translation.override("zh-hans"):
        url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    page = admin_client.get(url).content.decode()
    assert 'value="c. 1990s"' in page
    assert "记录为 约1990年代（精度：年代，约）" in page


@pytest.mark.parametrize("typed", ["1983-02-30", "02/05/1983", "sometime", "2999"])
def test_a_date_the_admin_cannot_read_is_a_form_error(admin_client, typed):
    pairing = CityPairingFactory()
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    response = admin_client.post(url, {**change_form_data(admin_client, url), "established": typed})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["established"]


def test_the_end_date_is_not_typed_but_follows_from_the_ended_milestone(admin_client):
    # The lifecycle (registry/lifecycle.py) sets status "ended" and its date from the milestone.
    pairing = CityPairingFactory()
    url = reverse("admin:registry_pairing_change", args=[pairing.pk])
    response = admin_client.post(url, {**change_form_data(admin_client, url), "status": "ended"})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "ended" not in form.fields
    assert form.errors["status"]


def test_activity_and_milestone_forms_take_typed_dates(admin_client):
    activity = ExchangeActivityFactory()
    url = reverse("admin:registry_exchangeactivity_change", args=[activity.pk])
    data = {**change_form_data(admin_client, url), "starts": "2019年10月", "ends": "2019-10-20"}
    assert admin_client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert (activity.starts.isoformat(), activity.ends.isoformat()) == ("2019-10", "2019-10-20")
    milestone = MilestoneFactory()
    url = reverse("admin:registry_milestone_change", args=[milestone.pk])
    assert (
        admin_client.post(url, {**change_form_data(admin_client, url), "occurred": "约2009年"}).status_code
        == 302
    )
    milestone.refresh_from_db()
    assert milestone.occurred.isoformat() == "c. 2009"


def test_the_import_reads_decades_and_approximate_dates(admin_user):
    pairing = CityPairingFactory()
    a, b = pairing.side_a, pairing.side_b
    body = (
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,established\n"
        f"CN,{a.parent.name_en},{a.name_en},US,{b.parent.name_en},{b.name_en},1990年代中期\n"
    ).encode()
    plan = import_sheet(sheet="pairings", data=body, filename="decade.csv", user=admin_user)
    assert plan.errors == []
    pairing.refresh_from_db()
    assert pairing.established.isoformat() == "c. 1990s"
