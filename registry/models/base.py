"""What the registry's records share: a database check for choices, the edit version, bilingual names."""

from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..i18n import is_chinese


def choices_constraint(field, choices):
    """Django's field choices don't constrain the data; this database check does."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
        violation_error_message=format_lazy(_("Unknown value for {field}."), field=field),
    )


class Versioned(models.Model):
    """A record staff edit in the admin: `version` goes up with every admin save, so that a form
    opened before someone else's save is refused instead of silently overwriting it."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class BilingualNameMixin:
    """Name in the active language first, the other language beside it."""

    def local_name(self):
        if is_chinese() and self.name_zh:
            return self.name_zh
        return self.name_en

    def other_name(self):
        if is_chinese():
            return self.name_en if self.name_zh else ""
        return self.name_zh
