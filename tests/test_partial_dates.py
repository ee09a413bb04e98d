import datetime

import pytest
from django.utils import translation

from registry.partial_dates import PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1983", datetime.date(1983, 1, 1), Precision.YEAR),
        ("1983-05", datetime.date(1983, 5, 1), Precision.MONTH),
        ("1983-05-02", datetime.date(1983, 5, 2), Precision.DAY),
    ],
)
def test_parse_iso_keeps_precision(text, value, precision):
    partial = PartialDate.parse_iso(text)
    assert (partial.value, partial.precision) == (value, precision)
    assert partial.isoformat() == text


@pytest.mark.parametrize("text", ["", "83", "1983-13", "1983-02-30", "May 1983"])
def test_parse_iso_rejects_other_text(text):
    with pytest.raises(ValueError):  # noqa: PT011 -- both "bad format" and "bad day" are ValueError
        PartialDate.parse_iso(text)


def test_year_precision_forgets_month_and_day():
    assert PartialDate(datetime.date(1983, 7, 9), Precision.YEAR) == PartialDate.parse_iso("1983")


@pytest.mark.parametrize(
    ("language", "text", "shown"),
    [
        ("en", "1983", "1983"),
        ("en", "1983-05", "May 1983"),
        ("en", "1983-05-02", "2 May 1983"),
        ("zh-hans", "1983", "1983"),
        ("zh-hans", "1983-05", "1983年5月"),
        ("zh-hans", "1983-05-02", "1983年5月2日"),
    ],
)
def test_shown_at_its_precision_in_each_language(language, text, shown):
    with translation.override(language):
        assert str(PartialDate.parse_iso(text)) == shown
