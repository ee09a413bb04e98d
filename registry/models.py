"""The registry's nouns: places, the pairs they form, the history of each pair, what partners do
together, and where each fact comes from. README.md, "The model", describes each of them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .i18n import is_chinese
from .pair_rows import PairRow
from .partial_dates import (
    PartialDateAttribute,
    Precision,
    clean_partial_date,
    partial_date_constraints,
    partial_date_fields,
)

# --- Vocabularies -----------------------------------------------------------------------------


class Level(models.TextChoices):
    PROVINCE = "province", _("province level")
    CITY = "city", _("city level")
    COUNTY = "county", _("county level")


class Designation(models.TextChoices):
    """What a place is called in words; the level says where it sits."""

    PROVINCE = "province", _("Province")
    AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region")
    MUNICIPALITY = "municipality", _("Municipality")
    SAR = "sar", _("Special administrative region")
    STATE = "state", _("State")
    FEDERAL_DISTRICT = "federal_district", _("Federal district")
    TERRITORY = "territory", _("Territory")
    PREFECTURE_CITY = "prefecture_city", _("Prefecture-level city")
    CITY = "city", _("City")
    COUNTY_CITY = "county_city", _("County-level city")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    BOROUGH = "borough", _("Borough")
    ZONE = "zone", _("Special zone")
    OTHER = "other", _("Other")


# Province-level places that also take part in city pairs (Beijing, Shanghai, Tianjin, Chongqing,
# Washington, D.C.): they govern a city directly.
CITY_PAIR_PROVINCE_DESIGNATIONS = (Designation.MUNICIPALITY, Designation.FEDERAL_DISTRICT)


class PairingKind(models.TextChoices):
    PROVINCE_STATE = "province_state", _("province–state")
    CITY = "city", _("city")

    @classmethod
    def for_sides(cls, side_a, side_b):
        """The kind two places make: province–state when both are province level, except two
        municipalities/federal districts (Beijing–Washington, D.C.), which pair as cities."""
        if side_a.level != Level.PROVINCE or side_b.level != Level.PROVINCE:
            return cls.CITY
        if all(side.designation in CITY_PAIR_PROVINCE_DESIGNATIONS for side in (side_a, side_b)):
            return cls.CITY
        return cls.PROVINCE_STATE


class Tier(models.TextChoices):
    SISTER = "sister", _("sister")
    FRIENDSHIP = "friendship", _("friendship exchange")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")
    # No source confirms the current state: the registry never claims "active" without evidence.
    UNKNOWN = "unknown", _("unknown")


class Evidence(models.TextChoices):
    """How strongly the pair's existence is evidenced, by the best of its sources (the rule is in
    data/source/README.md)."""

    OFFICIAL = "official", _("Confirmed by an official source")
    NEWS = "news", _("Reported in the news")
    LIST = "list", _("Only on a list")


class MilestoneKind(models.TextChoices):
    INTENT_SIGNED = "intent_signed", _("letter of intent signed")
    APPROVED = "approved", _("approved")
    ESTABLISHED = "established", _("established")
    RENEWED = "renewed", _("renewed")
    SUSPENDED = "suspended", _("suspended")
    RESUMED = "resumed", _("resumed")
    ENDED = "ended", _("ended")


class ActivityCategory(models.TextChoices):
    TRADE = "trade", _("trade")
    INVESTMENT = "investment", _("investment")
    AGRICULTURE = "agriculture", _("agriculture")
    TOURISM = "tourism", _("tourism")
    SPORTS = "sports", _("sports")
    CULTURE = "culture", _("culture and arts")
    EDUCATION = "education", _("education and youth")
    SCIENCE = "science", _("science and technology")
    SMART_CITY = "smart_city", _("smart city and urban construction")
    ENVIRONMENT = "environment", _("environment and climate")
    HEALTH = "health", _("health")
    GOVERNMENT = "government", _("government delegation")
    PEOPLE = "people", _("people-to-people")
    OTHER = "other", _("other")


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


# --- Source -----------------------------------------------------------------------------------


class SourceManager(models.Manager):
    def get_by_natural_key(self, url):
        return self.get(url=url)


class Source(models.Model):
    """A public document a fact comes from: a web page, an article, an official list."""

    url = models.URLField(
        _("URL"),
        max_length=2000,
        unique=True,
        help_text=_("The address of the page actually read."),
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(
        _("publisher"), max_length=300, blank=True, help_text=_("Who published it, e.g. Xinhua.")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    accessed_on = models.DateField(
        _("accessed on"), null=True, blank=True, help_text=_("When the page was last read.")
    )

    objects = SourceManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["url"]

    def __str__(self):
        return self.title or self.url

    def natural_key(self):
        return (self.url,)


# --- Jurisdiction -----------------------------------------------------------------------------


class JurisdictionQuerySet(models.QuerySet):
    def public(self):
        """Places visitors may see: a side of a published pair, or the province/state or city that
        contains one (so a province page can list the city pairs inside it)."""
        published = Pairing.objects.public()
        conditions = Q()
        for side in ("side_a", "side_b"):
            for path in (side, f"{side}__parent", f"{side}__parent__parent"):
                conditions |= Q(Exists(published.filter(**{path: OuterRef("pk")})))
        return self.filter(conditions)

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


# --- Pairing ----------------------------------------------------------------------------------


class PairingQuerySet(models.QuerySet):
    def public(self):
        """Pairs visitors may see."""
        return self.filter(is_published=True)

    def for_listing(self):
        """The joins a list of pairs needs to show both sides with their provinces/states."""
        return self.select_related(
            "side_a",
            "side_a__parent",
            "side_a__parent__parent",
            "side_b",
            "side_b__parent",
            "side_b__parent__parent",
        )

    def for_table(self):
        """Only what the map page shows of each pair: what a table row shows (PairRow.FIELDS) and
        both places' slugs and coordinates. The map draws and lists every pair of its filter, and
        fetching both places' provinces and every column was a large part of its time."""
        return self.select_related("side_a", "side_b").only(
            *PairRow.FIELDS,
            # Read with the date by Pairing.established (a deferred field would cost a query a row).
            "established_approximate",
            *(
                f"{side}__{field}"
                for side in ("side_a", "side_b")
                for field in ("slug", "latitude", "longitude")
            ),
        )

    def involving(self, jurisdiction):
        return self.filter(Q(side_a=jurisdiction) | Q(side_b=jurisdiction))

    def in_region(self, jurisdiction):
        """Pairs with a side that is the place or lies in it (a city of a province, or a district
        of one of its cities); `jurisdiction` may be a place or its pk."""
        condition = Q()
        for side in ("side_a", "side_b"):
            for path in (side, f"{side}__parent", f"{side}__parent__parent"):
                condition |= Q(**{path: jurisdiction})
        return self.filter(condition)


class PairingManager(models.Manager.from_queryset(PairingQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Pairing(Versioned):
    """One sister relationship between exactly two places in different countries. A–B and B–A are
    the same pair: the database holds one row per unordered pair."""

    # Protected: a place with pairings is reference data for them and cannot be deleted.
    side_a = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="pairings_as_a",
        verbose_name=_("side A"),
    )
    side_b = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="pairings_as_b",
        verbose_name=_("side B"),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=250,
        unique=True,
        help_text=_("Stable identifier used in web addresses; do not change once published."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=PairingKind,
        help_text=_("Province–state pair or city pair; must match the levels of both sides."),
    )
    tier = models.CharField(
        _("tier"),
        max_length=20,
        choices=Tier,
        default=Tier.SISTER,
        help_text=_("Sister (友好城市/省州) or friendship exchange (友好交流关系)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.UNKNOWN,
        help_text=_(
            "Active only when a source shows recent activity; unknown when no source confirms the "
            "current state."
        ),
    )
    established_on, established_precision, established_approximate = partial_date_fields(
        _("established on"), help_text=_("As precise as the source allows.")
    )
    established_basis = models.CharField(
        _("basis of the date"),
        max_length=300,
        blank=True,
        help_text=_('What the date refers to, e.g. "agreement signed in Wuhan".'),
    )
    ended_on, ended_precision, ended_approximate = partial_date_fields(_("ended on"))
    evidence = models.CharField(
        _("evidence"),
        max_length=20,
        choices=Evidence,
        blank=True,
        help_text=_(
            "The strongest source for the pair: an official page (government, association or the "
            "agreement), a news report, or only a list such as Wikipedia. Blank: not assessed."
        ),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public site.")
    )
    public_note = models.TextField(
        _("public note"),
        blank=True,
        help_text=_("What the sources say, disagreements between them, caveats. Shown publicly."),
    )
    staff_notes = models.TextField(
        _("staff notes"), blank=True, help_text=_("Never shown on the public site.")
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="pairings", verbose_name=_("sources"))

    established = PartialDateAttribute("established_on", "established_precision", "established_approximate")
    ended = PartialDateAttribute("ended_on", "ended_precision", "ended_approximate")

    objects = PairingManager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        permissions = [("import_pairing", _("Can import pairings from a spreadsheet"))]
        ordering = [F("established_on").asc(nulls_last=True), "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(side_a=F("side_b")),
                name="%(app_label)s_%(class)s_not_self_paired",
                violation_error_message=_("A place cannot be paired with itself."),
            ),
            models.UniqueConstraint(
                Least("side_a", "side_b"),
                Greatest("side_a", "side_b"),
                name="%(app_label)s_%(class)s_unordered_pair_unique",
                violation_error_message=_("These two places are already paired (in one order or the other)."),
            ),
            choices_constraint("kind", PairingKind),
            choices_constraint("tier", Tier),
            choices_constraint("status", Status),
            models.CheckConstraint(
                condition=Q(evidence__in=[*Evidence.values, ""]),
                name="%(app_label)s_%(class)s_evidence_valid",
                violation_error_message=format_lazy(_("Unknown value for {field}."), field="evidence"),
            ),
            *partial_date_constraints("established_on", "established_precision"),
            *partial_date_constraints("ended_on", "ended_precision"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=F("established_on")),
                name="%(app_label)s_%(class)s_ended_after_established",
                violation_error_message=_("The end date is before the establishment date."),
            ),
        ]
        indexes = [models.Index(fields=["is_published", "kind", "status"])]

    def __str__(self):
        """Both sides in the page's language (English where a place has no Chinese name)."""
        return f"{self.side_a.local_name()} – {self.side_b.local_name()}"

    def get_absolute_url(self):
        return reverse("registry:pairing-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def sides(self):
        return (self.side_a, self.side_b)

    def other_side(self, jurisdiction):
        return self.side_b if jurisdiction.pk == self.side_a_id else self.side_a

    def clean(self):
        errors = {}
        for date_field, precision_field in (
            ("established_on", "established_precision"),
            ("ended_on", "ended_precision"),
        ):
            errors.update(clean_partial_date(self, date_field, precision_field))
        if self.side_a_id and self.side_b_id:
            errors.update(self._side_errors())
        if self.status == Status.ENDED and self.ended_on is None:
            errors.setdefault("ended_on", _("An ended pairing needs the date it ended (a year will do)."))
        if self.ended_on is not None and self.status != Status.ENDED:
            errors.setdefault("status", _("A pairing with an end date has the status ended."))
        if not errors and self.established_on and self.ended_on and self.ended_on < self.established_on:
            errors["ended_on"] = _("The end date is before the establishment date.")
        if errors:
            raise ValidationError(errors)

    def _side_errors(self):
        a, b = self.side_a, self.side_b
        if a.pk == b.pk:
            return {"side_b": _("A place cannot be paired with itself.")}
        if a.country == b.country:
            return {"side_b": _("The two sides must be in different countries.")}
        if self.kind == PairingKind.PROVINCE_STATE:
            if a.level != Level.PROVINCE or b.level != Level.PROVINCE:
                return {"kind": _("A province–state pair joins two province-level places.")}
        elif self.kind == PairingKind.CITY:
            for side in (a, b):
                if not side.takes_city_pairs:
                    return {
                        "kind": _(
                            "%(place)s is province level: only a municipality or federal district "
                            "(Beijing, Shanghai, Tianjin, Chongqing, Washington, D.C.) can be a side "
                            "of a city pair."
                        )
                        % {"place": side.name_en}
                    }
        return {}


# --- Milestone --------------------------------------------------------------------------------


class Milestone(models.Model):
    """A dated step in a pairing's life: intent signed, approved, established, renewed, suspended,
    resumed, ended."""

    # A milestone means nothing without its pairing, so it goes with it.
    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("pairing")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind)
    occurred_on, occurred_precision, occurred_approximate = partial_date_fields(_("date"))
    # Protected: the acting side is one of the pairing's places.
    acting_side = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting side"),
        help_text=_("Which side took this step, if one side did."),
    )
    description = models.TextField(_("description"), blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="milestones", verbose_name=_("sources"))

    occurred = PartialDateAttribute("occurred_on", "occurred_precision", "occurred_approximate")

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["pairing", "occurred_on", "pk"]
        constraints = [
            choices_constraint("kind", MilestoneKind),
            *partial_date_constraints("occurred_on", "occurred_precision"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred or ''}".strip()

    def clean(self):
        errors = clean_partial_date(self, "occurred_on", "occurred_precision")
        if (
            self.acting_side_id
            and self.pairing_id
            and self.acting_side_id not in (self.pairing.side_a_id, self.pairing.side_b_id)
        ):
            errors["acting_side"] = _("The acting side must be one of the pairing's two places.")
        if errors:
            raise ValidationError(errors)


# --- Exchange activity ------------------------------------------------------------------------


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


# --- Import record ----------------------------------------------------------------------------


class ImportKind(models.TextChoices):
    JURISDICTIONS = "jurisdictions", _("jurisdictions")
    PAIRINGS = "pairings", _("pairings")
    ACTIVITIES = "activities", _("exchange activities")


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


# --- Officially reported totals -----------------------------------------------------------------


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


# Partner seeking (registry/seeking/): its model belongs to this app and its migrations.
# The gazetteer's models live with the rest of the place authority (registry/places/).
from .places.models import GazetteerEntry, GazetteerSource, MatchOutcome, PlaceKey, PlaceMatch  # noqa: E402, F401
from .seeking.models import SeekingProfile, SeekingStatus  # noqa: E402, F401
