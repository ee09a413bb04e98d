"""The small parts of import: dates, names, decoding, formula neutralising."""

import codecs
import datetime

import pytest

from registry.imports.dates import DateError, parse_partial_date
from registry.imports.decoding import DecodingError, decode, delimiter
from registry.imports.formulas import neutralise, restore
from registry.imports.names import is_clear_marker, match_keys, normalise
from registry.partial_dates import PartialDate, Precision

D = datetime.date
TODAY = D(2026, 1, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1983", PartialDate(D(1983, 1, 1), Precision.YEAR)),
        ("1983年", PartialDate(D(1983, 1, 1), Precision.YEAR)),
        ("1983.0", PartialDate(D(1983, 1, 1), Precision.YEAR)),
        (1983.0, PartialDate(D(1983, 1, 1), Precision.YEAR)),
        (1983, PartialDate(D(1983, 1, 1), Precision.YEAR)),
        ("1983-05", PartialDate(D(1983, 5, 1), Precision.MONTH)),
        ("1983年5月", PartialDate(D(1983, 5, 1), Precision.MONTH)),
        ("1983-05-02", PartialDate(D(1983, 5, 2), Precision.DAY)),
        ("1983/5/2", PartialDate(D(1983, 5, 2), Precision.DAY)),
        ("1983年5月2日", PartialDate(D(1983, 5, 2), Precision.DAY)),
        ("１９８３年５月２日", PartialDate(D(1983, 5, 2), Precision.DAY)),
        ("1983-13", None),
        (datetime.datetime(1983, 5, 2), PartialDate(D(1983, 5, 2), Precision.DAY)),
        (30438, PartialDate(D(1983, 5, 2), Precision.DAY)),
        ("30438.0", PartialDate(D(1983, 5, 2), Precision.DAY)),
    ],
)
def test_date_forms_keep_their_precision(value, expected):
    if expected is None:
        with pytest.raises(DateError):
            parse_partial_date(value, today=TODAY)
    else:
        assert parse_partial_date(value, today=TODAY) == expected


def test_excel_1904_serials():
    assert parse_partial_date(28976, epoch=1904, today=TODAY) == PartialDate(D(1983, 5, 2), Precision.DAY)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "02/05/1983",
            "02/05/1983 is ambiguous (day and month could be either way round): write it as YYYY-MM-DD.",
        ),
        ("1983-02-30", "1983-02-30 is not a real date."),
        ("2027", "2027 is in the future."),
        ("soon", "soon is not a date: write 1983, 1983-05, 1983-05-02, 1983年5月2日, May 1983 or 1990s."),
    ],
)
def test_bad_dates_say_what_to_do(value, message):
    with pytest.raises(DateError) as error:
        parse_partial_date(value, today=TODAY)
    assert str(error.value) == message


def test_names_normalise_width_case_and_spaces():
    assert normalise("  ＳＡＮ   Francisco ") == "san francisco"
    assert "st louis" in match_keys("Saint Louis")
    assert "st louis" in match_keys("St. Louis")
    assert "湖北" in match_keys("湖北省")
    assert "washington dc" in match_keys("Washington, D.C.")
    assert is_clear_marker("（清除）")
    assert is_clear_marker(" (CLEAR) ")
    assert not is_clear_marker("clear")


@pytest.mark.parametrize(
    "data",
    [
        "名称,日期\n武汉,1983\n".encode(),
        codecs.BOM_UTF8 + "名称,日期\n武汉,1983\n".encode(),
        "名称,日期\n武汉,1983\n".encode("gb18030"),
        "名称,日期\n武汉,1983\n".encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "utf-16"],
)
def test_every_excel_encoding_decodes_to_the_same_text(data):
    assert decode(data) == "名称,日期\n武汉,1983\n"


def test_undecodable_bytes_are_refused_not_turned_into_mojibake():
    with pytest.raises(DecodingError):
        decode(b"\x81\x30\xff\xff\x00")


def test_tab_separated_text_is_recognised():
    assert delimiter("a\tb\tc\n1\t2\t3") == "\t"
    assert delimiter("a,b\n") == ","


@pytest.mark.parametrize("value", ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_are_neutralised_and_restored(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["-77.0113", "Hubei", "", "'quoted"])
def test_harmless_values_are_left_alone(value):
    assert neutralise(value) == value
    assert restore(value) == value
