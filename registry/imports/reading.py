"""Reading an uploaded file (CSV, TSV, XLSX) into rows keyed by template column, with the
spreadsheet row number of each, after the limits are checked."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import tablib
from django.utils.translation import gettext as _

from . import limits
from .cells import is_blank
from .columns import header_map
from .decoding import decode, delimiter
from .errors import FileError
from .formulas import restore
from .names import normalise

# A formula whose result was never saved (a file written by a program, not by Excel).
NO_CACHED_VALUE = object()
# Control characters other than tab and line breaks: invisible on a page, garbling exports, and
# (NUL) refused by PostgreSQL. They come from copying out of terminals or other programs.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Table:
    columns: list[str]  # template columns present in the file, in file order
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, column → cell)
    blank_rows: int = 0
    ignored_headers: list[str] = field(default_factory=list)
    epoch: int = 1900
    sheet: str = ""
    # (row number, column) of formulas with no saved value: read as blank, reported as errors.
    unsaved_formulas: list[tuple[int, str]] = field(default_factory=list)
    # (row number, column, character) of cells holding a control character: reported as errors.
    control_characters: list[tuple[int, str, str]] = field(default_factory=list)
    # Template column → its header as the file writes it (甲方城市, "Side A City"): errors name it so.
    headers: dict[str, str] = field(default_factory=dict)

    def dataset(self) -> tablib.Dataset:
        """The rows as a tablib Dataset in the template's columns: what import_data is given."""
        dataset = tablib.Dataset()
        self.fill(dataset)
        return dataset

    def fill(self, dataset: tablib.Dataset) -> None:
        """Replace `dataset`'s contents by the rows, in the template's columns."""
        dataset.wipe()
        dataset.headers = list(self.columns)
        for _number, row in self.rows:
            dataset.append([row.get(column) for column in self.columns])


def read_table(filename: str, data: bytes, columns) -> Table:
    limits.check_size(len(data))
    name = filename.lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, columns)
    if name.endswith((".xls", ".ods")):
        raise FileError(_("%(name)s: save the file as XLSX or CSV.") % {"name": filename})
    text = decode(data)
    limits.check_rows(limits.count_text_rows(text) - 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    return _build(reader, columns)


def table_from_rows(rows, columns) -> Table:
    """A Table from rows already read (a header row first), e.g. a tablib Dataset's."""
    limits.check_rows(len(rows) - 1)
    return _build(iter(rows), columns)


def _read_xlsx(data, columns):
    limits.check_zip(data)
    limits.check_xlsx_rows(data)
    # Imported here: openpyxl is only needed for workbooks.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        # A sheet whose XML is cut short or malformed raises ParseError, not a zip error.
        formulas = _formula_cells(data) if _has_formulas(data) else {}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError):
        raise FileError(_("The file is not a valid XLSX workbook: save it again from Excel.")) from None
    epoch = 1904 if workbook.epoch.year == 1904 else 1900
    mapping = header_map(columns)
    for sheet in workbook.worksheets:
        limits.check_rows(sheet.max_row - 1)
        grid = _grid(sheet, formulas.get(sheet.title, set()))
        first = next((row for row in grid if any(not is_blank(c) for c in row)), None)
        if first and sum(normalise(c) in mapping for c in first if isinstance(c, str)) >= 2:
            table = _build(iter(grid), columns)
            table.epoch, table.sheet = epoch, sheet.title
            return table
    raise FileError(_("No sheet of the workbook has the template's header row. Download the template."))


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


def _export_headers():
    """Normalised headers of the columns the registry's own files add after the template's: the
    public downloads' identity columns (registry/opendata_columns.py) and the sides' English names
    of a Chinese admin export. A file the registry wrote imports as it is: these are passed over
    without being reported as unknown columns."""
    from ..exports import ENGLISH_NAME_COLUMNS
    from ..opendata_columns import OPEN_DATA_COLUMNS

    extra = [column for columns in OPEN_DATA_COLUMNS.values() for column in columns]
    return set(header_map(extra)) | {normalise(h) for pair in ENGLISH_NAME_COLUMNS for h in pair}


def _build(reader, columns):
    mapping = header_map(columns)
    known_extra = _export_headers()
    header, number = None, 0
    for cells in reader:
        number += 1
        if not all(is_blank(c) for c in cells):
            header = cells
            break
    if header is None:
        raise FileError(_("The file is empty."))
    positions, names, ignored = [], [], []
    for position, cell in enumerate(header):
        name = mapping.get(normalise(cell)) if isinstance(cell, str) else None
        if name and name not in names:
            positions.append(position)
            names.append(name)
        elif not is_blank(cell) and normalise(cell) not in known_extra:
            ignored.append(str(cell))
    missing = [c for c in columns if c.required and c.name not in names]
    if missing:
        raise FileError(
            _("Row %(row)s, the header row, lacks the column(s) %(columns)s. Download the template.")
            % {"row": number, "columns": ", ".join(f"{c.name} ({c.zh})" for c in missing)}
        )
    table = Table(
        columns=names,
        ignored_headers=ignored,
        headers={
            name: str(header[position]).strip() for position, name in zip(positions, names, strict=True)
        },
    )
    header_row = number
    for cells in reader:
        number += 1
        if all(is_blank(c) for c in cells):
            table.blank_rows += 1
            continue
        row = {}
        for position, name in zip(positions, names, strict=True):
            cell = cells[position] if position < len(cells) else None
            if cell is NO_CACHED_VALUE:
                table.unsaved_formulas.append((number, name))
                cell = None
            elif isinstance(cell, str) and (control := _CONTROL.search(cell)):
                table.control_characters.append((number, name, control.group()))
            row[name] = restore(cell.strip()) if isinstance(cell, str) else cell
        table.rows.append((number, row))
    if not table.rows:
        # Otherwise confirm would report "imported: 0 new…", as if the file had been read.
        raise FileError(
            _("The file has no rows under its header row (row %(row)s): nothing to import.")
            % {"row": header_row}
        )
    limits.check_rows(len(table.rows))
    return table
