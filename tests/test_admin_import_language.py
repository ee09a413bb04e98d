"""Imports speak the page's language: errors name the column as the file wrote it, pairs are
labelled in the page's language, and the preview page shows no English interface text."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from registry.imports.errors import FileError
from registry.imports.limits import check_zip
from registry.imports.service import import_sheet
from registry.models import Status
from registry.resources import PairingResource, export_rows

from .factories import ChineseCityFactory, CityPairingFactory, ExchangeActivityFactory, USCityFactory
from .helpers import data_strings, english_left

pytestmark = pytest.mark.django_db

ZH_HEADER = "甲方国家,甲方省州,甲方城市,乙方国家,乙方省州,乙方城市,结好日期,状态"


@pytest.fixture
def places():
    wuhan = ChineseCityFactory(
        name_en="Wuhan", name_zh="武汉", parent__name_en="Hubei", parent__name_zh="湖北"
    )
    pittsburgh = USCityFactory(
        name_en="Pittsburgh", parent__name_en="Pennsylvania", parent__name_zh="宾夕法尼亚"
    )
    return wuhan, pittsburgh


def csv_file(*rows, header=ZH_HEADER):
    return "\n".join([header, *rows]).encode("utf-8")


def test_an_error_names_the_column_as_the_file_wrote_it(places):
    plan = import_sheet(
        sheet="pairings",
        data=csv_file("CN,湖北,武汉,US,Pennsylvania,Pittsburgh,1983-02-30,"),
        filename="结好.csv",
        dry_run=True,
    )
    assert [(e.column) for _, e in plan.errors] == ["结好日期"]


def test_an_english_header_is_named_in_english(places):
    header = (
        "Side A Country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,Established"
    )
    plan = import_sheet(
        sheet="pairings",
        data=csv_file("CN,Hubei,Wuhan,US,Pennsylvania,Pittsburgh,1983-02-30", header=header),
        filename="pairs.csv",
        dry_run=True,
    )
    assert [e.column for _, e in plan.errors] == ["Established"]


def test_a_missing_required_column_is_named_in_both_languages(places):
    with pytest.raises(FileError, match=r"side_b_country \(乙方国家\)"):
        import_sheet(
            sheet="pairings", data=b"side_a_country,side_a_city\nCN,Wuhan\n", filename="x.csv", dry_run=True
        )


def test_a_zip_bomb_is_refused_in_words_staff_understand():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    with pytest.raises(FileError) as refused:
        check_zip(out.getvalue())
    message = str(refused.value)
    assert "This workbook is damaged or too large to open safely" in message
    assert "bytes" not in message


def test_pair_labels_follow_the_page_language(places):
    wuhan, pittsburgh = places
    pairing = CityPairingFactory(side_a=wuhan, side_b=pittsburgh)
    with translation.override("zh-hans"):
        assert str(pairing) == "武汉 – Pittsburgh"  # no Chinese name stored for Pittsburgh
    assert str(pairing) == "Wuhan – Pittsburgh"


def test_the_chinese_import_preview_has_no_english_interface_text(admin_client, places):
    wuhan, pittsburgh = places
    USCityFactory(name_en="Erie", parent=pittsburgh.parent)
    CityPairingFactory(
        side_a=wuhan, side_b=pittsburgh, established_on=datetime.date(1983, 5, 2), established_precision="day"
    )
    body = csv_file(
        "CN,湖北,武汉,US,Pennsylvania,Pittsburgh,1983年5月,active",
        "CN,湖北,武汉,US,Pennsylvania,Erie,1983-02-30,",
    )
    with translation.override("zh-hans"):
        upload_url = reverse("admin:registry_pairing_import")
    response = admin_client.post(upload_url, {"file": SimpleUploadedFile("结好关系.csv", body)})
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    page = preview.content.decode()
    assert "<code>结好日期</code>" in page
    assert "武汉 – Pittsburgh" in page
    assert (
        '<li>结好日期：1983年5月2日 → 1983年5月 <strong class="import-warning">（精度降低）</strong></li>'
        in page
    )
    with translation.override("zh-hans"):
        unknown, active = str(Status.UNKNOWN.label), str(Status.ACTIVE.label)
    assert f"<li>状态：{unknown} → {active}</li>" in page
    assert 'id="import-less-precise"' in page
    assert english_left(page, ["结好关系.csv", *data_strings()]) == set()  # the file name is data


def test_the_chinese_admin_exports_chinese_headers_and_both_names(admin_client, places):
    wuhan, pittsburgh = places
    CityPairingFactory(side_a=wuhan, side_b=pittsburgh, tier="sister")
    with translation.override("zh-hans"):
        url = reverse("admin:registry_pairing_export", args=["csv"])
    response = admin_client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [*(column.zh for column in PairingResource.columns), "甲方英文名称", "乙方英文名称"]
    assert rows[1][:6] == ["CN", "湖北", "武汉", "US", "宾夕法尼亚", "Pittsburgh"]
    assert rows[1][-2:] == ["Wuhan", "Pittsburgh"]


def test_the_english_admin_export_is_unchanged(admin_client, places):
    CityPairingFactory(side_a=places[0], side_b=places[1])
    response = admin_client.get(reverse("admin:registry_pairing_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [column.name for column in PairingResource.columns]
    assert rows[1][:6] == ["CN", "Hubei", "Wuhan", "US", "Pennsylvania", "Pittsburgh"]


@pytest.mark.parametrize("kind", ["jurisdictions", "pairings", "activities"])
def test_a_chinese_export_imports_back_unchanged(places, kind):
    pairing = CityPairingFactory(side_a=places[0], side_b=places[1])
    ExchangeActivityFactory().pairings.add(pairing)
    body, _type, _name = export_rows(kind, None, "csv", chinese=True)
    plan = import_sheet(sheet=kind, data=body, filename="导出.csv")
    assert plan.errors == []
    assert {row.status for row in plan.rows} == {"unchanged"}
    # The export's own extra columns (the sides' English names) are known: no "ignored" notice.
    assert plan.ignored_headers == []


@pytest.mark.parametrize("chinese", [False, True])
def test_a_public_download_imports_without_an_ignored_columns_notice(places, chinese):
    pairing = CityPairingFactory(side_a=places[0], side_b=places[1])
    body, _type, _name = export_rows("pairings", None, "csv", public=True, chinese=chinese)
    header = body.decode("utf-8-sig").splitlines()[0]
    assert ("甲方网址标识" if chinese else "side_a_slug") in header
    plan = import_sheet(sheet="pairings", data=body, filename="pairings.csv")
    assert plan.errors == []
    assert plan.ignored_headers == []
    # A column the registry never writes is still reported.
    lines = body.decode("utf-8-sig").splitlines()
    lines = [lines[0] + ",remarks", *(line + ",x" for line in lines[1:])]
    plan = import_sheet(sheet="pairings", data="\n".join(lines).encode(), filename="pairings.csv")
    assert plan.ignored_headers == ["remarks"]
    assert pairing.pk


def test_the_chinese_admin_export_reimported_shows_no_ignored_columns(admin_client, places):
    CityPairingFactory(side_a=places[0], side_b=places[1])
    with translation.override("zh-hans"):
        body = admin_client.get(reverse("admin:registry_pairing_export", args=["csv"])).content
        upload_url = reverse("admin:registry_pairing_import")
    assert "甲方英文名称" in body.decode("utf-8-sig")
    response = admin_client.post(upload_url, {"file": SimpleUploadedFile("结好关系.csv", body)})
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert 'id="import-summary"' in page
    assert "模板中没有的列" not in page


def test_the_plan_gives_old_and_new_values_and_flags_a_less_precise_date(places):
    wuhan, pittsburgh = places
    CityPairingFactory(
        side_a=wuhan,
        side_b=pittsburgh,
        established_on=datetime.date(2012, 8, 16),
        established_precision="day",
    )
    plan = import_sheet(
        sheet="pairings",
        data=csv_file("CN,湖北,武汉,US,Pennsylvania,Pittsburgh,2008-12,"),
        filename="x.csv",
        dry_run=True,
    )
    [row] = plan.rows
    assert [(c.column, c.old, c.new, c.less_precise) for c in row.changes] == [
        ("established", "16 August 2012", "December 2008", True)
    ]
    assert plan.less_precise == 1
