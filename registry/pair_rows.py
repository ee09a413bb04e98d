"""Rows of the pair list, read as plain values instead of model instances.

The pair list renders 50 pairs per uncached request, and building a Pairing and its two places as
model instances for each row cost more than the rest of the row's work. A PairRow carries just what
a table of pairs shows (the pair_rows template tag), under the same names as on a Pairing, so the
tag renders either.
"""

import datetime
from dataclasses import dataclass
from typing import ClassVar

from .models.pairings import TABLE_FIELDS
from .partial_dates import PartialDateAttribute


@dataclass(frozen=True)
class PlaceNames:
    name_en: str
    name_zh: str


@dataclass(frozen=True)
class PairRow:
    slug: str
    kind: str
    tier: str
    status: str
    established_on: datetime.date | None
    established_precision: str
    side_a: PlaceNames
    side_b: PlaceNames

    established = PartialDateAttribute("established_on", "established_precision")

    # The columns to ask for: Pairing.objects.values(*PairRow.FIELDS).
    FIELDS: ClassVar[tuple[str, ...]] = TABLE_FIELDS

    @classmethod
    def from_values(cls, values):
        return cls(
            slug=values["slug"],
            kind=values["kind"],
            tier=values["tier"],
            status=values["status"],
            established_on=values["established_on"],
            established_precision=values["established_precision"],
            side_a=PlaceNames(values["side_a__name_en"], values["side_a__name_zh"]),
            side_b=PlaceNames(values["side_b__name_en"], values["side_b__name_zh"]),
        )
