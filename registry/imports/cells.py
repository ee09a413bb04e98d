"""Reading one cell into a field value: text, choices in either language, numbers, URLs."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext as _

from .names import normalise

_URL_SPLIT = re.compile(r"[\s;；，]+")
_validate_url = URLValidator()


class CellError(ValueError):
    pass


def is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell) -> str:
    """A cell as text; a whole float from a spreadsheet (1818058.0) as the integer it is."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (datetime.date, datetime.datetime)):
        return cell.isoformat()
    # Only trimmed: inner spaces and line breaks are kept, so export → import changes nothing.
    return str(cell).strip()


def choice_map(choices) -> dict[str, str]:
    """Normalised code, code with spaces, English and Chinese label → stored value."""
    mapping = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in choices.choices:
                mapping[normalise(label)] = value
    for value in choices.values:
        mapping[normalise(value)] = value
        mapping[normalise(value.replace("_", " "))] = value
    return mapping


def choice(cell, mapping, choices=None) -> str:
    """The stored value `cell` names in `mapping` (choice_map); the error lists what may be written:
    each code with its label in the page's language (`choices`, the model's choices)."""
    value = mapping.get(normalise(cell))
    if value is None:
        if choices is None:
            allowed = ", ".join(sorted(set(mapping.values())))
        else:
            allowed = ", ".join(
                code if str(label) == code else _("%(code)s (%(label)s)") % {"code": code, "label": label}
                for code, label in choices.choices
            )
        raise CellError(
            _("%(value)s is not one of: %(allowed)s.") % {"value": text(cell), "allowed": allowed}
        )
    return value


def integer(cell) -> int:
    try:
        number = Decimal(text(cell))
    except InvalidOperation:
        raise CellError(_("%(value)s is not a whole number.") % {"value": text(cell)}) from None
    if number != number.to_integral_value() or number < 0:
        raise CellError(_("%(value)s is not a whole number.") % {"value": text(cell)})
    return int(number)


def decimal(cell, places=6) -> Decimal:
    try:
        number = Decimal(text(cell).replace(",", ""))
    except InvalidOperation:
        raise CellError(_("%(value)s is not a number.") % {"value": text(cell)}) from None
    return number.quantize(Decimal(1).scaleb(-places))


def urls(cell) -> list[str]:
    found = [u for u in _URL_SPLIT.split(text(cell)) if u]
    for url in found:
        try:
            _validate_url(url)
        except ValidationError:
            raise CellError(_("%(value)s is not a web address (https://…).") % {"value": url}) from None
    return list(dict.fromkeys(found))
