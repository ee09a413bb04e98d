"""Totals of pairs that official bodies reported."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..partial_dates import (
    PartialDateAttribute,
    Precision,
)


class CountScope(models.TextChoices):
    ALL = "all", _("all pairs")
    PROVINCE_STATE = "province_state", _("province–state pairs")
    CITY = "city", _("city pairs")


class OfficialCount(models.Model):
    """A total of pairs that an official body reported (CPAFFC, Sister Cities International, a
    head of state's message), with its date and source, so that visitors see the registry's count
    beside the latest official one. The registry cannot list what an official total counts: the
    official lists are not public."""

    reported_on = models.DateField(
        _("reported on"),
        help_text=_("When the count was stated (the meeting or statement, not the article's date)."),
    )
    reported_precision = models.CharField(
        _("precision"),
        max_length=6,
        choices=Precision,
        default=Precision.DAY,
        help_text=_("How much of the date the source gives: year, month or day."),
    )
    reported = PartialDateAttribute("reported_on", "reported_precision")
    scope = models.CharField(
        _("scope"),
        max_length=20,
        choices=CountScope,
        default=CountScope.ALL,
        help_text=_("What was counted: all pairs, or only province–state or only city pairs."),
    )
    count = models.PositiveIntegerField(_("count"), help_text=_("The number of pairs the source gives."))
    source_url = models.URLField(_("source"), max_length=500, help_text=_("The page that reports the count."))
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Shown to visitors: what the source says, quoted where possible, and its caveats."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official count")
        verbose_name_plural = _("official counts")
        ordering = ["reported_on", "scope", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=CountScope.values),
                name="%(app_label)s_%(class)s_scope_valid",
                violation_error_message=_("Unknown scope."),
            ),
            models.CheckConstraint(
                condition=Q(reported_precision__in=Precision.values),
                name="%(app_label)s_%(class)s_precision_valid",
                violation_error_message=_("The precision must be year, month or day."),
            ),
            models.UniqueConstraint(
                fields=["reported_on", "scope", "source_url"],
                name="%(app_label)s_%(class)s_once_per_source",
                violation_error_message=_("This source's count for this date and scope is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.count} ({self.get_scope_display()}, {self.reported})"
