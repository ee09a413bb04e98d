"""Data-quality views for staff: list filters for what a record lacks (a date, a source, a
position, a Chinese name, a parent) or what looks like a duplicate, and the "needs attention"
panel on the admin index that counts each and links to the filtered list."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Jurisdiction, Level, Pairing

NONE = "none"


class LacksFilter(admin.SimpleListFilter):
    """Records lacking something: ?<parameter_name>=none. Subclasses set `condition`."""

    condition = Q()
    lacking_label = _("none")

    def lookups(self, request, model_admin):
        return [(NONE, self.lacking_label)]

    def queryset(self, request, queryset):
        if self.value() == NONE:
            return queryset.filter(self.condition)
        return queryset


class WithoutDateFilter(LacksFilter):
    title = _("establishment date")
    parameter_name = "established"
    condition = Q(established_on__isnull=True)
    lacking_label = _("without a date")


class WithoutSourceFilter(LacksFilter):
    title = _("sources")
    parameter_name = "sourced"
    condition = ~Exists(Pairing.sources.through.objects.filter(pairing=OuterRef("pk")))
    lacking_label = _("without a source")


class WithoutPositionFilter(LacksFilter):
    title = _("position")
    parameter_name = "position"
    condition = Q(latitude__isnull=True)
    lacking_label = _("without a position")


class WithoutChineseNameFilter(LacksFilter):
    title = _("Chinese name")
    parameter_name = "name_zh"
    condition = Q(name_zh="")
    lacking_label = _("without a Chinese name")


class WithoutParentFilter(LacksFilter):
    title = _("parent")
    parameter_name = "parent"
    # A province-level place has no parent by definition; a city or county should have one.
    condition = Q(parent__isnull=True) & ~Q(level=Level.PROVINCE)
    lacking_label = _("city or county without a parent")


def likely_duplicates(queryset=None):
    """Places sharing their English name (any case) with another place of the same country and
    level: "Wilmington" twice may be two places, or one recorded twice."""
    same_name = Jurisdiction.objects.filter(
        country=OuterRef("country"), level=OuterRef("level"), name_en__iexact=OuterRef("name_en")
    ).exclude(pk=OuterRef("pk"))
    return (queryset if queryset is not None else Jurisdiction.objects.all()).filter(Exists(same_name))


class LikelyDuplicateFilter(admin.SimpleListFilter):
    title = _("likely duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", _("same name, country and level as another place"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return likely_duplicates(queryset)
        return queryset


def needs_attention(user):
    """(label, count, changelist URL with the filter) for each check the user may view."""
    checks = []
    if user.has_perm("registry.view_pairing"):
        pairings = reverse("admin:registry_pairing_changelist")
        checks += [
            (
                _("pairs without a date"),
                Pairing.objects.filter(WithoutDateFilter.condition),
                f"{pairings}?established={NONE}",
            ),
            (
                _("pairs without a source"),
                Pairing.objects.filter(
                    ~Exists(Pairing.sources.through.objects.filter(pairing=OuterRef("pk")))
                ),
                f"{pairings}?sourced={NONE}",
            ),
        ]
    if user.has_perm("registry.view_jurisdiction"):
        places = reverse("admin:registry_jurisdiction_changelist")
        checks += [
            (
                _("places without a position"),
                Jurisdiction.objects.filter(WithoutPositionFilter.condition),
                f"{places}?position={NONE}",
            ),
            (
                _("places without a parent"),
                Jurisdiction.objects.filter(WithoutParentFilter.condition),
                f"{places}?parent={NONE}",
            ),
            (
                _("places without a Chinese name"),
                Jurisdiction.objects.filter(WithoutChineseNameFilter.condition),
                f"{places}?name_zh={NONE}",
            ),
            (_("likely duplicate places"), likely_duplicates(), f"{places}?duplicates=yes"),
        ]
    return [(label, queryset.count(), url) for label, queryset, url in checks]
