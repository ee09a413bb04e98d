"""Partner-seeking profiles: a place's published wish for a sister in another country."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from multiselectfield import MultiSelectField
from simple_history.models import HistoricalRecords

from ..i18n import is_chinese
from ..models import ActivityCategory, Jurisdiction, Pairing, Versioned, choices_constraint


class SeekingStatus(models.TextChoices):
    OPEN = "open", _("open")
    MATCHED = "matched", _("matched")
    WITHDRAWN = "withdrawn", _("withdrawn")


class SeekingProfileQuerySet(models.QuerySet):
    def public(self):
        """Profiles visitors may see: published ones, whatever their status."""
        return self.filter(is_published=True)

    def open(self):
        return self.filter(status=SeekingStatus.OPEN)

    def wanting(self, country):
        """Profiles that name `country` among the countries wanted (stored as `CN,US`: two-letter
        codes between commas, so a substring test cannot match part of another code)."""
        return self.filter(wanted_countries__contains=str(country))

    def interested_in_any(self, categories):
        """Profiles with one of `categories` among their fields (stored as `trade,culture`): a
        value is matched whole, between commas, since `culture` is also part of `agriculture`."""
        condition = Q()
        for category in categories:
            condition |= (
                Q(interests=category)
                | Q(interests__startswith=f"{category},")
                | Q(interests__endswith=f",{category}")
                | Q(interests__contains=f",{category},")
            )
        return self.filter(condition) if categories else self.none()

    def for_listing(self):
        return self.select_related("place", "place__parent", "place__parent__parent")


class SeekingProfile(Versioned):
    """A place looking for a partner: the countries it wants one in, what it wants to do together,
    and how to reach it. Kept by association staff; a profile that found its partner links to the
    new pairing."""

    # Protected: a place that has told the registry it is seeking is reference data for it.
    place = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="seeking_profiles",
        verbose_name=_("place"),
        help_text=_("The place that is looking for a partner."),
    )
    wanted_countries = CountryField(
        _("countries wanted"),
        multiple=True,
        help_text=_("The countries the place wants a partner in."),
    )
    interests = MultiSelectField(
        _("fields of interest"),
        choices=ActivityCategory.choices,
        max_length=200,
        help_text=_("What the place wants to do with a partner (the activity categories)."),
    )
    profile_en = models.TextField(_("English profile"), help_text=_("A short profile, a few sentences."))
    profile_zh = models.TextField(_("Chinese profile"), blank=True)
    population = models.PositiveBigIntegerField(
        _("population"), null=True, blank=True, help_text=_("From an official count; give its date.")
    )
    population_as_of = models.DateField(_("population as of"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    area_as_of = models.DateField(_("area as of"), null=True, blank=True)
    homepage = models.URLField(_("homepage"), max_length=500, blank=True)
    contact = models.TextField(
        _("contact"),
        blank=True,
        help_text=_(
            "The office to write to (name, e-mail, telephone). Shown only if marked public; "
            "otherwise visitors are sent to the association."
        ),
    )
    contact_is_public = models.BooleanField(
        _("contact is public"),
        default=False,
        help_text=_("Tick only for an office's published contact, never a private person's."),
    )
    status = models.CharField(_("status"), max_length=10, choices=SeekingStatus, default=SeekingStatus.OPEN)
    # Set null: the pairing may be deleted by an administrator; the profile stays as history.
    matched_pairing = models.ForeignKey(
        Pairing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seeking_profiles",
        verbose_name=_("pairing found"),
        help_text=_("The pairing this profile led to."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public site.")
    )
    staff_notes = models.TextField(
        _("staff notes"), blank=True, help_text=_("Never shown on the public site.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("date modified"), auto_now=True)

    objects = SeekingProfileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner-seeking profile")
        verbose_name_plural = _("partner-seeking profiles")
        permissions = [("import_seekingprofile", _("Can import partner-seeking profiles from a spreadsheet"))]
        ordering = ["-modified_at", "-pk"]
        constraints = [
            choices_constraint("status", SeekingStatus),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_as_of__isnull=False),
                name="%(app_label)s_%(class)s_population_dated",
                violation_error_message=_("A population needs the date it was counted."),
            ),
            models.CheckConstraint(
                condition=Q(area_km2__isnull=True) | Q(area_as_of__isnull=False),
                name="%(app_label)s_%(class)s_area_dated",
                violation_error_message=_("An area needs its as-of date."),
            ),
            models.CheckConstraint(
                condition=Q(matched_pairing__isnull=True) | Q(status=SeekingStatus.MATCHED),
                name="%(app_label)s_%(class)s_pairing_only_when_matched",
                violation_error_message=_("Only a matched profile links to a pairing."),
            ),
        ]
        indexes = [models.Index(fields=["is_published", "status"])]

    def __str__(self):
        return f"{self.place.name_en} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("registry:seeking-detail", kwargs={"pk": self.pk})

    def local_profile(self):
        if is_chinese() and self.profile_zh:
            return self.profile_zh
        return self.profile_en

    def clean(self):
        errors = {}
        if self.population is not None and self.population_as_of is None:
            errors["population_as_of"] = _("A population needs the date it was counted.")
        if self.area_km2 is not None and self.area_as_of is None:
            errors["area_as_of"] = _("An area needs its as-of date.")
        if self.place_id and str(self.place.country) in [str(c) for c in self.wanted_countries]:
            errors["wanted_countries"] = _("A place seeks a partner in another country, not its own.")
        if self.matched_pairing_id:
            if self.status != SeekingStatus.MATCHED:
                errors["status"] = _("Only a matched profile links to a pairing.")
            elif self.place_id not in (self.matched_pairing.side_a_id, self.matched_pairing.side_b_id):
                errors["matched_pairing"] = _("The pairing must be one of this place's own.")
        if errors:
            raise ValidationError(errors)
