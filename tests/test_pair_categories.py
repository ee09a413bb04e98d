"""The category filter reads the pairs' categories derived after each write, only while they are
current; otherwise it asks the activities (registry/pair_categories.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.filters import PairingFilter
from registry.models import ActivityCategory, PairCategory, Pairing
from registry.tasks.summary import refresh_summary

from .factories import CityPairingFactory, ExchangeActivityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def listed(category):
    """The pairs the pair list's (and the API's) filter finds, and whether it read the table."""
    with CaptureQueriesContext(connection) as queries:
        slugs = set(
            PairingFilter({"category": category}, queryset=Pairing.objects.public()).qs.values_list(
                "slug", flat=True
            )
        )
    used_table = any(PairCategory._meta.db_table in query["sql"] for query in queries.captured_queries)
    return slugs, used_table


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
        (hidden.slug, "trade"),  # the list shows published pairs only
        (sports.slug, "sports"),
    }
    assert listed("trade") == ({trade.slug}, True)
    assert listed("sports") == ({sports.slug}, True)

    # A write: the table is out of date until the task runs again, so it is not read.
    activity(ActivityCategory.SPORTS, [trade])
    assert listed("sports") == ({sports.slug, trade.slug}, False)
    refresh_summary.call()
    assert listed("sports") == ({sports.slug, trade.slug}, True)
    assert Pairing.objects.count() == 3
