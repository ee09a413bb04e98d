"""Reading the dates staff write: 1983, 1983年, 1983-05, 1983/5/2, 1983年5月2日, May 1983,
2 May 1983, decades (1990s, 1990年代), approximate dates (c. 1995, around 1995, 约1995年, the
mid-1990s, 1990年代中期), Excel date cells and serial numbers, years that a spreadsheet turned into
1983.0. The precision is kept, and whether the date is approximate. The admin's date fields read
dates with this same function."""

import dataclasses
import datetime
import re

from django.utils.translation import gettext as _

from registry.partial_dates import PartialDate, Precision

_FORMS = [
    re.compile(r"^(?P<y>\d{4})(?:\.0+)?$"),
    re.compile(r"^(?P<y>\d{4})\s*年$"),
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月$"),
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$"),
    # A datetime written out by a spreadsheet or by str(datetime): the time part is dropped.
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})[ T]00:00(?::00)?$"),
]
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<mname>[A-Za-z]+)\.?"
_NAMED_FORMS = [
    re.compile(rf"^{_MONTH}\s+(?P<y>\d{{4}})$"),  # May 1983
    re.compile(rf"^(?P<d>\d{{1,2}})\s+{_MONTH}\s+(?P<y>\d{{4}})$"),  # 2 May 1983
    re.compile(rf"^{_MONTH}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})$"),  # May 2, 1983
]
_DECADE = re.compile(
    r"^(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]?)?(?P<y>\d{3}0)\s*(?:'?s|年代)(?:(?P<zh_part>初|初期|中期|中叶|末|末期|后期))?$",
    re.I,
)
# "around", "circa", "约" before the date, "左右"/"前后" after it: the source is approximate.
_APPROXIMATE = re.compile(
    r"^(?:c\.|ca\.|circa|about|around|approx\.?|approximately|约|大约)\s*(?P<rest>.+)$", re.I
)
_APPROXIMATE_AFTER = re.compile(r"^(?P<rest>.+?)\s*(?:左右|前后)$")
# Day and month first or month and day first: the order cannot be known, so it is refused.
_AMBIGUOUS = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$")
_SERIAL = re.compile(r"^\d{4,6}(?:\.0+)?$")
# Excel's two date systems: day 0 is 1899-12-30 (with its 1900 leap-year bug) or 1904-01-01.
_EPOCHS = {1900: datetime.date(1899, 12, 30), 1904: datetime.date(1904, 1, 1)}
_EARLIEST_YEAR = 1800


class DateError(ValueError):
    """A cell that is not a date the registry can keep; the message says what to do."""


def parse_partial_date(value, *, epoch: int = 1900, today: datetime.date | None = None) -> PartialDate:
    """The PartialDate a cell holds. `value` is text or what a spreadsheet reader gives (date,
    datetime, int, float). Raises DateError with a message for staff."""
    today = today or datetime.date.today()
    partial = _read(value, epoch)
    if partial.value > today:
        raise DateError(_("%(value)s is in the future.") % {"value": partial.isoformat()})
    if partial.value.year < _EARLIEST_YEAR:
        raise DateError(_("%(value)s is too early to be a pairing date.") % {"value": partial.isoformat()})
    return partial


def _read(value, epoch):
    if isinstance(value, str):
        text = value.strip()
        approximate = _APPROXIMATE.match(text) or _APPROXIMATE_AFTER.match(text)
        if approximate:
            return dataclasses.replace(_read(approximate.group("rest"), epoch), approximate=True)
        decade = _DECADE.match(text)
        if decade:
            part = decade.group("part") or decade.group("zh_part")
            # "the mid-1990s" names a decade only approximately.
            return PartialDate(datetime.date(int(decade.group("y")), 1, 1), Precision.DECADE, bool(part))
        for form in _NAMED_FORMS:
            named = form.match(text)
            if named and named.group("mname").lower() in _MONTHS:
                parts = named.groupdict()
                text = f"{parts['y']}-{_MONTHS[parts['mname'].lower()]}" + (
                    f"-{parts['d']}" if parts.get("d") else ""
                )
                return _read(text, epoch)
    if isinstance(value, datetime.datetime):
        return PartialDate(value.date(), Precision.DAY)
    if isinstance(value, datetime.date):
        return PartialDate(value, Precision.DAY)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = repr(value)
    text = str(value).strip()
    for form in _FORMS:
        match = form.match(text)
        if match:
            parts = match.groupdict()
            try:
                year = int(parts["y"])
                month = int(parts.get("m") or 1)
                day = int(parts.get("d") or 1)
                date = datetime.date(year, month, day)
            except ValueError:
                raise DateError(_("%(value)s is not a real date.") % {"value": text}) from None
            if parts.get("d"):
                return PartialDate(date, Precision.DAY)
            return PartialDate(date, Precision.MONTH if parts.get("m") else Precision.YEAR)
    if _SERIAL.match(text):
        serial = int(float(text))
        if serial < 1 or serial > 2958465:
            raise DateError(_("%(value)s is not a date.") % {"value": text})
        return PartialDate(_EPOCHS[epoch] + datetime.timedelta(days=serial), Precision.DAY)
    if _AMBIGUOUS.match(text):
        raise DateError(
            _("%(value)s is ambiguous (day and month could be either way round): write it as YYYY-MM-DD.")
            % {"value": text}
        )
    raise DateError(
        _("%(value)s is not a date: write 1983, 1983-05, 1983-05-02, 1983年5月2日, May 1983 or 1990s.")
        % {"value": text}
    )
