"""Importing jurisdictions and exchange activities from the committed files."""

import datetime
from decimal import Decimal

import pytest

from registry.imports.service import import_sheet
from registry.models import ExchangeActivity, Jurisdiction
from registry.partial_dates import PartialDate, Precision

from .factories import ExchangeActivityFactory
from .imports_helpers import data, errors, fingerprint, outcomes, pair

pytestmark = pytest.mark.django_db


def test_jurisdictions_are_found_or_created_under_their_parents(demo_data):
    plan = import_sheet(sheet="jurisdictions", data=data("jurisdictions.csv"), filename="jurisdictions.csv")
    assert outcomes(plan) == [(2, "unchanged"), (3, "new"), (4, "new")]
    jingzhou = Jurisdiction.objects.get(name_en="Jingzhou")
    assert (jingzhou.parent.slug, jingzhou.level, jingzhou.designation) == ("cn-hubei", "city", "city")
    assert (jingzhou.name_zh, jingzhou.alias_list(), jingzhou.slug) == ("荆州市", ["Kingchow"], "cn-jingzhou")
    assert (jingzhou.latitude, jingzhou.longitude) == (Decimal("30.334800"), Decimal("112.240700"))
    shashi = Jurisdiction.objects.get(name_en="Shashi District")
    assert (shashi.parent, shashi.level, shashi.designation) == (jingzhou, "county", "county")


def test_reimporting_jurisdictions_changes_nothing(demo_data):
    import_sheet(sheet="jurisdictions", data=data("jurisdictions.csv"), filename="jurisdictions.csv")
    before = fingerprint()
    plan = import_sheet(sheet="jurisdictions", data=data("jurisdictions.csv"), filename="jurisdictions.csv")
    assert [status for _n, status in outcomes(plan)] == ["unchanged"] * 3
    assert fingerprint() == before


def test_a_bad_jurisdiction_row_rejects_the_whole_file(demo_data):
    before = fingerprint()
    csv = "country,province,name_en,latitude\nCN,Hubei,Jingzhou,30.7\nCN,Atlantis,Nowhere,\nXX,,Hubei,\n"
    plan = import_sheet(sheet="jurisdictions", data=csv.encode(), filename="bad.csv")
    assert errors(plan) == [(2, "longitude"), (3, "province"), (4, "country")]
    assert fingerprint() == before


def test_an_activity_on_two_rows_is_linked_to_both_pairs(demo_data):
    plan = import_sheet(sheet="activities", data=data("activities.csv"), filename="activities.csv")
    assert outcomes(plan) == [(2, "new"), (3, "updated")]
    activity = ExchangeActivity.objects.get(title_en="Hubei trade mission")
    assert activity.starts == PartialDate(datetime.date(2019, 9, 1), Precision.MONTH)
    assert activity.participants == 40
    assert (activity.value_amount, activity.value_currency) == (Decimal("1500000.00"), "USD")
    assert set(activity.pairings.all()) == {
        pair("cn-hubei", "us-ohio"),
        pair("cn-hubei-wuhan", "us-pennsylvania-pittsburgh"),
    }
    assert list(activity.sources.values_list("url", flat=True)) == ["https://example.org/mission"]


def test_reimporting_activities_changes_nothing(demo_data):
    import_sheet(sheet="activities", data=data("activities.csv"), filename="activities.csv")
    before = fingerprint()
    plan = import_sheet(sheet="activities", data=data("activities.csv"), filename="activities.csv")
    assert [status for _n, status in outcomes(plan)] == ["unchanged", "unchanged"]
    assert fingerprint() == before


def test_an_activity_for_a_pair_not_in_the_registry_is_an_error(demo_data):
    before = fingerprint()
    csv = (
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,category,title_en\n"
        "CN,Hubei,Wuhan,US,Illinois,Chicago,trade,Wuhan week\n"
    )
    plan = import_sheet(sheet="activities", data=csv.encode(), filename="a.csv")
    assert errors(plan) == [(2, "side_b_city")]
    message = "Wuhan and Chicago are not a pair in the registry: import the pairing first."
    assert plan.errors[0][1].message == message
    assert fingerprint() == before


def test_an_activities_file_loads_only_the_activities_and_pairs_its_rows_name(demo_data, monkeypatch):
    """The registry's other activities and pairs are never read: only the pairs between the places
    the rows give, and the activities the rows name (an activity is known by its title and start),
    with those activities' links."""
    from registry.imports.activities import ActivityRows

    import_sheet(sheet="activities", data=data("activities.csv"), filename="activities.csv")
    same_day = ExchangeActivityFactory(starts_on=datetime.date(2019, 9, 1), starts_precision=Precision.DAY)
    other_day = ExchangeActivityFactory(starts_on=datetime.date(2018, 9, 1), starts_precision=Precision.MONTH)
    undated = ExchangeActivityFactory()
    loaded = {}
    prepare = ActivityRows.prepare

    def spy(rows):
        prepare(rows)
        loaded.update(activities=set(rows.activities.values()), pairs=set(rows.pairs.values()))

    monkeypatch.setattr(ActivityRows, "prepare", spy)
    plan = import_sheet(sheet="activities", data=data("activities.csv"), filename="a.csv", dry_run=True)
    assert [status for _n, status in outcomes(plan)] == ["unchanged", "unchanged"]
    mission = ExchangeActivity.objects.get(title_en="Hubei trade mission")
    assert loaded["activities"] == {mission}
    assert {same_day, other_day, undated}.isdisjoint(loaded["activities"])
    wuhan_pittsburgh = pair("cn-hubei-wuhan", "us-pennsylvania-pittsburgh")
    assert loaded["pairs"] == {pair("cn-hubei", "us-ohio"), wuhan_pittsburgh}


def test_an_activity_row_without_a_start_finds_the_activity_without_one(demo_data):
    """A row giving no start is compared with the activities that have none, by title."""
    undated = ExchangeActivityFactory(title_en="Sister-city photo exhibition", participants=12)
    csv = (
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,"
        "category,title_en,participants\n,,,,,,culture,Sister-city  PHOTO exhibition,30\n"
    )
    count = ExchangeActivity.objects.count()
    plan = import_sheet(sheet="activities", data=csv.encode(), filename="a.csv")
    assert outcomes(plan) == [(2, "updated")]
    undated.refresh_from_db()
    assert undated.participants == 30
    assert ExchangeActivity.objects.count() == count
