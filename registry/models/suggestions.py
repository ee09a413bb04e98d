"""What the public sends: a missing pair or a correction, with the page that shows it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .base import choices_constraint
from .pairings import Pairing
from .places import Jurisdiction


class SuggestionKind(models.TextChoices):
    NEW_PAIR = "new_pair", _("a missing pair")
    CORRECTION = "correction", _("a correction")


class SuggestionStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("suggestion status", "new")
    ACCEPTED = "accepted", pgettext_lazy("suggestion status", "accepted")
    REJECTED = "rejected", pgettext_lazy("suggestion status", "rejected")


class Suggestion(models.Model):
    """A visitor's suggestion, waiting for staff. It never changes the registry by itself: an
    editor turns it into an unpublished pair, or opens the pair it corrects (registry/suggestions/)."""

    kind = models.CharField(_("kind"), max_length=20, choices=SuggestionKind, default=SuggestionKind.NEW_PAIR)
    place_a = models.CharField(_("first place"), max_length=200, blank=True)
    place_b = models.CharField(_("second place"), max_length=200, blank=True)
    pairing = models.ForeignKey(
        Pairing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("pair"),
        help_text=_("The pair a correction is about; for a missing pair, the pair made from it."),
    )
    message = models.TextField(_("what is missing or wrong"))
    source_url = models.URLField(_("source"), max_length=500)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Given by the visitor for questions; never shown publicly."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus, default=SuggestionStatus.NEW
    )
    side_a = models.ForeignKey(
        Jurisdiction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("side A in the registry"),
        help_text=_("The registry's place for the first place named; pick it to create the pair."),
    )
    side_b = models.ForeignKey(
        Jurisdiction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("side B in the registry"),
        help_text=_("The registry's place for the second place named."),
    )
    review_note = models.TextField(_("review note"), blank=True, help_text=_("For staff only."))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-received_at", "-pk"]
        constraints = [
            choices_constraint("kind", SuggestionKind),
            choices_constraint("status", SuggestionStatus),
        ]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self):
        if self.kind == SuggestionKind.CORRECTION and self.pairing_id:
            return f"{self.get_kind_display()}: {self.pairing}"
        return f"{self.get_kind_display()}: {self.place_a} – {self.place_b}"
