"""Load the officially reported totals (data/source/reported_totals.csv) into OfficialCount."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import OfficialCount
from .partial_dates import PartialDate

REPORTED_TOTALS_CSV = Path(settings.BASE_DIR) / "data" / "source" / "reported_totals.csv"


@transaction.atomic
def load_reported_totals(*, path=REPORTED_TOTALS_CSV):
    """Add the rows of `path` (reported_on, precision, scope, count, source_url, note) that are
    not stored yet; a stored row (same date, scope and source) keeps what staff made of it.
    Returns the number of rows added."""
    added = 0
    with open(path, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            reported = PartialDate.parse_iso(row["reported_on"])
            if reported.precision != row["precision"]:
                raise ValueError(f"{path}: {row['reported_on']} is not at {row['precision']} precision")
            _count, created = OfficialCount.objects.get_or_create(
                reported_on=reported.value,
                scope=row["scope"],
                source_url=row["source_url"],
                defaults={
                    "reported_precision": reported.precision,
                    "count": int(row["count"]),
                    "note": row["note"],
                },
            )
            added += created
    return added
