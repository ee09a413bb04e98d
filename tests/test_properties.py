"""Property-based tests (hypothesis): partial dates and the one-row-per-unordered-pair rule."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from registry.models import Pairing, PairingKind
from registry.partial_dates import PartialDate, Precision

from .factories import ChineseCityFactory, USCityFactory

dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
precisions = st.sampled_from(list(Precision))


@given(dates, precisions, st.booleans())
def test_isoformat_reads_back_to_the_same_partial_date(value, precision, approximate):
    assume(precision != Precision.DECADE or value.year >= 10)  # there is no decade of year 0
    partial = PartialDate(value, precision, approximate)
    assert PartialDate.parse_iso(partial.isoformat()) == partial


@given(dates, precisions)
def test_isoformat_reads_back_without_approximate(value, precision):
    assume(precision != Precision.DECADE or value.year >= 10)
    partial = PartialDate(value, precision)
    assert PartialDate.parse_iso(partial.isoformat()) == partial


@given(dates, precisions)
def test_precision_drops_exactly_what_is_not_known(value, precision):
    assume(precision != Precision.DECADE or value.year >= 10)
    stored = PartialDate(value, precision).value
    assert stored.year == (value.year // 10 * 10 if precision == Precision.DECADE else value.year)
    assert stored.month == (1 if precision in (Precision.DECADE, Precision.YEAR) else value.month)
    assert stored.day == (value.day if precision == Precision.DAY else 1)


@given(dates, precisions, st.sampled_from(["en", "zh-hans"]))
def test_display_shows_the_year_and_never_a_false_day(value, precision, language):
    assume(precision != Precision.DECADE or value.year >= 10)
    with translation.override(language):
        shown = str(PartialDate(value, precision))
    if precision == Precision.DECADE:
        assert shown.startswith(str(value.year // 10 * 10))
        return
    assert str(value.year) in shown
    if precision == Precision.YEAR:
        assert shown == str(value.year)


@given(st.text(max_size=12))
def test_parse_iso_accepts_only_what_it_can_read_back(text):
    try:
        partial = PartialDate.parse_iso(text)
    except ValueError:
        return
    assert PartialDate.parse_iso(partial.isoformat()) == partial


class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.booleans()), max_size=12))
def test_the_database_keeps_one_row_per_unordered_pair(attempts):
    """Whatever order pairs are written in, A–B and B–A end up as one row, and only cross-country
    pairs of different places exist."""
    try:
        with transaction.atomic():
            chinese = ChineseCityFactory.create_batch(3)
            american = USCityFactory.create_batch(3)
            expected = set()
            for n, (i, j, reverse) in enumerate(attempts):
                a, b = (american[j], chinese[i]) if reverse else (chinese[i], american[j])
                try:
                    with transaction.atomic():
                        Pairing.objects.create(side_a=a, side_b=b, kind=PairingKind.CITY, slug=f"p{n}")
                    expected.add(frozenset((a.pk, b.pk)))
                except IntegrityError:
                    assert frozenset((a.pk, b.pk)) in expected
            stored = {frozenset(p) for p in Pairing.objects.values_list("side_a", "side_b")}
            assert stored == expected
            assert Pairing.objects.count() == len(expected)
            raise Rollback
    except Rollback:
        pass
