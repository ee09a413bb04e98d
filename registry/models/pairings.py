"""Pairs of places and the dated steps of their life."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..partial_dates import (
    PartialDateAttribute,
    clean_partial_date,
    partial_date_constraints,
    partial_date_fields,
)
from .base import Versioned, choices_constraint
from .choices import DateBasis, Evidence, Level, MilestoneKind, PairingKind, Status, Tier
from .places import Jurisdiction
from .sources import Source

# What a table of pairs shows of each pair, as `values()` paths; the pair list reads these into
# display rows (registry/pair_rows.py), the map reads them with the places' positions.
TABLE_FIELDS = (
    "slug",
    "kind",
    "tier",
    "status",
    "established_on",
    "established_precision",
    "side_a__name_en",
    "side_a__name_zh",
    "side_b__name_en",
    "side_b__name_zh",
)


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
        """Only what the map page shows of each pair: what a table row shows (TABLE_FIELDS) and
        both places' slugs and coordinates. The map draws and lists every pair of its filter, and
        fetching both places' provinces and every column was a large part of its time."""
        return self.select_related("side_a", "side_b").only(
            *TABLE_FIELDS,
            # Read with the date by Pairing.established (a deferred field would cost a query a row).
            "established_approximate",
            *(
                f"{side}__{field}"
                for side in ("side_a", "side_b")
                for field in ("slug", "latitude", "longitude")
            ),
        )

    def with_provinces(self):
        """Annotate `province_a` and `province_b`: the pk of the province-level place each side lies
        in (itself, its parent or its grandparent; a place recorded without one stands for itself),
        so that counting pairs per province or per pair of provinces is one GROUP BY."""
        return self.annotate(province_a=_side_province("side_a"), province_b=_side_province("side_b"))

    def involving(self, jurisdiction):
        return self.filter(Q(side_a=jurisdiction) | Q(side_b=jurisdiction))

    def in_region(self, jurisdiction):
        """Pairs with a side that is the place or lies in it (a city of a province, or a district
        of one of its cities); `jurisdiction` may be a place or its pk. The places of the region
        are found first (by the parent index), then the pairs by either side's index: one OR over
        the sides' grandparents made the database read every pair."""
        return self.with_side_in(Jurisdiction.objects.within(jurisdiction).values("pk"))

    def with_side_in_country(self, country):
        """Pairs with a place of `country` on either side: each side tested against one hashed
        list of the country's places, walking the list's order until the page is full (at
        100,000 pairs, 41 ms for the capped count instead of 160 ms with both sides' joins)."""
        places = Jurisdiction.objects.filter(country=country).values("pk")
        return self.filter(Q(side_a__in=places) | Q(side_b__in=places))

    def with_side_in(self, places):
        """Pairs with a side among `places` (a queryset of places' pks): the pairs by side A and
        those by side B, each by its side's index, as one UNION. (An OR of the two made the
        database test every pair against both lists.)"""
        by_side = [
            Pairing.objects.filter(**{f"{side}__in": places}).order_by().values("pk")
            for side in ("side_a", "side_b")
        ]
        return self.filter(pk__in=by_side[0].union(by_side[1]))


def _side_province(side):
    return models.Case(
        models.When(**{f"{side}__level": Level.PROVINCE}, then=F(f"{side}_id")),
        models.When(**{f"{side}__parent__level": Level.PROVINCE}, then=F(f"{side}__parent_id")),
        models.When(
            **{f"{side}__parent__parent__level": Level.PROVINCE}, then=F(f"{side}__parent__parent_id")
        ),
        default=F(f"{side}_id"),
    )


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
            "current state. Suspended and ended follow from the pair's milestones: record a "
            "suspension, resumption or end as a milestone with its date and source."
        ),
    )
    established_on, established_precision, established_approximate = partial_date_fields(
        _("established on"), help_text=_("As precise as the source allows.")
    )
    established_basis = models.CharField(
        _("basis of the date"),
        # Was free text before the fixed vocabulary; the width stays so old history rows fit.
        max_length=300,
        choices=DateBasis,
        blank=True,
        help_text=_("What happened on the establishment date, as its source says. Blank: not known."),
    )
    # Derived from the pair's "ended" milestone (registry/lifecycle.py), never typed.
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
                condition=Q(established_basis__in=[*DateBasis.values, ""]),
                name="%(app_label)s_%(class)s_established_basis_valid",
                violation_error_message=format_lazy(
                    _("Unknown value for {field}."), field="established_basis"
                ),
            ),
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
        indexes = [
            models.Index(fields=["is_published", "kind", "status"]),
            # The default order of the pair list and the admin list (and the decade filter's
            # first and last year): ascending puts NULLs last on PostgreSQL, as the order asks.
            models.Index(fields=["established_on", "slug"], name="pairing_established_idx"),
        ]

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


# Steps that change a pair's standing: they need a date, since the latest one decides.
DATED_KINDS = (
    MilestoneKind.RENEWED,
    MilestoneKind.RECLASSIFIED,
    MilestoneKind.SUSPENDED,
    MilestoneKind.RESUMED,
    MilestoneKind.ENDED,
)


# --- Milestone --------------------------------------------------------------------------------


class Milestone(models.Model):
    """A dated step in a pairing's life: intent signed, approved, established, renewed,
    reclassified, suspended, resumed, ended. The pairing's status, tier and end date follow from
    its milestones (registry/lifecycle.py)."""

    # A milestone means nothing without its pairing, so it goes with it.
    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("pairing")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind)
    occurred_on, occurred_precision, occurred_approximate = partial_date_fields(_("date"))
    basis = models.CharField(
        _("basis of the date"),
        max_length=30,
        choices=DateBasis,
        blank=True,
        help_text=_("What happened on this date, as the source says. Blank: not known."),
    )
    tier = models.CharField(
        _("new tier"),
        max_length=20,
        choices=Tier,
        blank=True,
        help_text=_("For a reclassification only: the tier the pair has from this date."),
    )
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
            models.CheckConstraint(
                condition=Q(basis__in=[*DateBasis.values, ""]),
                name="%(app_label)s_%(class)s_basis_valid",
                violation_error_message=format_lazy(_("Unknown value for {field}."), field="basis"),
            ),
            models.CheckConstraint(
                condition=Q(kind=MilestoneKind.RECLASSIFIED, tier__in=Tier.values)
                | (~Q(kind=MilestoneKind.RECLASSIFIED) & Q(tier="")),
                name="%(app_label)s_%(class)s_tier_only_for_reclassification",
                violation_error_message=_("A reclassification, and only a reclassification, has a new tier."),
            ),
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
        if self.kind == MilestoneKind.RECLASSIFIED and not self.tier:
            errors.setdefault("tier", _("Choose the tier the pair was reclassified to."))
        if self.kind != MilestoneKind.RECLASSIFIED and self.tier:
            errors.setdefault("tier", _("Only a reclassification has a new tier: leave it blank."))
        if self.kind in DATED_KINDS and not self.occurred_on and "occurred_on" not in errors:
            errors["occurred_on"] = _(
                "A renewal, reclassification, suspension, resumption or end needs its date (a year "
                "will do): the pair's status and tier follow the latest one."
            )
        pairing = self.pairing if self.pairing_id else None
        if (
            pairing is not None
            and self.kind in DATED_KINDS
            and self.occurred_on
            and pairing.established_on
            and self.occurred_on < pairing.established_on
            and not errors
        ):
            errors["occurred_on"] = _("This step is dated before the pair was established (%(date)s).") % {
                "date": pairing.established
            }
        if errors:
            raise ValidationError(errors)
