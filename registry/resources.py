"""The sheets: one django-import-export Resource per spreadsheet (places, pairings, activities),
and the one table of them. Everything that differs between sheets is declared here, on its
Resource: the model, the columns with their English and Chinese headers, the class that checks
a file's rows, the rows an export writes and the name of the public download. The admin, the
import service, the commands, the open-data downloads and the data dictionary look a sheet up
here, so a further sheet is one more Resource in `SHEETS`.

    resource = sheet_for("pairings")
    body, content_type, filename = export_rows("pairings", Pairing.objects.public(), "csv")

Import is django-import-export's `import_data`: its transaction, its row loop and its Result.
The hooks do the bulk work. `before_import` loads once what the rows are compared with (places,
existing records, taken slugs), `import_row` checks one row against them through the sheet's rows
class (registry/imports/<sheet>.py) without writing, and `after_import` writes the whole plan at
once, with the import's record and history, unless it is a dry run or any row is invalid:
django-import-export would write the valid rows of a file that has invalid ones.
"""

import io
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO, ClassVar

import tablib
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.results import RowResult

from . import exports
from .i18n import is_chinese
from .imports.activities import ActivityRows
from .imports.columns import ACTIVITY_COLUMNS, JURISDICTION_COLUMNS, PAIRING_COLUMNS, SEEKING_COLUMNS, Column
from .imports.formulas import neutralise
from .imports.jurisdictions import JurisdictionRows
from .imports.locking import lock_imports
from .imports.pairings import PairingRows
from .imports.plan import ERROR, NEW, UPDATED, Plan, SheetRows, record_import
from .imports.reading import Table, read_table, table_from_rows
from .imports.seeking import SeekingRows
from .imports.service import CHECKED, WRITTEN
from .models import ExchangeActivity, Jurisdiction, Pairing
from .opendata_columns import OPEN_DATA_COLUMNS
from .seeking.models import SeekingProfile

IMPORT_TYPES = {
    NEW: RowResult.IMPORT_TYPE_NEW,
    UPDATED: RowResult.IMPORT_TYPE_UPDATE,
    ERROR: RowResult.IMPORT_TYPE_INVALID,
}


class SheetResource(resources.ModelResource):
    """A ModelResource whose columns are a registry sheet's. Subclasses declare the class
    attributes below and `Meta.model`."""

    kind: ClassVar[str]  # the sheet's name in URLs of the admin, commands and ImportRecord.kind
    download: ClassVar[str | None] = None  # its name in the public downloads (/download/<download>.csv)
    description: ClassVar[str]  # the public download, described for the data package
    columns: ClassVar[list[Column]]
    checks: ClassVar[type[SheetRows]]  # how its rows are checked and planned
    rows: ClassVar[Callable[..., Iterable[dict]]]  # (queryset, *, chinese, public) → row dicts
    # Rows name two places as sides: a Chinese export adds their English names.
    has_sides: ClassVar[bool] = True
    # New records can be published on confirm (places have no publication of their own).
    publishable: ClassVar[bool] = True

    @classmethod
    def model(cls) -> type[Model]:
        return cls._meta.model

    @classmethod
    def headers(cls, chinese: bool | None = None) -> dict[str, str]:
        """Column name → its header in the page's language (结好日期 in the Chinese admin)."""
        chinese = is_chinese() if chinese is None else chinese
        return {column.name: column.zh if chinese else column.name for column in cls.columns}

    class Meta:
        use_transactions = True
        # No savepoint per row: rows are only checked in the loop, and written in after_import.
        use_bulk = True
        skip_diff = True

    # Reading ------------------------------------------------------------------

    @classmethod
    def read(cls, filename: str, data: bytes) -> Table:
        """The file's rows in this sheet's columns; raises FileError if refused as a whole."""
        return read_table(filename, data, cls.columns)

    # Export ----------------------------------------------------------------------------------

    @classmethod
    def download_columns(cls) -> list[Column]:
        """The public download's columns: the template's, then the record's id and, for pairs,
        their slugs, both names, positions and standard ids (registry/opendata_columns.py)."""
        names = {column.name for column in cls.columns}
        extra = [column for column in OPEN_DATA_COLUMNS.get(cls.kind, []) if column.name not in names]
        return [*cls.columns, *extra]

    @classmethod
    def write_export(
        cls,
        out: BinaryIO,
        queryset: QuerySet | None = None,
        fmt: str = "csv",
        *,
        public: bool = False,
        chinese: bool = False,
    ) -> None:
        """Write the export of `queryset` (default: every record) to the binary file object `out`,
        row by row, in constant memory. `public=True` for the public downloads: related records
        that are not published are left out, and the download columns are written. `chinese=True`
        (the Chinese admin): the Chinese headers, places by their Chinese names, and the sides'
        English names in two more columns; the file imports as it is."""
        if fmt not in exports.FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(exports.FORMATS)}")
        queryset = cls.model()._default_manager.all() if queryset is None else queryset
        columns = cls.download_columns() if public else cls.columns
        names = [column.name for column in columns]
        headers = [column.zh for column in columns] if chinese else list(names)
        if chinese and cls.has_sides:
            names += [name for name, _header in exports.ENGLISH_NAME_COLUMNS]
            headers += [header for _name, header in exports.ENGLISH_NAME_COLUMNS]
        rows = cls.rows(queryset, public=public, chinese=chinese)
        exports.write(out, fmt, names, rows, headers)

    @classmethod
    def export_file(
        cls,
        queryset: QuerySet | None = None,
        fmt: str = "csv",
        *,
        public: bool = False,
        chinese: bool = False,
    ) -> tuple[bytes, str, str]:
        """(body bytes, content type, file name) of `write_export`, for an export small enough to
        answer in the request (the admin's selection, a filtered public list)."""
        out = io.BytesIO()
        cls.write_export(out, queryset, fmt, public=public, chinese=chinese)
        return out.getvalue(), exports.FORMATS[fmt], f"{cls.kind}-{timezone.now():%Y%m%d}.{fmt}"

    # django-import-export's API --------------------------------------------------------------

    def get_export_headers(self, selected_fields=None):
        return [column.name for column in self.columns]

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        headers = self.get_export_headers()
        dataset = tablib.Dataset(headers=headers)
        for row in self.rows(queryset, public=False, chinese=False):
            dataset.append([neutralise(row.get(name)) for name in headers])
        return dataset

    # Import: the hooks of import_data -----------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Load what the rows are compared with, once. `table` (registry.imports.reading.Table) is
        the file as read, from which the service built `dataset`; a Dataset given without it (the
        library's own API) is read into one here, and replaced by its rows in the template's
        columns, which is what the rows are then checked in."""
        if not kwargs.get("dry_run"):
            # Before any row is checked, in import_data's transaction: a second import confirmed at
            # once checks its rows against what this one wrote.
            lock_imports()
        table = kwargs.get("table")
        if table is None:
            table = table_from_rows([dataset.headers, *dataset], self.columns)
            table.fill(dataset)
        self.table = table
        self.plan = Plan(
            kind=self.kind,
            model=self.model(),
            filename=kwargs.get("filename", ""),
            blank_rows=table.blank_rows,
            ignored_headers=table.ignored_headers,
            sheet=table.sheet,
        )
        self.checks_of_rows = self.checks(self.plan, table, create_places=kwargs.get("create_places", False))
        self.checks_of_rows.prepare()
        self.cell_errors = _cell_errors(table)
        # Errors name a column as the file's header row writes it (甲方城市, not side_a_city); a
        # column the file lacks by the template's header in the page's language.
        self.column_names = self.headers() | getattr(table, "headers", {})  # absent from older kept tables

    def import_row(self, row, instance_loader, **kwargs):
        """Check one row and add what it would do to the plan; nothing is written here."""
        position = kwargs["row_number"]  # the dataset's, from 1; the file's number is kept apart
        number = self.table.rows[position - 1][0]
        checked = self.checks_of_rows.check(number, row)
        for column, message in self.cell_errors.get(number, ()):
            checked.error(column, message)
        for error in checked.errors:
            error.column = self.column_names.get(error.column, error.column)
        self.plan.rows.append(checked)
        progress = kwargs.get("progress")
        if progress and position % 100 == 0:
            progress(CHECKED, position, len(self.table.rows))
        return _row_result(checked)

    def after_import(self, dataset, result, **kwargs):
        """Complete the plan; unless it is a dry run or a row is invalid, write it all at once as
        one recorded import. (ModelResource's own after_import resets the id sequences after rows
        written with their ids; ids here always come from the database.)"""
        self.checks_of_rows.finish()
        plan = result.plan = self.plan
        # import-export numbers rows from 1 in the dataset; messages name the file's row.
        for invalid in result.invalid_rows:
            invalid.number = self.table.rows[invalid.number - 1][0]
        result.totals[RowResult.IMPORT_TYPE_SKIP] += plan.blank_rows
        result.total_rows = len(plan.rows) + plan.blank_rows
        # A file that changes nothing writes nothing, not even a record in the import log.
        if not kwargs.get("dry_run") and not plan.has_errors and plan.has_changes:
            progress, total = kwargs.get("progress"), len(self.table.rows)
            if progress:
                progress(CHECKED, total, total)
            plan.record = record_import(
                plan, user=kwargs.get("user"), filename=plan.filename, publish=kwargs.get("publish", False)
            )
            if progress:
                progress(WRITTEN, total, total)

    def handle_import_error(self, result, error, raise_errors=False):
        # import-export records a hook's exception and goes on to the rows. Here it refuses the
        # whole file (FileError, with its message) or is a fault: either way nothing is imported.
        raise error


def _cell_errors(table):
    """Row number → (column, message) of the cells the reader found unusable."""
    errors: dict[int, list[tuple[str, str]]] = {}
    for number, column in table.unsaved_formulas:
        errors.setdefault(number, []).append(
            (
                column,
                _(
                    "This cell is a formula whose value was never saved: open the file in Excel and "
                    "save it again, or paste the values."
                ),
            )
        )
    for number, column, character in table.control_characters:
        errors.setdefault(number, []).append(
            (
                column,
                _("This cell contains the control character U+%(code)04X: remove it.")
                % {"code": ord(character)},
            )
        )
    return errors


def _row_result(checked):
    """import-export's RowResult of a checked row."""
    row_result = RowResult()
    row_result.number = checked.number
    row_result.import_type = IMPORT_TYPES.get(checked.status, RowResult.IMPORT_TYPE_SKIP)
    if checked.errors:
        messages: dict[str, list[str]] = {}
        for error in checked.errors:
            messages.setdefault(error.column, []).append(error.message)
        row_result.validation_error = ValidationError(messages)
    return row_result


class JurisdictionResource(SheetResource):
    kind = "jurisdictions"
    download = "places"
    description = "Places that are a side of a published pair or contain one."
    columns = JURISDICTION_COLUMNS
    checks = JurisdictionRows
    rows = staticmethod(exports.jurisdiction_rows)
    has_sides = False
    publishable = False

    class Meta:
        model = Jurisdiction


class PairingResource(SheetResource):
    kind = "pairings"
    download = "pairings"
    description = "Published sister pairs, one row per pair."
    columns = PAIRING_COLUMNS
    checks = PairingRows
    rows = staticmethod(exports.pairing_rows)

    class Meta:
        model = Pairing


class ExchangeActivityResource(SheetResource):
    kind = "activities"
    download = "activities"
    description = "Published exchange activities, one row per activity and pair."
    columns = ACTIVITY_COLUMNS
    checks = ActivityRows
    rows = staticmethod(exports.activity_rows)

    class Meta:
        model = ExchangeActivity


class SeekingProfileResource(SheetResource):
    """Partner-seeking profiles: imported and exported by staff; no public download (the
    profiles' public page is the seeking list)."""

    kind = "seeking"
    description = "Partner-seeking profiles, one row per place."
    columns = SEEKING_COLUMNS
    checks = SeekingRows
    rows = staticmethod(exports.seeking_rows)
    has_sides = False

    class Meta:
        model = SeekingProfile


# Every sheet, in the order pages list them. A new sheet is a new Resource added here.
SHEETS: dict[str, type[SheetResource]] = {
    resource.kind: resource
    for resource in (PairingResource, JurisdictionResource, ExchangeActivityResource, SeekingProfileResource)
}
DOWNLOADS: dict[str, type[SheetResource]] = {
    resource.download: resource for resource in SHEETS.values() if resource.download
}


def sheet_for(kind: Any) -> type[SheetResource]:
    """The Resource of a sheet named `kind` ("pairings"), or of a model (Pairing)."""
    if isinstance(kind, type) and issubclass(kind, SheetResource):
        return kind
    if isinstance(kind, type) and issubclass(kind, Model):
        return next(resource for resource in SHEETS.values() if resource.model() is kind)
    return SHEETS[kind]


def export_rows(kind, queryset=None, fmt="csv", public=False, chinese=False):
    """(body bytes, content type, file name): `sheet_for(kind).export_file(...)`."""
    return sheet_for(kind).export_file(queryset, fmt, public=public, chinese=chinese)
