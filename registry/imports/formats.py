"""The file formats an import reads, as django-import-export format classes: each turns an
uploaded file's bytes into the cells of its rows (`Cells`, a tablib Dataset), as the file has them,
after the limits that keep a server safe are checked. Which row is the header and which column is
which is the reader's business (registry.imports.reading).

    cells = for_file("pairs.csv", data).create_dataset(data, columns=PAIRING_COLUMNS)

Subclassed where import-export's own classes cannot serve: its CSV reads UTF-8 only (Excel on a
Chinese Windows writes GB18030, "Unicode text" is UTF-16) and one delimiter; its XLSX reads the
active sheet only, without merged cells, formulas' saved values or the 1904 date system.
"""

import csv
import io
import zipfile
from xml.etree.ElementTree import ParseError

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from . import limits
from .cells import is_blank
from .columns import header_map
from .decoding import decode, delimiter
from .errors import FileError
from .names import normalise

# A formula whose result was never saved (a file written by a program, not by Excel).
NO_CACHED_VALUE = object()


class Cells(tablib.Dataset):
    """A file's rows of cells; `title` is the sheet's name (a workbook's), `epoch` the year its
    date numbers count from (1904 for a workbook saved in that date system)."""

    epoch = 1900


def _cells(rows, *, title="", epoch=1900):
    cells = Cells(title=title)
    cells.epoch = epoch
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        # A short line (a CSV row with fewer cells) is read as blanks to the right.
        cells.append([*row, *([None] * (width - len(row)))])
    return cells


class Text(base_formats.CSV):
    """Comma- or tab-separated text in UTF-8 (with or without its BOM), UTF-16 or GB18030/GBK."""

    def is_binary(self):
        return True  # read as bytes and decoded here, not by import-export's storage

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode(in_stream)
        limits.check_rows(limits.count_text_rows(text) - 1)
        return _cells(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))))


class Workbook(base_formats.XLSX):
    """An XLSX workbook: the first sheet whose first row holds at least two of the template's
    headers (`columns`), merged ranges read as their top-left value in every cell, formulas as
    their saved values (a formula never computed is marked NO_CACHED_VALUE)."""

    def create_dataset(self, in_stream, columns=(), **kwargs):
        limits.check_zip(in_stream)
        limits.check_xlsx_rows(in_stream)
        # Imported here: openpyxl is only needed for workbooks.
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(in_stream), data_only=True)
            # A sheet whose XML is cut short or malformed raises ParseError, not a zip error.
            formulas = _formula_cells(in_stream) if _has_formulas(in_stream) else {}
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError):
            raise FileError(_("The file is not a valid XLSX workbook: save it again from Excel.")) from None
        epoch = 1904 if workbook.epoch.year == 1904 else 1900
        mapping = header_map(columns)
        for sheet in workbook.worksheets:
            limits.check_rows(sheet.max_row - 1)
            grid = _grid(sheet, formulas.get(sheet.title, set()))
            first = next((row for row in grid if any(not is_blank(c) for c in row)), None)
            if first and sum(normalise(c) in mapping for c in first if isinstance(c, str)) >= 2:
                return _cells(grid, title=sheet.title, epoch=epoch)
        raise FileError(_("No sheet of the workbook has the template's header row. Download the template."))


def for_file(filename: str, data: bytes) -> base_formats.Format:
    """The format to read a file with, by its name or, for a workbook, its first bytes (a zip)."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return Workbook()
    if name.endswith((".xls", ".ods")):
        raise FileError(_("%(name)s: save the file as XLSX or CSV.") % {"name": filename})
    return Text()


def _has_formulas(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                if b"<f>" in xml or b"<f " in xml:
                    return True
        return False


def _formula_cells(data):
    """(row, column) of every formula cell, per sheet: read in a second pass because openpyxl
    gives either the formulas or their saved values, not both."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    cells = {}
    for sheet in workbook.worksheets:
        found = set()
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type == "f":
                    found.add((cell.row, cell.column))
        cells[sheet.title] = found
    workbook.close()
    return cells


def _grid(sheet, formula_cells):
    """The sheet's values as lists, merged ranges filled with their top-left value and formulas
    without a saved value marked."""
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                rows[r - 1][c - 1] = value
    for r, c in formula_cells:
        if rows[r - 1][c - 1] is None:
            rows[r - 1][c - 1] = NO_CACHED_VALUE
    return rows
