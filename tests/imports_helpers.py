"""Shared helpers for the import tests: the committed files and a fingerprint of the database."""

import csv
import io
from pathlib import Path

import openpyxl

from registry.models import ExchangeActivity, Jurisdiction, Pairing, Source

DATA = Path(__file__).parent / "data"
MODELS = [Jurisdiction, Pairing, ExchangeActivity, Source]


def data(name):
    return (DATA / name).read_bytes()


def as_xlsx(csv_body):
    """The rows of a CSV file's bytes as an XLSX workbook's bytes."""
    workbook = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(csv_body.decode())):
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fingerprint():
    """Every row and every history row of the imported models: equal before and after means
    nothing was written."""
    result = {}
    for model in MODELS:
        result[model.__name__] = sorted(map(repr, model.objects.values_list()))
        result[f"{model.__name__} history"] = model.history.count()
    result["pairing sources"] = Pairing.sources.through.objects.count()
    result["activity pairings"] = ExchangeActivity.pairings.through.objects.count()
    return result


def pair(a_slug, b_slug):
    from django.db.models import Q

    return Pairing.objects.get(
        Q(side_a__slug=a_slug, side_b__slug=b_slug) | Q(side_a__slug=b_slug, side_b__slug=a_slug)
    )


def outcomes(plan):
    return [(row.number, row.status) for row in plan.rows]


def errors(plan):
    return [(number, error.column) for number, error in plan.errors]
