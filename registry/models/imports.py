"""A record of each spreadsheet import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import choices_constraint


class ImportKind(models.TextChoices):
    JURISDICTIONS = "jurisdictions", _("jurisdictions")
    PAIRINGS = "pairings", _("pairings")
    ACTIVITIES = "activities", _("exchange activities")
    SEEKING = "seeking", _("partner-seeking profiles")


class ImportRecord(models.Model):
    """One confirmed spreadsheet import: who imported which file when, and what it did. The
    history rows it wrote carry its number in their change reason, so its records can be listed."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind)
    filename = models.CharField(_("file name"), max_length=300)
    # Kept when the account goes: the record says who it was at the time through the history.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("blank rows skipped"), default=0)
    new_places = models.PositiveIntegerField(_("places created"), default=0)
    published = models.BooleanField(_("new records published"), default=False)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]
        constraints = [choices_constraint("kind", ImportKind)]

    def __str__(self):
        return f"#{self.pk} {self.filename}"

    @property
    def change_reason(self):
        """The change reason of the history rows this import writes (at most 100 characters)."""
        return f"{self.reason_prefix}{self.filename}"[:100]

    @property
    def reason_prefix(self):
        return f"import {self.kind} #{self.pk}: "
