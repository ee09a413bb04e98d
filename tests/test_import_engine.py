"""The import engine is django-import-export's: the file formats are its format classes, the
cells are read by its widgets, and a sheet's rows are checked in the hooks of its import_data."""

import datetime

import pytest
import tablib
from django.utils import translation
from import_export import resources
from import_export.formats import base_formats
from import_export.widgets import Widget

from registry.imports import formats, widgets
from registry.imports.cells import CellError
from registry.imports.columns import PAIRING_COLUMNS
from registry.imports.dates import DateError
from registry.imports.errors import FileError
from registry.imports.pairings import PairingRows
from registry.models import Tier
from registry.resources import SHEETS, PairingResource

from .imports_helpers import as_xlsx, fingerprint

pytestmark = pytest.mark.django_db

HEADER = "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,tier\n"


def test_each_file_is_read_by_an_import_export_format_class():
    text = formats.for_file("pairs.csv", b"a,b\n")
    assert isinstance(text, base_formats.CSV)
    # Given bytes by import-export's storage: the format decodes them itself.
    assert text.is_binary()
    assert text.get_read_mode() == "rb"
    # A workbook is known by its first bytes whatever its name.
    assert isinstance(formats.for_file("pairs", b"PK\x03\x04rest"), base_formats.XLSX)
    with pytest.raises(FileError, match="save the file as XLSX or CSV"):
        formats.for_file("pairs.xls", b"\xd0\xcf\x11\xe0")


def test_the_text_format_decodes_gb18030_and_pads_short_lines():
    body = "甲方国家,甲方省州,甲方城市\nCN,湖北\n".encode("gb18030")
    cells = formats.Text().create_dataset(body)
    assert list(cells) == [("甲方国家", "甲方省州", "甲方城市"), ("CN", "湖北", None)]


def test_the_workbook_format_reads_the_sheet_with_the_template_header():
    body = as_xlsx((HEADER + "CN,Hubei,Wuhan,US,Illinois,Chicago,sister\n").encode())
    cells = formats.Workbook().create_dataset(body, columns=PAIRING_COLUMNS)
    assert cells.epoch == 1900
    assert list(cells)[1][:3] == ("CN", "Hubei", "Wuhan")
    with pytest.raises(FileError, match="header row"):
        formats.Workbook().create_dataset(body, columns=[])


def test_cells_are_read_by_import_export_widgets():
    assert all(isinstance(widget, Widget) for widget in PairingRows.widgets.values())
    assert widgets.Choice(Tier).clean("友好城市/省州") == Tier.SISTER
    assert widgets.Choice(Tier).clean("Friendship Exchange") == Tier.FRIENDSHIP
    with pytest.raises(
        CellError, match=r"twin is not one of: sister, friendship \(friendship exchange\), other\."
    ):
        widgets.Choice(Tier).clean("twin")
    with translation.override("zh-hans"), pytest.raises(CellError) as refused:
        widgets.Choice(Tier).clean("孪生")
    assert (
        str(refused.value)
        == "孪生 不是以下值之一：sister（友好城市/省州）, friendship（友好交流关系）, other（其他）。"
    )
    # A date number in a workbook saved in the 1904 date system.
    assert widgets.PartialDate().clean(28976, epoch=1904).value == datetime.date(1983, 5, 2)
    with pytest.raises(DateError):
        widgets.PartialDate().clean("next spring")
    with pytest.raises(CellError, match="exact day"):
        widgets.Day().clean("2020-11")
    assert widgets.Choices(Tier).clean("sister; friendship") == [Tier.SISTER, Tier.FRIENDSHIP]
    assert widgets.YesNo().clean("是") is True


def test_the_place_widget_finds_a_side_through_the_import_index(demo_data):
    from registry.imports.places import PlaceError, PlaceIndex

    index = PlaceIndex()
    row = {"side_a_country": "中国", "side_a_province": "湖北", "side_a_city": "武汉"}
    assert widgets.Place("side_a").clean("武汉", row=row, index=index).slug == "cn-hubei-wuhan"
    with pytest.raises(PlaceError) as refused:
        widgets.Place("side_a").clean("Nowhere", row=row | {"side_a_city": "Nowhere"}, index=index)
    assert refused.value.column == "side_a_city"


def test_every_sheet_imports_through_the_librarys_own_import_data():
    for resource in SHEETS.values():
        assert resource.import_data is resources.Resource.import_data
        assert resource._meta.use_bulk  # no savepoint per row


def test_a_dataset_with_chinese_headers_is_checked_in_the_template_columns(demo_data):
    dataset = tablib.Dataset(
        ["CN", "湖北", "武汉", "US", "Illinois", "Chicago", "友好交流关系"],
        headers=["甲方国家", "甲方省州", "甲方城市", "乙方国家", "乙方省州", "乙方城市", "关系类型"],
    )
    result = PairingResource().import_data(dataset, dry_run=True)
    assert result.totals["new"] == 1
    assert result.plan.creates[0].tier == Tier.FRIENDSHIP


def test_a_file_refused_in_a_hook_raises_instead_of_importing_its_rows(demo_data):
    before = fingerprint()
    dataset = tablib.Dataset(["CN", "Hubei"], headers=["country", "where"])
    with pytest.raises(FileError, match="lacks the column"):
        PairingResource().import_data(dataset)
    assert fingerprint() == before


def test_invalid_rows_are_numbered_as_in_the_file(demo_data):
    dataset = tablib.Dataset(
        ["CN", "Hubei", "Wuhan", "US", "Illinois", "Chicago", ""],
        ["", "", "", "", "", "", ""],  # a blank row: skipped, still counted in the file's numbers
        ["CN", "Hubei", "Wuhan", "US", "Illinois", "Chicago", "twin"],
        headers=HEADER.strip().split(","),
    )
    before = fingerprint()
    result = PairingResource().import_data(dataset)
    assert [row.number for row in result.invalid_rows] == [4]
    assert result.totals["skip"] == 1
    assert fingerprint() == before  # all or nothing: the valid row is not written either


def test_a_chinese_error_names_the_province_in_chinese(demo_data):
    from registry.imports.service import import_sheet

    body = "甲方国家,甲方省州,甲方城市,乙方国家,乙方省州,乙方城市\n中国,湖北,无名城,美国,俄亥俄,\n"
    with translation.override("zh-hans"):
        plan = import_sheet(sheet="pairings", data=body.encode(), filename="pairs.csv", dry_run=True)
    [(row, error)] = plan.errors
    assert (row, error.column) == (2, "甲方城市")
    assert error.message.startswith("湖北省 没有地方 无名城。")


def test_a_repeated_row_reports_its_other_errors_too(demo_data):
    from registry.imports.service import import_sheet

    body = (
        HEADER.replace("tier", "status")
        + "CN,Hubei,Wuhan,US,Illinois,Chicago,active\n"
        + "CN,Hubei,Wuhan,US,Illinois,Chicago,stalled\n"
    )
    plan = import_sheet(sheet="pairings", data=body.encode(), filename="pairs.csv", dry_run=True)
    assert [(row, error.column) for row, error in plan.errors] == [(3, "side_b_city"), (3, "status")]
    assert plan.errors[1][1].message.startswith("stalled is not one of: active")


def test_a_repeated_place_reports_its_other_errors_too(demo_data):
    from registry.imports.service import import_sheet

    body = "country,province,name_en,level\nUS,Ohio,Springfield,city\nUS,Ohio,Springfield,metropolis\n"
    plan = import_sheet(sheet="jurisdictions", data=body.encode(), filename="places.csv", dry_run=True)
    assert [(row, error.column) for row, error in plan.errors] == [(3, "name_en"), (3, "level")]
