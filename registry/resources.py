"""django-import-export resources for jurisdictions, pairings and activities, in the spreadsheet
templates' columns (registry/imports/columns.py), so code written against django-import-export's
API (`resource.export()`, `resource.import_data(dataset, dry_run=...)`) gets the registry's rules.

Import goes through the registry's import plan, not ModelResource's row-by-row import: names are
matched against places loaded once, every row is checked before anything is written, and a
dataset with any invalid row writes nothing (django-import-export would commit the valid rows).
Export yields the rows of registry.exports, with formula-like text neutralised.
"""

import tablib
from django.core.exceptions import ValidationError
from import_export import resources
from import_export.results import Result, RowResult

from .exports import ROWS
from .imports.columns import TEMPLATES
from .imports.formulas import neutralise
from .imports.plan import ERROR, NEW, UPDATED, apply
from .imports.reading import table_from_rows
from .imports.run import plan_table
from .models import ExchangeActivity, Jurisdiction, Pairing

IMPORT_TYPES = {
    NEW: RowResult.IMPORT_TYPE_NEW,
    UPDATED: RowResult.IMPORT_TYPE_UPDATE,
    ERROR: RowResult.IMPORT_TYPE_INVALID,
}


class TemplateResource(resources.ModelResource):
    """A ModelResource whose columns are a registry template; set `kind`."""

    kind: str

    def get_export_headers(self, selected_fields=None):
        return [column.name for column in TEMPLATES[self.kind]]

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        headers = self.get_export_headers()
        dataset = tablib.Dataset(headers=headers)
        for row in ROWS[self.kind](queryset):
            dataset.append([neutralise(row.get(name)) for name in headers])
        return dataset

    def import_data(
        self, dataset, dry_run=False, raise_errors=False, create_places=False, user=None, **kwargs
    ):
        """Plan every row of `dataset`; unless `dry_run` or any row is invalid, write them all."""
        table = table_from_rows([dataset.headers, *dataset], TEMPLATES[self.kind])
        plan = plan_table(self.kind, table, filename="dataset", create_places=create_places)
        if not dry_run and not plan.has_errors:
            apply(plan, user=user, reason=f"import {self.kind}")
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


class JurisdictionResource(TemplateResource):
    kind = "jurisdictions"

    class Meta:
        model = Jurisdiction


class PairingResource(TemplateResource):
    kind = "pairings"

    class Meta:
        model = Pairing


class ExchangeActivityResource(TemplateResource):
    kind = "activities"

    class Meta:
        model = ExchangeActivity
