"""What every importer does with a row's cells for one field: a blank cell keeps the stored value
(or the default for a new record), the clearing marker empties it, anything else is parsed."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.partial_dates import PartialDate, PartialDateAttribute, loses_precision

from .cells import is_blank
from .names import is_clear_marker

KEEP = object()
CLEAR = object()


def read(row, column, widget, **context):
    """KEEP, CLEAR or the value of `column` cleaned by `widget` (registry.imports.widgets), which
    is given the whole row and `context`; raises the widget's ValueError."""
    if column not in row or is_blank(row[column]):
        return KEEP
    if is_clear_marker(row[column]):
        return CLEAR
    return widget.clean(row[column], row=row, column=column, **context)


def set_field(obj, result, row, column, field, widget, *, empty="", required=False, **context):
    """Set `field` on `obj` from `column`; record a row error instead of raising."""
    try:
        value = read(row, column, widget, **context)
    except ValueError as error:
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


def snapshot(obj, fields):
    return {name: getattr(obj, name) for name in fields}


def changed_fields(obj, before):
    return [name for name, value in before.items() if getattr(obj, name) != value]


@dataclass
class Change:
    """One column an update changes, shown in the preview as old → new."""

    column: str
    old: str
    new: str
    less_precise: bool = False


def describe_changes(obj, before, changes, field_columns):
    """The Changes of an updated record, one per column; a partial date (stored in three fields)
    is one change, and says whether it becomes less precise (2012-08-16 → 2008-12)."""
    by_column: dict[str, list[str]] = {}
    for name in changes:
        by_column.setdefault(field_columns.get(name, name), []).append(name)
    described = []
    for column, names in by_column.items():
        attribute = getattr(type(obj), column, None)
        if isinstance(attribute, PartialDateAttribute):
            old = _partial(before, attribute)
            new = getattr(obj, column)
            described.append(Change(column, _shown(old), _shown(new), loses_precision(old, new)))
            continue
        for name in names:
            field = obj._meta.get_field(name)
            old, new = before[name], getattr(obj, name)
            if field.choices:
                labels = dict(field.flatchoices)
                old, new = _label(labels, old), _label(labels, new)
            described.append(Change(column, _shown(old), _shown(new)))
    return described


def _partial(before, attribute):
    value = before.get(attribute.date_field)
    if value is None or not before.get(attribute.precision_field):
        return None
    return PartialDate(
        value, before[attribute.precision_field], bool(before.get(attribute.approximate_field))
    )


def _label(labels, value):
    """A choice's label; the labels of a list of choices (a multiple choice field) joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(labels.get(str(item), item)) for item in value)
    return labels.get(value, value)


def _shown(value):
    return "–" if value in (None, "") else str(value)


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
