"""Importing jurisdictions and exchange activities from the committed files."""

import datetime
from decimal import Decimal

import pytest

from registry.imports.service import import_sheet
from registry.models import ExchangeActivity, Jurisdiction
from registry.partial_dates import PartialDate, Precision

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
