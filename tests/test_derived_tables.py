"""The filters read the tables derived after each write (the pairs' categories, the places each
pair lies in) only while they are current; otherwise they ask the records themselves
(registry/derived_tables.py). Both ways give the same pairs."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from registry.filters import PairingFilter
from registry.models import ActivityCategory, Designation, Level, PairCategory, Pairing, PairPlace
from registry.tasks.summary import refresh_summary

from .factories import ChineseCityFactory, CityPairingFactory, ExchangeActivityFactory, ProvinceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def filtered(table, **filters):
    """The pairs the pair list's (and the API's) filter finds, and whether it read `table`."""
    with CaptureQueriesContext(connection) as queries:
        qs = PairingFilter(filters, queryset=Pairing.objects.public()).qs
        slugs = set(qs.values_list("slug", flat=True))
    return slugs, any(table._meta.db_table in query["sql"] for query in queries.captured_queries)


def listed(category):
    return filtered(PairCategory, category=category)


def activity(category, pairs, is_published=True):
    made = ExchangeActivityFactory(category=category, is_published=is_published)
    made.pairings.set(pairs)
    return made


def test_the_filter_reads_the_derived_table_only_while_it_is_current():
    trade, sports = CityPairingFactory(), CityPairingFactory()
    hidden = CityPairingFactory(is_published=False)
    activity(ActivityCategory.TRADE, [trade, hidden])
    activity(ActivityCategory.SPORTS, [sports])
    activity(ActivityCategory.SPORTS, [trade], is_published=False)

    assert listed("trade") == ({trade.slug}, False)  # not derived yet: the activities

    refresh_summary.call()  # what the worker runs after the writes
    assert set(PairCategory.objects.values_list("pairing__slug", "category")) == {
        (trade.slug, "trade"),
        (sports.slug, "sports"),
    }
    assert listed("trade") == ({trade.slug}, True)
    assert listed("sports") == ({sports.slug}, True)

    # A write: the table is out of date until the task runs again, so it is not read.
    activity(ActivityCategory.SPORTS, [trade])
    assert listed("sports") == ({sports.slug, trade.slug}, False)
    refresh_summary.call()
    assert listed("sports") == ({sports.slug, trade.slug}, True)


def test_a_provinces_pairs_come_from_the_derived_table_while_it_is_current(client):
    jiangsu = ProvinceFactory(slug="test-jiangsu")
    city = ChineseCityFactory(parent=jiangsu)
    district = ChineseCityFactory(parent=city, level=Level.COUNTY, designation=Designation.DISTRICT)
    of_province = CityPairingFactory(side_a=jiangsu)
    of_city = CityPairingFactory(side_a=city)
    of_district = CityPairingFactory(side_a=district)
    CityPairingFactory()  # a pair elsewhere
    region = {"region": "test-jiangsu"}
    inside = {of_province.slug, of_city.slug, of_district.slug}

    assert filtered(PairPlace, **region) == (inside, False)
    refresh_summary.call()
    assert set(PairPlace.objects.filter(pairing=of_district).values_list("place", flat=True)) == {
        district.pk,
        city.pk,
        jiangsu.pk,
        of_district.side_b_id,
        of_district.side_b.parent_id,
    }
    assert filtered(PairPlace, **region) == (inside, True)

    # The province's page: its own pair, the pairs inside it, the city that has pairs.
    page = client.get(jiangsu.get_absolute_url())
    assert {pair.slug for pair in page.context["inside_pairings"]} == {of_city.slug, of_district.slug}
    assert list(page.context["children"]) == [city]

    # A pair moved out of the province: not read from the table until the task runs again.
    of_city.side_a = ChineseCityFactory()
    of_city.save()
    assert filtered(PairPlace, **region) == (inside - {of_city.slug}, False)
    refresh_summary.call()
    assert filtered(PairPlace, **region) == (inside - {of_city.slug}, True)


def test_a_transaction_that_has_written_reads_the_records_not_the_tables():
    trade = CityPairingFactory()
    activity(ActivityCategory.TRADE, [trade])
    refresh_summary.call()
    assert listed("trade") == ({trade.slug}, True)
    with transaction.atomic():
        other = CityPairingFactory()
        activity(ActivityCategory.TRADE, [other])
        assert listed("trade") == ({trade.slug, other.slug}, False)  # its own writes, not yet derived
    assert listed("trade") == ({trade.slug, other.slug}, False)  # committed: a new version
