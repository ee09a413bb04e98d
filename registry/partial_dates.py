"""Dates known only to a decade, a year or a month, and dates known only approximately.

Sources say "1983" as often as "1983-05-02", and "in the 1990s" or "around 1995". A partial date
is stored as three columns: the date (the first day of its decade, year or month when less is
known), its precision, and whether the source says it only approximately. It is always shown at
that precision ("1990s", "1983", "May 1983", "2 May 1983", "c. 1995"), never as a false
"1983-01-01"; it sorts by its first day.

Every partial date in the models is declared with `partial_date_fields()` and read through
`PartialDateAttribute`, so storage, validation, display and database checks live here once.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DECADE = "decade", _("decade")
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


# How much each precision says, least first (a decade says less than a year).
PRECISION_RANK = {precision: rank for rank, precision in enumerate(Precision)}


def loses_precision(old: PartialDate | None, new: PartialDate | None) -> bool:
    """True if `new` says less than `old`: cleared, at a coarser precision, or now approximate."""
    if old is None:
        return False
    if new is None:
        return True
    if new.approximate and not old.approximate:
        return True
    return PRECISION_RANK[new.precision] < PRECISION_RANK[old.precision]


_ISO_PATTERN = re.compile(r"^(c\. )?(?:(\d{3}0)s|(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?)$")
APPROXIMATE_PREFIX = "c. "


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date with the precision its source gave."""

    value: datetime.date
    precision: Precision
    approximate: bool = False

    def __post_init__(self):
        # Normalise so that equal facts compare equal: 1983 is stored as 1983-01-01.
        if self.precision == Precision.DECADE:
            object.__setattr__(self, "value", datetime.date(self.value.year // 10 * 10, 1, 1))
        elif self.precision == Precision.YEAR:
            object.__setattr__(self, "value", self.value.replace(month=1, day=1))
        elif self.precision == Precision.MONTH:
            object.__setattr__(self, "value", self.value.replace(day=1))
        object.__setattr__(self, "precision", Precision(self.precision))

    @classmethod
    def parse_iso(cls, text: str) -> PartialDate:
        """Read what isoformat() writes: `1990s`, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each perhaps
        after `c. `; raise ValueError on anything else."""
        match = _ISO_PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"not a 1990s, YYYY, YYYY-MM or YYYY-MM-DD date: {text!r}")
        approximate, decade, year, month, day = match.groups()
        approximate = bool(approximate)
        if decade:
            return cls(datetime.date(int(decade), 1, 1), Precision.DECADE, approximate)
        if day:
            return cls(datetime.date(int(year), int(month), int(day)), Precision.DAY, approximate)
        if month:
            return cls(datetime.date(int(year), int(month), 1), Precision.MONTH, approximate)
        return cls(datetime.date(int(year), 1, 1), Precision.YEAR, approximate)

    @property
    def year(self) -> int:
        return self.value.year

    def isoformat(self) -> str:
        """The date as precise as it is known: `1990s`, `1983`, `1983-05` or `1983-05-02`, after
        `c. ` when approximate (what import and parse_iso read back)."""
        if self.precision == Precision.DECADE:
            text = f"{self.value.year:04d}s"
        elif self.precision == Precision.YEAR:
            text = f"{self.value.year:04d}"
        elif self.precision == Precision.MONTH:
            text = f"{self.value.year:04d}-{self.value.month:02d}"
        else:
            text = self.value.isoformat()
        return APPROXIMATE_PREFIX + text if self.approximate else text

    def __str__(self) -> str:
        """The date in the active language, at its precision."""
        if self.precision == Precision.DECADE:
            # Translators: a decade, e.g. "1990s".
            text = pgettext("partial date", "%(decade)ss") % {"decade": self.value.year}
        elif self.precision == Precision.YEAR:
            text = str(self.value.year)
        else:
            text = _format_in(get_language(), self.value, self.precision)
        if self.approximate:
            # Translators: a date the source gives only approximately, e.g. "c. 1995".
            return pgettext("partial date", "c. %(date)s") % {"date": text}
        return text


@functools.lru_cache(maxsize=4096)
def _format_in(language, value, precision):
    """A month or day date as the language writes it. Remembered because the formats and
    translations do not change while the server runs, and lists show hundreds of dates whose
    formatting was a third of a table row's time."""
    if precision == Precision.MONTH:
        # Translators: PHP-style date format for a month and year, e.g. "May 1983".
        return formats.date_format(value, pgettext("partial date", "F Y"))
    # Translators: PHP-style date format for a full date, e.g. "2 May 1983".
    return formats.date_format(value, pgettext("partial date", "j F Y"))


def partial_date_fields(verbose_name, help_text=""):
    """The (date, precision, approximate) fields of one partial date, optional together."""
    date_field = models.DateField(verbose_name, null=True, blank=True, help_text=help_text)
    precision_field = models.CharField(
        _("precision"),
        max_length=6,
        choices=Precision,
        blank=True,
        help_text=_("How much of the date the source gives: decade, year, month or day."),
    )
    approximate_field = models.BooleanField(
        _("approximately"),
        default=False,
        help_text=_("The source gives the date only approximately (“around 1995”, “the mid-1990s”)."),
    )
    return date_field, precision_field, approximate_field


def partial_date_constraints(date_field: str, precision_field: str):
    """Database checks: the precision is a known value, and given exactly when the date is."""
    return [
        models.CheckConstraint(
            condition=(Q(**{f"{date_field}__isnull": True}) & Q(**{precision_field: ""}))
            | (Q(**{f"{date_field}__isnull": False}) & Q(**{f"{precision_field}__in": Precision.values})),
            name=f"%(app_label)s_%(class)s_{date_field}_precision_valid",
            violation_error_message=_(
                "A date needs its precision (decade, year, month or day), and only a date has one."
            ),
        ),
    ]


def clean_partial_date(instance, date_field: str, precision_field: str) -> dict:
    """Model-level check of one partial date; returns {field: error} for `clean()` to raise."""
    value = getattr(instance, date_field)
    precision = getattr(instance, precision_field)
    if value is None and precision:
        return {date_field: _("Give the date, or clear its precision.")}
    if value is not None and not precision:
        return {
            precision_field: _("Say whether the source gives the decade, the year, the month or the day.")
        }
    if value is not None:
        # Keep the stored day consistent with the precision (1983 is kept as 1983-01-01).
        normalised = PartialDate(value, precision).value
        setattr(instance, date_field, normalised)
        if value > datetime.date.today():
            return {date_field: _("The date is in the future.")}
    return {}


class PartialDateAttribute:
    """Model attribute giving the PartialDate of a (date, precision) field pair, or None."""

    def __init__(self, date_field: str, precision_field: str, approximate_field: str | None = None):
        self.date_field = date_field
        self.precision_field = precision_field
        self.approximate_field = approximate_field
        self.owner = None

    def __set_name__(self, owner, name):
        self.owner = owner

    @property
    def short_description(self):
        """The date's label, as the admin shows it on a read-only form."""
        return self.owner._meta.get_field(self.date_field).verbose_name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, self.date_field)
        precision = getattr(instance, self.precision_field)
        if value is None or not precision:
            return None
        approximate = bool(self.approximate_field and getattr(instance, self.approximate_field))
        return PartialDate(value, precision, approximate)

    def __set__(self, instance, partial: PartialDate | None):
        setattr(instance, self.date_field, partial.value if partial else None)
        setattr(instance, self.precision_field, partial.precision.value if partial else "")
        if self.approximate_field:
            setattr(instance, self.approximate_field, bool(partial and partial.approximate))
