"""Reading an uploaded file (CSV, TSV, XLSX) into rows keyed by template column, with the
spreadsheet row number of each: the file's format class (registry.imports.formats) gives its
cells, after the limits are checked; here its header row is found and mapped to the template."""

import re
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

from . import formats, limits
from .cells import is_blank
from .columns import header_map
from .errors import FileError
from .formats import NO_CACHED_VALUE
from .formulas import restore
from .names import normalise

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
    """The file's rows in `columns`, read by the import format its name or first bytes say
    (registry.imports.formats); raises FileError if the file is refused as a whole."""
    limits.check_size(len(data))
    cells = formats.for_file(filename, data).create_dataset(data, columns=columns)
    table = _build(iter(cells), columns)
    table.epoch, table.sheet = cells.epoch, cells.title or ""
    return table


def table_from_rows(rows, columns) -> Table:
    """A Table from rows already read (a header row first), e.g. a tablib Dataset's."""
    limits.check_rows(len(rows) - 1)
    return _build(iter(rows), columns)


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
