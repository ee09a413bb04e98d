"""Writes the bad files of the corpus in tests/data/bad/files/ (run:
.venv/bin/python tests/data/bad/make_bad_files.py). The files are committed; this script says how
each one was made (regenerated workbooks differ only in the timestamps openpyxl and zipfile
write). Place names are rows of the demo data (fixtures/)."""

import io
import re
import zipfile
from pathlib import Path

import openpyxl

OUT = Path(__file__).parent / "files"
PAIRINGS = (
    "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,"
    "kind,tier,established,status,ended,source_url,notes"
)
JURISDICTIONS = "country,province,city,name_en,name_zh,latitude,longitude,wikidata_qid,iso_3166_2"
ACTIVITIES = (
    "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,"
    "category,title_en,starts,participants,value_amount,value_currency,source_url"
)
# A pair of the demo data, used where only one cell of the row is bad.
GOOD = "CN,Hubei,Wuhan,US,Illinois,Chicago"


def pairing_row(established="", notes="", sides=GOOD):
    return f"{sides},,,{established},,,,{notes}"


def csv(*rows, header=PAIRINGS):
    return "\n".join([header, *rows]) + "\n"


TEXT_FILES = {
    # Encodings.
    "broken_utf8.csv": csv(pairing_row()).encode() + b"CN,Hubei,Wu\xffhan,US,Ohio,,,,,,,,\n",
    "latin1.csv": csv(pairing_row(notes="Café in Wuhan")).encode("latin-1"),
    "utf16_no_bom.txt": csv(pairing_row()).replace(",", "\t").encode("utf-16-le"),
    "utf16_be_no_bom.txt": csv(pairing_row()).replace(",", "\t").encode("utf-16-be"),
    "nul_byte.csv": csv(pairing_row(notes="before\x00after")).encode(),
    # UTF-8 rows and a GBK row in one file: valid as neither, and GB18030 turns the UTF-8 bytes
    # into other characters, so the place is unknown rather than silently wrong.
    "mixed_utf8_gbk.csv": csv("中国,湖北,武汉,美国,Illinois,Chicago,,,,,,,").encode()
    + "中国,湖北,武汉,美国,Ohio,,,,,,,,\n".encode("gbk"),
    # GBK as Windows code page 936 writes it: byte 0x80 is the euro sign there, nothing in GB18030.
    "gbk_cp936_euro.csv": csv(pairing_row(notes="EURO100")).encode().replace(b"EURO", b"\x80"),
    # A character GBK lacks that GB18030 encodes in four bytes (CJK extension A): decoded, and
    # reported as an unknown place by name.
    "gb18030_four_byte.csv": "\n".join([PAIRINGS, "中国,湖北,㐀城,美国,Illinois,Chicago,,,,,,,", ""]).encode(
        "gb18030"
    ),
    "control_chars.csv": csv(pairing_row(notes="ring\x07the \x1b[31mbell")).encode(),
    "bom_only.csv": b"\xef\xbb\xbf",
    # Headers and shape.
    "empty.csv": b"",
    "blank_lines.csv": b"\n \n,,,\n",
    "header_only.csv": (PAIRINGS + "\n").encode(),
    "header_and_blank_rows.csv": (PAIRINGS + "\n,,,,,,,,,,,,\n\n").encode(),
    "wrong_headers.csv": csv(
        "CN,Hubei,US,Illinois", header="country_a,province_a,country_b,province_b"
    ).encode(),
    "jurisdictions_wrong_headers.csv": csv("CN,Hubei", header="nation,region").encode(),
    "activities_wrong_headers.csv": csv("CN,Hubei", header="side_a_country,title").encode(),
    "legacy.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "sheet.ods": b"not really an OpenDocument spreadsheet",
    # Dates.
    "date_feb30.csv": csv(pairing_row("1983-02-30")).encode(),
    "date_ambiguous.csv": csv(pairing_row("02/05/1983")).encode(),
    "date_future.csv": csv(pairing_row("2999-01-01")).encode(),
    "date_too_early.csv": csv(pairing_row("1066")).encode(),
    "date_words.csv": csv(pairing_row("last spring")).encode(),
    "date_month_13.csv": csv(pairing_row("1983-13")).encode(),
    "date_ended_before.csv": csv(pairing_row("1990").replace(",,,1990,,,", ",,,1990,ended,1980,")).encode(),
    # Places.
    "unknown_city.csv": csv("CN,Jiangsu,Nanjingg,US,Missouri,St. Louis,,,,,,,").encode(),
    "unknown_country.csv": csv("Atlantis,,Poseidonia,US,Illinois,Chicago,,,,,,,").encode(),
    "unknown_province.csv": csv("CN,Hubeii,,US,Ohio,,,,,,,,").encode(),
    "ambiguous_city.csv": csv("CN,,Taizhou,US,Illinois,Chicago,,,,,,,").encode(),
    "no_place.csv": csv("CN,,,US,Illinois,Chicago,,,,,,,").encode(),
    "no_country.csv": csv(",Hubei,Wuhan,US,Illinois,Chicago,,,,,,,").encode(),
    "same_country.csv": csv("CN,Hubei,Wuhan,CN,Jiangsu,Nanjing,,,,,,,").encode(),
    "same_place.csv": csv("CN,Hubei,Wuhan,CN,Hubei,Wuhan,,,,,,,").encode(),
    "script_place.csv": csv("CN,Hubei,<script>alert(1)</script>,US,Illinois,Chicago,,,,,,,").encode(),
    # Duplicates.
    "duplicate_pair.csv": csv("CN,Hubei,Wuhan,US,Ohio,,,,,,,,", "CN,Hubei,Wuhan,US,Ohio,,,,,,,,").encode(),
    "reversed_duplicate.csv": csv(
        "CN,Jiangsu,Nanjing,US,Texas,Houston,,,,,,,", "US,Texas,Houston,CN,江苏,南京,,,,,,,"
    ).encode(),
    # Cells.
    "bad_choice.csv": csv(pairing_row().replace(",,,,,,,", ",twinned,,,,,,", 1)).encode(),
    "clear_required.csv": csv(f"{GOOD},(clear),,,,,,").encode(),
    "bad_source_url.csv": csv(f"{GOOD},,,,,,javascript:alert(1),").encode(),
    # Formulas in a note: accepted as text, never run, written with a leading apostrophe on export.
    "formula_cmd.csv": csv(pairing_row(notes="=cmd|' /C calc'!A0")).encode(),
    "formula_plus.csv": csv(pairing_row(notes="+SUM(1;2)")).encode(),
    "formula_minus.csv": csv(pairing_row(notes="-2+3")).encode(),
    "formula_at.csv": csv(pairing_row(notes="@SUM(A1)")).encode(),
    "formula_tab.csv": csv(pairing_row(notes='"\t=1+1 inside"')).encode(),
    "formula_cr.csv": csv(pairing_row(notes='"\r=1+1 inside"')).encode(),
    "script_note.csv": csv(pairing_row(notes="<script>alert('note')</script>")).encode(),
    # Jurisdictions.
    "script_jurisdiction.csv": csv(
        "CN,Hubei,,<script>alert(1)</script>,脚本,,,,", header=JURISDICTIONS
    ).encode(),
    "latitude_out_of_range.csv": csv("CN,Hubei,,Jingzhou,荆州市,200,112.24,,", header=JURISDICTIONS).encode(),
    "bad_wikidata.csv": csv("CN,Hubei,,Jingzhou,荆州市,,,X1397,", header=JURISDICTIONS).encode(),
    "bad_iso_code.csv": csv("CN,,,Hubei,湖北省,,,,HUBEI", header=JURISDICTIONS).encode(),
    "latitude_words.csv": csv("CN,Hubei,,Jingzhou,荆州市,north,112.24,,", header=JURISDICTIONS).encode(),
    # Activities.
    "negative_participants.csv": csv(
        "CN,Hubei,,US,Ohio,,trade,Mission,2019,-5,,,", header=ACTIVITIES
    ).encode(),
    "bad_currency.csv": csv(
        "CN,Hubei,,US,Ohio,,trade,Mission,2019,,100,dollars,", header=ACTIVITIES
    ).encode(),
    "bad_category.csv": csv("CN,Hubei,,US,Ohio,,smuggling,Mission,2019,,,,", header=ACTIVITIES).encode(),
    "activity_future.csv": csv("CN,Hubei,,US,Ohio,,trade,Mission,2999-05,,,,", header=ACTIVITIES).encode(),
    # Limits (the case sets REGISTRY_IMPORT_MAX_BYTES / _MAX_ROWS low, so the files stay small).
    "over_max_bytes.csv": csv(*[pairing_row()] * 4).encode(),
    "over_max_rows.csv": csv(*["CN,Hubei,Wuhan,US,Ohio,,,,,,,,"] * 5).encode(),
}


def workbook(rows, *, merge=None, formula=None):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula:
        cell, text = formula
        sheet[cell] = text  # openpyxl saves a formula with no cached value, as any program does
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data, *, replace=None, drop=(), extra=()):
    """The workbook `data` with members replaced, dropped or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            body = source.read(item.filename)
            if replace and item.filename in replace:
                body = replace[item.filename](body)
            target.writestr(item.filename, body)
        for name, body in extra:
            target.writestr(name, body)
    return out.getvalue()


def lie_about_size(data, member, size):
    """The workbook with `member`'s uncompressed size declared as `size` in both of the zip's
    headers: a bomb that passes a check of the declared sizes."""
    out = bytearray(data)
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = out.find(signature)
        while start != -1:
            if out[start + name_at : start + name_at + len(name)] == name:
                out[start + size_at : start + size_at + 4] = size.to_bytes(4, "little")
            start = out.find(signature, start + 1)
    return bytes(out)


def xlsx_files():
    header = PAIRINGS.split(",")
    good = workbook([header, [*GOOD.split(","), "", "", "1983"]])
    sheet = "xl/worksheets/sheet1.xml"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(sheet, b"<worksheet>" + b" " * (50 * 1024 * 1024) + b"</worksheet>")
    no_workbook = io.BytesIO()
    with zipfile.ZipFile(no_workbook, "w") as archive:
        archive.writestr("hello.txt", "a zip, but no workbook in it")
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as archive:
        for n in range(1001):
            archive.writestr(f"junk/{n}.txt", "x")
    return {
        "truncated.xlsx": good[: len(good) // 2],
        "not_a_zip.xlsx": b"side_a_country,side_b_country\nCN,US\n",
        "zip_without_workbook.xlsx": no_workbook.getvalue(),
        "zip_bomb.xlsx": bomb.getvalue(),
        "too_many_members.xlsx": many.getvalue(),
        "huge_dimension.xlsx": rezip(
            good,
            replace={
                sheet: lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:M1048576"', xml)
            },
        ),
        "broken_sheet_xml.xlsx": rezip(good, replace={sheet: lambda xml: xml[: len(xml) // 2]}),
        "no_sheet_xml.xlsx": rezip(good, drop={sheet}),
        "lying_sizes.xlsx": lie_about_size(
            rezip(
                good,
                replace={sheet: lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 300_000)},
            ),
            sheet,
            100,
        ),
        "no_header_sheet.xlsx": workbook([["just", "a", "list"], ["of", "things", ""]]),
        "formula_unsaved.xlsx": workbook(
            [header, [*GOOD.split(","), "", "", "1983"]], formula=("M2", "=1+1")
        ),
        "formula_cmd_unsaved.xlsx": workbook(
            [header, [*GOOD.split(","), "", "", "1983"]], formula=("M2", "=cmd|' /C calc'!A0")
        ),
        # The country cell merged over two rows fills both: the two rows are then the same pair.
        "merged_cells.xlsx": workbook(
            [header, ["CN", "Hubei", "Wuhan", "US", "Ohio"], [None, "Hubei", "Wuhan", "US", "Ohio"]],
            merge="A2:A3",
        ),
        "merged_header.xlsx": workbook(
            [["side_a_country", None, "side_b_country"], ["CN", "", "US"]], merge="A1:B1"
        ),
        "over_max_rows.xlsx": workbook([header, *[["CN", "Hubei", "Wuhan", "US", "Ohio"]] * 5]),
        "date_xlsx_text.xlsx": workbook([header, [*GOOD.split(","), "", "", "1983-02-30"]]),
    }


def main():
    OUT.mkdir(exist_ok=True)
    for name, body in {**TEXT_FILES, **xlsx_files()}.items():
        (OUT / name).write_bytes(body)


if __name__ == "__main__":
    main()
