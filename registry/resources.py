"""The sheets: one django-import-export Resource per spreadsheet (places, pairings, activities),
and the one table of them. Everything that differs between sheets is declared here, on its
Resource: the model, the columns with their English and Chinese headers, the planner that checks
a file's rows, the rows an export writes and the name of the public download. The admin, the
import service, the commands, the open-data downloads and the data dictionary look a sheet up
here, so a further sheet is one more Resource in `SHEETS`.

    resource = sheet_for("pairings")
    body, content_type, filename = export_rows("pairings", Pairing.objects.public(), "csv")

Import goes through the registry's import plan, not ModelResource's row-by-row import: names are
matched against places loaded once, every row is checked before anything is written, and a
dataset with any invalid row writes nothing (django-import-export would commit the valid rows).
`import_data` keeps django-import-export's API for code written against it.
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
from import_export.results import Result, RowResult

from . import exports
from .i18n import is_chinese
from .imports.activities import plan_activities
from .imports.columns import ACTIVITY_COLUMNS, JURISDICTION_COLUMNS, PAIRING_COLUMNS, SEEKING_COLUMNS, Column
from .imports.formulas import neutralise
from .imports.jurisdictions import plan_jurisdictions
from .imports.pairings import plan_pairings
from .imports.plan import ERROR, NEW, UPDATED, Plan
from .imports.reading import Table, read_table, table_from_rows
from .imports.seeking import plan_seeking
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
    planner: ClassVar[Callable[..., Plan]]
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

    # Reading and checking ------------------------------------------------------------------

    @classmethod
    def read(cls, filename: str, data: bytes) -> Table:
        """The file's rows in this sheet's columns; raises FileError if refused as a whole."""
        return read_table(filename, data, cls.columns)

    @classmethod
    def plan(cls, table: Table, *, filename: str = "", create_places: bool = False, progress=None) -> Plan:
        """What each row would do, computed without writing."""
        plan = cls.planner(table, create_places=create_places, filename=filename, progress=progress)
        plan.sheet = table.sheet
        results = {row.number: row for row in plan.rows}
        for number, column in table.unsaved_formulas:
            results[number].error(
                column,
                _(
                    "This cell is a formula whose value was never saved: open the file in Excel and save "
                    "it again, or paste the values."
                ),
            )
        for number, column, character in table.control_characters:
            results[number].error(
                column,
                _("This cell contains the control character U+%(code)04X: remove it.")
                % {"code": ord(character)},
            )
        # Errors name a column as the file's header row writes it (甲方城市, not side_a_city); a
        # column the file lacks by the template's header in the page's language.
        written = getattr(table, "headers", {})  # absent from tables kept by an older version
        template = cls.headers()
        for row in plan.rows:
            for error in row.errors:
                error.column = written.get(error.column) or template.get(error.column, error.column)
        return plan

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

    def import_data(
        self, dataset, dry_run=False, raise_errors=False, create_places=False, user=None, **kwargs
    ):
        """Plan every row of `dataset`; unless `dry_run` or any row is invalid, write them all
        (through the import service, so it is recorded like any other import)."""
        from .imports.service import import_sheet

        table = table_from_rows([dataset.headers, *dataset], self.columns)
        plan = import_sheet(
            sheet=self.kind,
            data=table,
            filename="dataset",
            user=user,
            dry_run=dry_run,
            create_places=create_places,
        )
        return self._result(plan, table)

    def _result(self, plan, table):
        result = Result()
        result.diff_headers = list(table.columns)
        values = dict(table.rows)
        for row in plan.rows:
            row_result = RowResult()
            row_result.number = row.number
            row_result.import_type = IMPORT_TYPES.get(row.status, RowResult.IMPORT_TYPE_SKIP)
            if row.errors:
                messages: dict[str, list[str]] = {}
                for error in row.errors:
                    messages.setdefault(error.column, []).append(error.message)
                row_result.validation_error = ValidationError(messages)
                result.append_invalid_row(row.number, values[row.number], row_result.validation_error)
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        result.totals[RowResult.IMPORT_TYPE_SKIP] += plan.blank_rows
        result.total_rows = len(plan.rows) + plan.blank_rows
        return result


class JurisdictionResource(SheetResource):
    kind = "jurisdictions"
    download = "places"
    description = "Places that are a side of a published pair or contain one."
    columns = JURISDICTION_COLUMNS
    planner = staticmethod(plan_jurisdictions)
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
    planner = staticmethod(plan_pairings)
    rows = staticmethod(exports.pairing_rows)

    class Meta:
        model = Pairing


class ExchangeActivityResource(SheetResource):
    kind = "activities"
    download = "activities"
    description = "Published exchange activities, one row per activity and pair."
    columns = ACTIVITY_COLUMNS
    planner = staticmethod(plan_activities)
    rows = staticmethod(exports.activity_rows)

    class Meta:
        model = ExchangeActivity


class SeekingProfileResource(SheetResource):
    """Partner-seeking profiles: imported and exported by staff; no public download (the
    profiles' public page is the seeking list)."""

    kind = "seeking"
    description = "Partner-seeking profiles, one row per place."
    columns = SEEKING_COLUMNS
    planner = staticmethod(plan_seeking)
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
