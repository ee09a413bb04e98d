"""The Chinese admin speaks Chinese everywhere staff look, including the pages that Django,
django-axes and django-simple-history draw.

Three gaps are closed here:

- messages those packages mark for translation but ship no Simplified Chinese for: listed below so
  that `makemessages` keeps them in the registry's catalogue, which Django consults first
  (LOCALE_PATHS);
- names those packages build in English at import time (the link tables of many-to-many fields,
  "historical …" models, the axes app): renamed once the apps are ready, with lazy translations;
- the history page's raw values ("month → day", "None"): shown as their labels.
"""

from django.apps import apps
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from simple_history.template_utils import HistoricalRecordContextHelper

from .models import ImportKind

THIRD_PARTY_MESSAGES = [
    # Django 5.2's admin index (screen-reader captions) and user form, missing from its catalogue.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # django-axes: its models, fields, admin and filters.
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    # django-simple-history's history list (our copy of its template uses these).
    gettext_noop("Changes"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
]

# Why a record changed, as the code that changed it records it (history_change_reason is stored as
# written, so it is translated when shown).
CHANGE_REASONS = {
    "publish": pgettext_lazy("change reason", "published"),
    "unpublish": pgettext_lazy("change reason", "unpublished"),
    "established date": pgettext_lazy("change reason", "follows the pairing's established date"),
}
IMPORT_REASON_PREFIX = "import "


def change_reason_label(reason):
    """The stored change reason in the page's language; a reason typed by a person is shown as is."""
    if not reason:
        return "–"
    if reason in CHANGE_REASONS:
        return CHANGE_REASONS[reason]
    if reason.startswith(IMPORT_REASON_PREFIX) and ": " in reason:
        # "import pairings #12: file.csv" (an admin import) or "import pairings: file.csv".
        head, filename = reason[len(IMPORT_REASON_PREFIX) :].split(": ", 1)
        kind, _hash, number = head.partition(" #")
        kind = dict(ImportKind.choices).get(kind, kind)
        if number:
            return format_lazy(
                _("import #{number} of {kind}: {filename}"), number=number, kind=kind, filename=filename
            )
        return format_lazy(_("import of {kind}: {filename}"), kind=kind, filename=filename)
    return reason


class LabelledHistoryHelper(HistoricalRecordContextHelper):
    """History deltas with the labels staff see on the form: "月 → 日", not "month → day"."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value) if value not in (None, "") else "–"
        value = super().prepare_delta_change_value(change, value)
        if value is None or value == "":
            return "–"
        if value is True:
            return _("yes")
        if value is False:
            return _("no")
        return value


class LabelledHistoryMixin:
    """For SimpleHistoryAdmin subclasses."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledHistoryHelper(self.model, historical_record)


def name_generated_models():
    """Give the models Django and simple-history generate translatable names (theirs are fixed in
    English when the model class is built)."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.auto_created and not getattr(meta, "_named_by_registry", False):
            relations = [f for f in meta.fields if f.is_relation and not f.primary_key]
            if len(relations) == 2:
                first, second = (f.related_model._meta for f in relations)
                meta.verbose_name = format_lazy(
                    _("{first}–{second} link"), first=first.verbose_name, second=second.verbose_name
                )
                meta.verbose_name_plural = format_lazy(
                    _("{first}–{second} links"), first=first.verbose_name, second=second.verbose_name
                )
                model.__str__ = _link_str
                for field, related in zip(relations, (first, second), strict=True):
                    field.verbose_name = related.verbose_name  # the column headers of inlines
                meta._named_by_registry = True
    for model in apps.get_app_config("registry").get_models():
        original = getattr(model, "instance_type", None)  # set on simple-history's models
        if original is not None:
            model._meta.verbose_name = format_lazy(_("historical {}"), original._meta.verbose_name)
            model._meta.verbose_name_plural = format_lazy(
                _("historical {}"), original._meta.verbose_name_plural
            )
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Login attempts")


def _link_str(self):
    """A row of a link table named by what it links: inline rows and delete confirmations
    otherwise read "ExchangeActivity_pairings object (4)"."""
    first, second = (f for f in self._meta.fields if f.is_relation and not f.primary_key)
    return f"{getattr(self, first.name)} – {getattr(self, second.name)}"
