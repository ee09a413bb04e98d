"""Importing pairings from the committed files in tests/data/: exact outcomes per row, nothing
written when any row is wrong, nothing changed by re-importing."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from registry.imports.errors import FileError
from registry.imports.service import import_sheet
from registry.models import Jurisdiction, Pairing
from registry.partial_dates import PartialDate, Precision

from .imports_helpers import data, errors, fingerprint, outcomes, pair

pytestmark = pytest.mark.django_db


def test_new_updated_unchanged_and_blank_rows_are_told_apart(demo_data):
    plan = import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    assert outcomes(plan) == [(2, "new"), (3, "unchanged"), (5, "updated"), (6, "unchanged")]
    assert plan.counts() == {
        "new": 1,
        "updated": 1,
        "unchanged": 2,
        "error": 0,
        "skipped": 1,
        "new_places": 0,
    }
    created = pair("cn-hubei-wuhan", "us-illinois-chicago")
    assert (created.kind, created.tier, created.status) == ("city", "sister", "unknown")
    assert created.established == PartialDate(datetime.date(1987, 5, 1), Precision.MONTH)
    assert created.public_note == "Signed in Wuhan"
    assert list(created.sources.values_list("url", flat=True)) == ["https://example.org/wuhan-chicago"]
    assert created.slug == "wuhan-chicago"
    updated = pair("cn-zhejiang-hangzhou", "us-massachusetts-boston")
    assert updated.established == PartialDate(datetime.date(1982, 1, 1), Precision.YEAR)


def test_reimporting_the_same_file_changes_nothing_and_writes_no_history(demo_data):
    import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    before = fingerprint()
    plan = import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    assert [status for _n, status in outcomes(plan)] == ["unchanged"] * 4
    assert fingerprint() == before


def test_each_changed_row_gets_one_history_record(demo_data):
    history_before = Pairing.history.count()
    plan = import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    records = Pairing.history.order_by("-history_id")[:2]
    assert Pairing.history.count() == history_before + 2
    assert sorted(r.history_type for r in records) == ["+", "~"]
    reason = f"import pairings #{plan.record.pk}: pairings_new.csv"
    assert {r.history_change_reason for r in records} == {reason}


def test_a_row_that_only_adds_a_source_gets_a_history_record(demo_data):
    wuhan_pittsburgh = pair("cn-hubei-wuhan", "us-pennsylvania-pittsburgh")
    records = wuhan_pittsburgh.history.count()
    csv = "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,source_url\n"
    csv += "CN,Hubei,Wuhan,US,Pennsylvania,Pittsburgh,https://example.org/new-source\n"
    plan = import_sheet(sheet="pairings", data=csv.encode(), filename="s.csv")
    assert outcomes(plan) == [(2, "updated")]
    assert plan.rows[0].changed == ["source_url"]
    assert wuhan_pittsburgh.history.count() == records + 1
    assert "https://example.org/new-source" in wuhan_pittsburgh.sources.values_list("url", flat=True)


def test_blank_cell_keeps_and_the_clearing_marker_clears(demo_data):
    hubei_ohio = pair("cn-hubei", "us-ohio")
    assert hubei_ohio.public_note  # the demo data has one
    csv = "side_a_country,side_a_province,side_b_country,side_b_province,notes,status\nCN,Hubei,US,Ohio,,\n"
    import_sheet(sheet="pairings", data=csv.encode(), filename="keep.csv")
    hubei_ohio.refresh_from_db()
    assert hubei_ohio.public_note
    assert hubei_ohio.status == "active"
    import_sheet(
        sheet="pairings", data=csv.replace("Ohio,,", "Ohio,（清除）,").encode(), filename="clear.csv"
    )
    hubei_ohio.refresh_from_db()
    assert hubei_ohio.public_note == ""


def test_chinese_headers_full_width_text_and_chinese_dates(demo_data):
    plan = import_sheet(sheet="pairings", data=data("pairings_zh_bom.csv"), filename="pairings_zh_bom.csv")
    assert outcomes(plan) == [(2, "new"), (3, "updated")]
    created = pair("cn-hubei-wuhan", "us-california-san-francisco")
    assert created.established == PartialDate(datetime.date(1985, 5, 2), Precision.DAY)
    assert created.public_note == "旧金山"
    nanjing_houston = pair("cn-jiangsu-nanjing", "us-texas-houston")
    assert nanjing_houston.established == PartialDate(datetime.date(1979, 1, 1), Precision.YEAR)


@pytest.mark.parametrize("name", ["pairings_gb18030.csv", "pairings_utf16.txt"])
def test_chinese_locale_encodings_create_a_district_under_its_municipality(demo_data, name):
    plan = import_sheet(sheet="pairings", data=data(name), filename=name, create_places=True)
    assert outcomes(plan) == [(2, "new")]
    assert plan.rows[0].new_places == ["闵行区"]
    district = Jurisdiction.objects.get(name_zh="闵行区")
    assert district.parent.slug == "cn-shanghai"
    assert (district.level, district.designation) == ("county", "district")
    created = pair(district.slug, "us-illinois-chicago")
    assert created.public_note == "闵行区与芝加哥"
    assert created.established == PartialDate(datetime.date(1990, 1, 1), Precision.YEAR)


def test_unknown_district_without_create_places_is_an_error_and_writes_nothing(demo_data):
    before = fingerprint()
    plan = import_sheet(sheet="pairings", data=data("pairings_gb18030.csv"), filename="pairings_gb18030.csv")
    assert errors(plan) == [(2, "甲方城市")]  # the column as the file names it
    assert "create missing places" in plan.errors[0][1].message
    assert fingerprint() == before


def test_every_error_names_its_row_and_column_and_nothing_is_written(demo_data):
    before = fingerprint()
    plan = import_sheet(sheet="pairings", data=data("pairings_errors.csv"), filename="pairings_errors.csv")
    assert errors(plan) == [
        (2, "side_a_city"),
        (3, "side_a_city"),
        (4, "established"),
        (5, "established"),
        (6, "established"),
        (8, "side_b_city"),
        (9, "kind"),
    ]
    messages = {number: error.message for number, error in plan.errors}
    assert messages[2] == "Taizhou is ambiguous: 2 places have this name; give the province/state."
    assert messages[3].startswith("Unknown place Nanjingg in Jiangsu. Closest: Nanjing (南京市)")
    assert "ambiguous" in messages[4]
    assert messages[5] == "1983-02-30 is not a real date."
    assert messages[6] == "2999 is in the future."
    assert messages[8] == "Row 8 and row 7 are the same pair: keep one."
    assert "Iowa is province level" in messages[9]
    assert outcomes(plan)[5] == (7, "unchanged")
    assert fingerprint() == before


def test_excel_date_cells_serials_and_floats_keep_their_precision(demo_data):
    import_sheet(sheet="pairings", data=data("pairings_dates.xlsx"), filename="pairings_dates.xlsx")
    day = PartialDate(datetime.date(1983, 5, 2), Precision.DAY)
    assert pair("cn-hubei-wuhan", "us-illinois-chicago").established == day
    assert pair("cn-hubei-wuhan", "us-massachusetts-boston").established == day
    assert pair("cn-hubei-wuhan", "us-texas-houston").established == PartialDate(
        datetime.date(1983, 1, 1), Precision.YEAR
    )
    assert pair("cn-zhejiang-hangzhou", "us-illinois-chicago").established == PartialDate(
        datetime.date(1983, 5, 1), Precision.MONTH
    )
    assert pair("cn-jiangsu-nanjing", "us-massachusetts-boston").established == day


def test_the_1904_date_system(demo_data):
    import_sheet(sheet="pairings", data=data("pairings_1904.xlsx"), filename="pairings_1904.xlsx")
    day = PartialDate(datetime.date(1983, 5, 2), Precision.DAY)
    assert pair("cn-hubei-wuhan", "us-illinois-chicago").established == day
    assert pair("cn-hubei-wuhan", "us-massachusetts-boston").established == day


def test_data_on_another_sheet_merged_cells_and_blank_rows(demo_data):
    plan = import_sheet(
        sheet="pairings", data=data("pairings_hazards.xlsx"), filename="pairings_hazards.xlsx"
    )
    assert plan.sheet == "data"
    assert outcomes(plan) == [(3, "new"), (4, "new"), (6, "unchanged")]
    assert plan.blank_rows == 1
    assert pair("cn-hubei-wuhan", "us-massachusetts-boston").kind == "city"


def test_a_formula_without_a_saved_value_is_a_row_error(demo_data):
    before = fingerprint()
    plan = import_sheet(
        sheet="pairings", data=data("pairings_formula.xlsx"), filename="pairings_formula.xlsx"
    )
    assert errors(plan) == [(2, "notes")]
    assert "formula" in plan.errors[0][1].message
    assert fingerprint() == before


def test_a_zip_bomb_is_refused_from_the_zip_directory(demo_data):
    with pytest.raises(FileError, match="too large to open safely"):
        import_sheet(sheet="pairings", data=data("zip_bomb.xlsx"), filename="zip_bomb.xlsx", dry_run=True)


@override_settings(REGISTRY_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused_naming_the_limit(demo_data):
    with pytest.raises(FileError, match=r"the limit is 100 bytes \(REGISTRY_IMPORT_MAX_BYTES\)"):
        import_sheet(
            sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv", dry_run=True
        )


@override_settings(REGISTRY_IMPORT_MAX_ROWS=3)
def test_a_file_over_the_row_limit_is_refused_naming_the_limit(demo_data):
    with pytest.raises(FileError, match=r"more than 3 rows \(REGISTRY_IMPORT_MAX_ROWS\)"):
        import_sheet(
            sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv", dry_run=True
        )


@override_settings(REGISTRY_IMPORT_MAX_ROWS=3)
def test_a_workbook_over_the_row_limit_is_refused_before_it_is_parsed(demo_data, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(FileError, match=r"more than 3 rows \(REGISTRY_IMPORT_MAX_ROWS\)"):
        import_sheet(
            sheet="pairings", data=data("pairings_dates.xlsx"), filename="pairings_dates.xlsx", dry_run=True
        )


def test_a_file_without_the_template_header_is_refused(demo_data):
    with pytest.raises(FileError, match="lacks the column"):
        import_sheet(sheet="pairings", data=b"name,date\nWuhan,1983\n", filename="x.csv", dry_run=True)


def test_a_municipality_side_may_leave_the_city_blank_or_repeat_the_province(demo_data):
    csv = (
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,kind\n"
        "CN,Beijing,,US,Washington DC,,city\n"
        "CN,天津,天津市,US,Pennsylvania,Philadelphia,\n"
    )
    plan = import_sheet(sheet="pairings", data=csv.encode(), filename="m.csv", dry_run=True)
    assert outcomes(plan) == [(2, "unchanged"), (3, "unchanged")]


def test_places_match_by_alias_and_iso_code(demo_data):
    csv = (
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city\n"
        "中华人民共和国,,Taizhou (Jiangsu),USA,IL,Chicago\n"
        "China,HB,,United States,US-OH,\n"
    )
    plan = import_sheet(sheet="pairings", data=csv.encode(), filename="codes.csv", dry_run=True)
    assert outcomes(plan) == [(2, "new"), (3, "unchanged")]
    assert [row.label for row in plan.rows] == ["Taizhou – Chicago", "Hubei – Ohio"]
    assert plan.creates[0].side_a.slug == "cn-jiangsu-taizhou"


HEADER = "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city\n"
ONE = HEADER + "CN,Hubei,Wuhan,US,Illinois,Chicago\n"
# More rows about the same two provinces/states.
MORE_IN_THE_SAME = "CN,Hubei,Xiangyang,US,Illinois,Peoria\nCN,Hubei,,US,Illinois,\n"
MANY = ONE + "CN,Hubei,Wuhan,US,Illinois,Springfield\n" + MORE_IN_THE_SAME


def test_planning_costs_the_same_queries_for_one_row_as_for_many(demo_data, django_assert_num_queries):
    with CaptureQueriesContext(connection) as at_one:
        import_sheet(sheet="pairings", data=ONE.encode(), filename="one.csv", dry_run=True)
    with django_assert_num_queries(len(at_one)):
        import_sheet(sheet="pairings", data=MANY.encode(), filename="many.csv", dry_run=True)


def test_each_further_province_named_costs_two_queries_not_the_registrys_places(demo_data):
    """The places inside a province/state are loaded the first time a row names it (its places,
    then their stored search keys), not every place of the registry up front."""
    further = ONE + "CN,Hubei,Wuhan,US,Texas,Houston\nCN,Hubei,Wuhan,US,Ohio,Columbus\n"
    with CaptureQueriesContext(connection) as at_one:
        import_sheet(sheet="pairings", data=ONE.encode(), filename="one.csv", dry_run=True)
    with CaptureQueriesContext(connection) as at_three:
        import_sheet(sheet="pairings", data=further.encode(), filename="three.csv", dry_run=True)
    assert len(at_three) == len(at_one) + 2 * 2


def test_an_imported_date_moves_the_established_milestone(demo_data):
    import_sheet(sheet="pairings", data=data("pairings_new.csv"), filename="pairings_new.csv")
    hangzhou_boston = pair("cn-zhejiang-hangzhou", "us-massachusetts-boston")
    assert [m.occurred.isoformat() for m in hangzhou_boston.milestones.filter(kind="established")] == ["1982"]
    wuhan_chicago = pair("cn-hubei-wuhan", "us-illinois-chicago")  # new in the file, 1987-05
    assert [m.occurred.isoformat() for m in wuhan_chicago.milestones.all()] == ["1987-05"]


@pytest.mark.parametrize("code", ["US-OH", "us-oh", "ＵＳ－ＯＨ", "CN-SC", "510100"])
def test_a_code_in_the_city_column_is_refused_not_created_as_a_place(demo_data, code):
    body = (
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city\n"
        f"CN,Hubei,Wuhan,US,Ohio,{code}\n"
    )
    before = fingerprint()
    plan = import_sheet(sheet="pairings", data=body.encode(), filename="codes.csv", create_places=True)
    assert errors(plan) == [(2, "side_b_city")]
    assert "is a code, not a place name" in plan.errors[0][1].message
    assert fingerprint() == before


def test_a_preview_loads_only_the_pairs_its_rows_name(demo_data, monkeypatch):
    """The registry's other pairings are never read: a file of two rows loads two pairings."""
    from registry.imports import pairings as pairing_rows

    loaded = {}
    between, sources = pairing_rows.pairings_between, pairing_rows.linked_sources

    def spy_between(index, sides):
        loaded["existing"] = between(index, sides)
        return loaded["existing"]

    def spy_sources(model, pks):
        loaded["linked"] = sources(model, pks)
        return loaded["linked"]

    monkeypatch.setattr(pairing_rows, "pairings_between", spy_between)
    monkeypatch.setattr(pairing_rows, "linked_sources", spy_sources)
    header = "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city\n"
    body = header + "CN,Hubei,,US,Ohio,\nCN,Hubei,Wuhan,US,Illinois,Chicago\n"
    plan = import_sheet(sheet="pairings", data=body.encode(), filename="two.csv", dry_run=True)
    assert outcomes(plan) == [(2, "unchanged"), (3, "new")]
    hubei_ohio = pair("cn-hubei", "us-ohio")
    assert Pairing.objects.count() > 100
    assert [p.pk for p in loaded["existing"].values()] == [hubei_ohio.pk]
    assert {pk for pk, _url in loaded["linked"]} == {hubei_ohio.pk}


def test_pairs_are_looked_up_in_batches_of_a_bounded_size(demo_data, monkeypatch):
    """The pairs of the file's places are read a batch of places per query: a file naming six
    places in batches of two costs two more queries than a file naming two."""
    from registry.imports import pairings as pairing_rows

    monkeypatch.setattr(pairing_rows, "PER_QUERY", 2)
    with CaptureQueriesContext(connection) as at_one:
        import_sheet(sheet="pairings", data=ONE.encode(), filename="one.csv", dry_run=True)
    with CaptureQueriesContext(connection) as at_three:
        import_sheet(
            sheet="pairings", data=(ONE + MORE_IN_THE_SAME).encode(), filename="three.csv", dry_run=True
        )
    assert len(at_three) == len(at_one) + 2
