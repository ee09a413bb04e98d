"""What partners do together."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..i18n import is_chinese
from ..partial_dates import (
    PartialDateAttribute,
    clean_partial_date,
    partial_date_constraints,
    partial_date_fields,
)
from .base import Versioned, choices_constraint
from .choices import ActivityCategory
from .pairings import Pairing
from .places import Jurisdiction
from .sources import Source


class ExchangeActivityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)

    def with_public_pairings(self):
        """Each activity with the published pairs it belongs to, in `public_pairings` (by slug),
        fetched in one more query."""
        return self.prefetch_related(
            models.Prefetch(
                "pairings",
                queryset=Pairing.objects.public().for_listing().order_by("slug"),
                to_attr="public_pairings",
            )
        )


class ExchangeActivity(Versioned):
    """Something partners did together: a trade mission, a sports exchange, a dialogue. A
    multilateral event links many pairings."""

    pairings = models.ManyToManyField(
        Pairing, related_name="activities", verbose_name=_("pairings"), blank=True
    )
    category = models.CharField(_("category"), max_length=20, choices=ActivityCategory)
    title_en = models.CharField(_("English title"), max_length=300)
    title_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    starts_on, starts_precision, starts_approximate = partial_date_fields(_("starts on"))
    ends_on, ends_precision, ends_approximate = partial_date_fields(_("ends on"))
    # Protected: the host is a place in the registry.
    host = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_activities",
        verbose_name=_("host"),
        help_text=_("The place that hosted it; blank for an online or joint event."),
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_('Where it happened, e.g. "online".')
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    value_amount = models.DecimalField(
        _("monetary value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value_currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("An ISO 4217 code such as USD or CNY."))],
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="activities", verbose_name=_("sources"))
    is_published = models.BooleanField(_("published"), default=False)

    starts = PartialDateAttribute("starts_on", "starts_precision", "starts_approximate")
    ends = PartialDateAttribute("ends_on", "ends_precision", "ends_approximate")

    objects = ExchangeActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[pairings, sources])

    class Meta:
        verbose_name = _("exchange activity")
        verbose_name_plural = _("exchange activities")
        permissions = [("import_exchangeactivity", _("Can import exchange activities from a spreadsheet"))]
        ordering = ["-starts_on", "pk"]
        # The default order of the activity lists (and the decade filter's first and last year).
        indexes = [
            models.Index(F("starts_on").desc(), F("id"), name="activity_starts_idx"),
            models.Index(F("category"), F("starts_on").desc(), F("id"), name="activity_category_starts_idx"),
        ]
        constraints = [
            choices_constraint("category", ActivityCategory),
            *partial_date_constraints("starts_on", "starts_precision"),
            *partial_date_constraints("ends_on", "ends_precision"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_starts",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True) | ~Q(value_currency=""),
                name="%(app_label)s_%(class)s_value_has_currency",
                violation_error_message=_("A monetary value needs its currency."),
            ),
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("registry:activity-detail", kwargs={"pk": self.pk})

    def local_title(self):
        if is_chinese() and self.title_zh:
            return self.title_zh
        return self.title_en

    def clean(self):
        errors = {}
        errors.update(clean_partial_date(self, "starts_on", "starts_precision"))
        errors.update(clean_partial_date(self, "ends_on", "ends_precision"))
        if self.value_amount is not None and not self.value_currency:
            errors["value_currency"] = _("A monetary value needs its currency.")
        if not errors and self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)
