"""Places: countries' provinces/states, cities, counties and districts."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .base import BilingualNameMixin, Versioned, choices_constraint
from .choices import CITY_PAIR_PROVINCE_DESIGNATIONS, Designation, Level


def place_pks(places):
    """The pks of `places`: a place, a pk, or a list (tuple, set) of pks."""
    return places if isinstance(places, list | tuple | set) else [getattr(places, "pk", places)]


class JurisdictionQuerySet(models.QuerySet):
    def public(self):
        """Places visitors may see: a side of a published pair, or the province/state or city that
        contains one (so a province page can list the city pairs inside it). Found from the sides
        of published pairs upwards (three small subqueries), not by asking of every place whether
        a published pair lies below it."""
        from .pairings import Pairing  # pairings import this module for their sides

        published = Pairing.objects.public()
        sides = Jurisdiction.objects.filter(
            Q(pk__in=published.values("side_a")) | Q(pk__in=published.values("side_b"))
        )
        return self.filter(
            Q(pk__in=sides.values("pk"))
            | Q(pk__in=sides.values("parent"))
            | Q(pk__in=sides.values("parent__parent"))
        )

    def paired_or_parent_of_paired(self):
        """The places that are a side of a published pair or contain one a level down (a city
        whose district is paired), asked place by place, each by a side's index: cheap for a few
        places, such as a province's cities, where public() lists every public place in the
        registry."""
        from .pairings import Pairing

        published = Pairing.objects.public()
        sides = Jurisdiction.objects.filter(parent=OuterRef(OuterRef("pk"))).values("pk")
        conditions = Q()
        for side in ("side_a", "side_b"):
            conditions |= Q(Exists(published.filter(**{side: OuterRef("pk")})))
            conditions |= Q(Exists(published.filter(**{f"{side}__in": sides})))
        return self.filter(conditions)

    def within(self, places):
        """The places and every place inside them (their cities, the cities' districts), by the
        indexed parent column; `places` is a place, a pk, or a list of pks."""
        pks = place_pks(places)
        # A UNION of three index lookups; an OR over the parent's parent joined every place.
        level = Jurisdiction.objects.order_by().values("pk")
        children = level.filter(parent__in=pks)
        return self.filter(pk__in=level.filter(pk__in=pks).union(children, level.filter(parent__in=children)))

    def with_parents(self):
        """The joins that showing a place with its province/state need."""
        return self.select_related("parent", "parent__parent")


class JurisdictionManager(models.Manager.from_queryset(JurisdictionQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Jurisdiction(BilingualNameMixin, Versioned):
    """A governed place that can be paired: a province, state, municipality, city, county or
    district. A city's parent is its province or state; a district's parent is its city."""

    country = CountryField(_("country"))
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level,
        help_text=_(
            "Province level (province, autonomous region, municipality, state, federal district), "
            "city level, or county level (county, district, county-level city)."
        ),
    )
    designation = models.CharField(
        _("designation"),
        max_length=20,
        choices=Designation,
        help_text=_("What the place is, in words: Municipality, State, Prefecture-level city…"),
    )
    # Protected: deleting a province must not silently take its cities with it.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_("The province or state a city is in (or the city a district is in)."),
    )
    name_en = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    name_local = models.CharField(
        _("local name"),
        max_length=200,
        blank=True,
        help_text=_("The name in the place's own language, if neither English nor Chinese."),
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Other spellings, one per line (e.g. Saint Louis, traditional characters); "
            "used for search and for matching spreadsheet rows."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Stable identifier used in web addresses; do not change once published."),
    )
    iso_3166_2 = models.CharField(
        _("ISO 3166-2 code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", _("Use a code like CN-HB or US-OH."))],
        help_text=_("Current code of a province-level place, e.g. CN-HB, US-OH."),
    )
    wikidata_qid = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", _("Use an identifier like Q1397."))],
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames ID"), null=True, blank=True)
    gbt2260_code = models.CharField(
        _("GB/T 2260 code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("Six digits, e.g. 420000."))],
        help_text=_("Chinese administrative division code."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinates_source = models.CharField(
        _("coordinates source"),
        max_length=300,
        blank=True,
        help_text=_("Where the coordinates come from. Leave coordinates blank rather than guess."),
    )
    staff_notes = models.TextField(
        _("staff notes"), blank=True, help_text=_("Never shown on the public site.")
    )

    objects = JurisdictionManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        permissions = [("import_jurisdiction", _("Can import jurisdictions from a spreadsheet"))]
        ordering = ["country", "name_en", "slug"]
        constraints = [
            choices_constraint("level", Level),
            choices_constraint("designation", Designation),
            models.UniqueConstraint(
                fields=["iso_3166_2"],
                condition=~Q(iso_3166_2=""),
                name="%(app_label)s_%(class)s_iso_3166_2_unique",
                violation_error_message=_("Another place already has this ISO 3166-2 code."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("A place cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    # Spelled out: a NULL in a range test would make the check pass.
                    Q(latitude__isnull=False, latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__isnull=False, longitude__gte=-180, longitude__lte=180)
                ),
                name="%(app_label)s_%(class)s_coordinates_valid",
                violation_error_message=_(
                    "Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."
                ),
            ),
        ]
        indexes = [models.Index(fields=["country", "level"])]

    def __str__(self):
        """The name in the page's language with the other beside it, and the province/state:
        "Wuhan (武汉), Hubei", or on a Chinese page "武汉 (Wuhan), 湖北"."""
        name, other = self.local_name(), self.other_name()
        if other:
            name = f"{name} ({other})"
        if self.parent_id and self.level != Level.PROVINCE:
            return f"{name}, {self.parent.local_name()}"
        return name

    def get_absolute_url(self):
        return reverse("registry:jurisdiction-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def takes_city_pairs(self):
        """Cities, counties, and the municipalities/federal districts that govern a city."""
        return self.level != Level.PROVINCE or self.designation in CITY_PAIR_PROVINCE_DESIGNATIONS

    def province(self):
        """The province-level place this place is in (itself if province level), or None."""
        place = self
        while place is not None and place.level != Level.PROVINCE:
            place = place.parent
        return place

    def clean(self):
        errors = {}
        if self.parent_id:
            if self.parent.country != self.country:
                errors["parent"] = _("The parent must be in the same country.")
            elif self.level == Level.PROVINCE:
                errors["parent"] = _("A province-level place has no parent.")
            elif self.level == Level.CITY and self.parent.level != Level.PROVINCE:
                errors["parent"] = _("A city's parent must be a province or state.")
            elif self.level == Level.COUNTY and self.parent.level == Level.COUNTY:
                errors["parent"] = _("A county's parent must be a city or a province/state.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.iso_3166_2 and not self.iso_3166_2.startswith(f"{self.country}-"):
            errors["iso_3166_2"] = _("The code must start with the country code, e.g. CN-.")
        if errors:
            raise ValidationError(errors)
