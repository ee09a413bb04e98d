"""What every importer does with a row's cells for one field: a blank cell keeps the stored value
(or the default for a new record), the clearing marker empties it, anything else is parsed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .cells import CellError, is_blank
from .dates import DateError, parse_partial_date
from .names import is_clear_marker

KEEP = object()
CLEAR = object()


def read(row, column, parse):
    """KEEP, CLEAR or the parsed value of `column`; raises CellError/DateError."""
    if column not in row or is_blank(row[column]):
        return KEEP
    if is_clear_marker(row[column]):
        return CLEAR
    return parse(row[column])


def set_field(obj, result, row, column, field, parse, *, empty="", required=False):
    """Set `field` on `obj` from `column`; record a row error instead of raising."""
    try:
        value = read(row, column, parse)
    except (CellError, DateError) as error:
        result.error(column, error)
        return
    if value is KEEP:
        return
    if value is CLEAR:
        if required:
            result.error(column, _("This column cannot be cleared."))
            return
        value = empty
    setattr(obj, field, value)


def set_partial_date(obj, result, row, column, attribute, epoch):
    """A partial date column into the model's PartialDateAttribute (date and precision)."""
    set_field(
        obj, result, row, column, attribute, lambda cell: parse_partial_date(cell, epoch=epoch), empty=None
    )


def snapshot(obj, fields):
    return {name: getattr(obj, name) for name in fields}


def changed_fields(obj, before):
    return [name for name, value in before.items() if getattr(obj, name) != value]


def model_errors(obj, result, field_columns, exclude=()):
    """Run the model's own field checks and clean(); report each on its column. Uniqueness is
    checked by the importer against preloaded rows, not here (it would cost a query per row)."""
    for check in (lambda: obj.clean_fields(exclude=list(exclude)), obj.clean):
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    result.error(field_columns.get(field, field), message)
