"""Writes the test spreadsheets in tests/data/ (run: .venv/bin/python tests/data/make_files.py).

The files are committed; this script says exactly how each binary or specially encoded one was
made, so a reviewer can regenerate and diff them. Place names are real rows of the demo data."""

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
EN = "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,kind,tier,established,status,ended,source_url,notes"
ZH = "甲方国家,甲方省州,甲方城市,乙方国家,乙方省州,乙方城市,类型,关系类型,结好日期,状态,终止日期,来源,备注"


def write(name, text, encoding="utf-8"):
    (HERE / name).write_bytes(text.encode(encoding))


def main():
    # Headers in mixed case; a reversed existing pair; a blank row; an update; a municipality
    # written as province = city.
    write(
        "pairings_new.csv",
        EN.replace("side_a_country", "Side_A_Country").replace("established", "ESTABLISHED") + "\n"
        "CN,Hubei,Wuhan,US,Illinois,Chicago,,,1987-05,,,https://example.org/wuhan-chicago,Signed in Wuhan\n"
        "US,Ohio,,CN,湖北省,,,,1979-10-31,active,,,\n"
        ",,,,,,,,,,,,\n"
        "CN,Zhejiang,Hangzhou,US,Massachusetts,Boston,city,,1982,,,,\n"
        "CN,天津,天津市,US,Texas,Dallas,,,,,,,\n",
    )
    # Chinese headers, full-width letters and spaces, Chinese date forms; UTF-8 with a BOM.
    zh_rows = (
        ZH + "\n"
        "中国,湖北,武汉,美国,ＣＡＬＩＦＯＲＮＩＡ,San  Francisco,,,1985年5月2日,,,,旧金山\n"
        "中国,江苏省,南京市,美国,Texas,Houston,,,1979年,,,,\n"
    )
    (HERE / "pairings_zh_bom.csv").write_bytes(b"\xef\xbb\xbf" + zh_rows.encode("utf-8"))
    # A district of a municipality (created with "create missing places") in the encodings
    # Chinese-locale Excel writes: GB18030 CSV and UTF-16 tab-separated "Unicode text".
    created = ZH + "\n中国,上海,上海市闵行区,美国,Illinois,Chicago,,,1990年,,,,闵行区与芝加哥\n"
    write("pairings_gb18030.csv", created, "gb18030")
    write("pairings_utf16.txt", created.replace(",", "\t"), "utf-16")
    # Every row wrong in its own way, except row 7 (an existing pair) that row 8 repeats reversed.
    write(
        "pairings_errors.csv",
        EN + "\n"
        "CN,,Taizhou,US,Illinois,Chicago,,,,,,,\n"
        "CN,Jiangsu,Nanjingg,US,Missouri,St. Louis,,,,,,,\n"
        "CN,Hubei,Wuhan,US,Illinois,Chicago,,,02/05/1983,,,,\n"
        "CN,Hubei,Wuhan,US,Massachusetts,Boston,,,1983-02-30,,,,\n"
        "CN,Hubei,Wuhan,US,Oregon,Portland,,,2999,,,,\n"
        "CN,Jiangsu,Nanjing,US,Texas,Houston,,,,,,,\n"
        "US,Texas,Houston,CN,江苏,南京,,,,,,,\n"
        "CN,Hubei,Wuhan,US,Iowa,,,,,,,,\n",
    )
    _dates_workbooks()
    _hazard_workbooks()
    _zip_bomb()
    write(
        "jurisdictions.csv",
        "country,province,city,name_en,name_zh,aliases,latitude,longitude\n"
        "CN,,,Hubei,湖北省,,,\n"
        "CN,Hubei,,Jingzhou,荆州市,Kingchow,30.334800,112.240700\n"
        "CN,Hubei,Jingzhou,Shashi District,沙市区,,,\n",
    )
    write(
        "activities.csv",
        "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,category,title_en,title_zh,starts,participants,value_amount,value_currency,source_url\n"
        "CN,Hubei,,US,Ohio,,trade,Hubei trade mission,湖北经贸团,2019-09,40,1500000,USD,https://example.org/mission\n"
        "CN,Hubei,Wuhan,US,Pennsylvania,Pittsburgh,trade,Hubei trade mission,湖北经贸团,2019-09,40,1500000,USD,\n",
    )


PAIRS = [
    ("Hubei", "Wuhan", "Illinois", "Chicago"),
    ("Hubei", "Wuhan", "Massachusetts", "Boston"),
    ("Hubei", "Wuhan", "Texas", "Houston"),
    ("Zhejiang", "Hangzhou", "Illinois", "Chicago"),
    ("Jiangsu", "Nanjing", "Massachusetts", "Boston"),
]


def _dates_workbooks():
    """Date cells, serial numbers, a year stored as 1983.0, Chinese forms; 1900 and 1904 systems."""
    values = [datetime.datetime(1983, 5, 2), 30438, 1983.0, "1983年5月", "1983/5/2"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "side_a_country",
            "side_a_province",
            "side_a_city",
            "side_b_country",
            "side_b_province",
            "side_b_city",
            "established",
        ]
    )
    for (province, city, state, us_city), value in zip(PAIRS, values, strict=True):
        sheet.append(["CN", province, city, "US", state, us_city, value])
    workbook.save(HERE / "pairings_dates.xlsx")

    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(
        [
            "side_a_country",
            "side_a_province",
            "side_a_city",
            "side_b_country",
            "side_b_province",
            "side_b_city",
            "established",
        ]
    )
    sheet.append(["CN", "Hubei", "Wuhan", "US", "Illinois", "Chicago", 28976])
    sheet.append(["CN", "Hubei", "Wuhan", "US", "Massachusetts", "Boston", datetime.datetime(1983, 5, 2)])
    workbook.save(HERE / "pairings_1904.xlsx")


def _hazard_workbooks():
    """Data on the second sheet, merged cells, blank rows; and a formula with no saved value."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.append(["This workbook lists our pairs.", "本表列出友好城市。"])
    sheet = workbook.create_sheet("data")
    sheet.append([])
    sheet.append(
        [
            "side_a_country",
            "side_a_province",
            "side_a_city",
            "side_b_country",
            "side_b_province",
            "side_b_city",
        ]
    )
    sheet.append(["CN", "Hubei", "Wuhan", "US", "Illinois", "Chicago"])
    sheet.append([None, None, "Wuhan", "US", "Massachusetts", "Boston"])
    sheet.append([])
    sheet.append(["CN", "Hubei", "Wuhan", "US", "Pennsylvania", "Pittsburgh"])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    workbook.save(HERE / "pairings_hazards.xlsx")

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "side_a_country",
            "side_a_province",
            "side_a_city",
            "side_b_country",
            "side_b_province",
            "side_b_city",
            "notes",
        ]
    )
    sheet.append(["CN", "Hubei", "Wuhan", "US", "Illinois", "Chicago", '=CONCAT("a","b")'])
    workbook.save(HERE / "pairings_formula.xlsx")


def _zip_bomb():
    """A workbook-shaped zip whose one sheet inflates from kilobytes to 50 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    (HERE / "zip_bomb.xlsx").write_bytes(out.getvalue())


if __name__ == "__main__":
    main()
