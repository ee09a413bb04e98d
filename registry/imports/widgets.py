"""The registry's cells as django-import-export widgets: each widget's `clean` turns one cell into a
field's value, or raises ValueError (CellError, DateError, PlaceError) with a message that says
what to write instead. A sheet's rows class (registry/imports/<sheet>.py) names the widget of each
of its columns in `widgets`; blank cells and the clearing marker are handled before a widget is
asked (registry/imports/rows.py).

The file's date system (`epoch`, 1900 or 1904 for a workbook saved on an old Mac) and the
import's place index are passed to `clean` as keywords by the rows class."""

from functools import cached_property

from django.db.models import Choices as ModelChoices
from django.utils.translation import gettext as _
from import_export import widgets

from registry.partial_dates import Precision

from . import cells
from .dates import parse_partial_date
from .names import normalise


class Text(widgets.Widget):
    """Text, trimmed; a whole number read from a workbook (1818058.0) as the integer it is."""

    def clean(self, value, row=None, **kwargs):
        return cells.text(value)


class Code(Text):
    """A code written in capitals (an ISO 3166-2 code, a currency)."""

    def clean(self, value, row=None, **kwargs):
        return cells.text(value).upper()


class Lines(Text):
    """A list kept one item per line; semicolons also separate items."""

    def clean(self, value, row=None, **kwargs):
        return "\n".join(str(value).replace(";", "\n").split("\n")).strip()


class Integer(widgets.Widget):
    """A whole number, not negative."""

    def clean(self, value, row=None, **kwargs):
        return cells.integer(value)


class Decimal(widgets.Widget):
    """A number rounded to `places` decimals; thousands separators allowed."""

    def __init__(self, places=6):
        super().__init__()
        self.places = places

    def clean(self, value, row=None, **kwargs):
        return cells.decimal(value, self.places)


class Choice(widgets.Widget):
    """One of a model's choices, by its code or its label in English or Chinese (友好城市/省州 is
    sister)."""

    def __init__(self, choices: type[ModelChoices]):
        super().__init__()
        self.choices = choices

    @cached_property
    def mapping(self):
        # Built at first use, not at import: the labels are translated.
        return cells.choice_map(self.choices)

    def clean(self, value, row=None, **kwargs):
        return cells.choice(value, self.mapping, self.choices)


def items(cell):
    """The values of a cell that lists several, separated by commas, semicolons or new lines."""
    text = cells.text(cell)
    for separator in ("，", ";", "；", "\n"):
        text = text.replace(separator, ",")
    return [item.strip() for item in text.split(",") if item.strip()]


class Choices(Choice):
    """Several of a model's choices in one cell ("trade, culture")."""

    def clean(self, value, row=None, **kwargs):
        return [cells.choice(item, self.mapping, self.choices) for item in items(value)]


class PartialDate(widgets.Widget):
    """A date as precise as the source says: 1983, 1983-05, 1983-05-02, 1983年5月2日, "c. 1983" or
    a workbook's date, in the file's date system (`epoch`)."""

    def clean(self, value, row=None, epoch=1900, **kwargs):
        return parse_partial_date(value, epoch=epoch)


class Day(PartialDate):
    """An exact day (a count or a statement is made on a day)."""

    def clean(self, value, row=None, epoch=1900, **kwargs):
        date = super().clean(value, row, epoch=epoch)
        if date.precision != Precision.DAY or date.approximate:
            raise cells.CellError(_("Give the exact day, e.g. 2020-11-01."))
        return date.value


class Urls(widgets.Widget):
    """Web addresses, one per line (or separated by spaces or semicolons), each checked."""

    def clean(self, value, row=None, **kwargs):
        return cells.urls(value)


YES = {normalise(word) for word in ("yes", "y", "true", "1", "是", "公开")}
NO = {normalise(word) for word in ("no", "n", "false", "0", "否", "不公开")}


class YesNo(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        word = normalise(cells.text(value))
        if word in YES:
            return True
        if word in NO:
            return False
        raise cells.CellError(_("Write yes or no."))


class Place(widgets.Widget):
    """The place named by a row's three columns `<prefix>_country`, `_province` and `_city`, found
    through the import's place index (registry.imports.places.PlaceIndex)."""

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def clean(self, value, row=None, index=None, **kwargs):
        row = row or {}
        return index.resolve(
            cells.text(row.get(f"{self.prefix}_country")),
            cells.text(row.get(f"{self.prefix}_province")),
            cells.text(row.get(f"{self.prefix}_city")),
            self.prefix,
        )


class Countries(widgets.Widget):
    """Countries by ISO code or name, several in one cell."""

    def clean(self, value, row=None, index=None, column="", **kwargs):
        codes = []
        for item in items(value):
            try:
                codes.append(index.country(item, column))
            except ValueError as error:
                raise cells.CellError(str(error)) from None
        return codes
