"""The staff side: every model searchable, filterable and kept with its history."""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from .admin_dates import PartialDateFormField, PartialDateFormMixin
from .admin_i18n import LabelledHistoryMixin
from .admin_imports import ImportFilter
from .admin_quality import (
    LikelyDuplicateFilter,
    WithoutChineseNameFilter,
    WithoutDateFilter,
    WithoutParentFilter,
    WithoutPositionFilter,
    WithoutSourceFilter,
)
from .admin_spreadsheets import SpreadsheetAdminMixin
from .concurrency import VersionedAdminForm, VersionedAdminMixin
from .models import ExchangeActivity, Jurisdiction, Milestone, Pairing, PairingKind, Source
from .page_cache import invalidate_public_pages
from .services import attach_sources, source_urls_from_text, sync_established_milestones, unique_pairing_slug

admin.site.site_header = _("Sister-pairs registry")
admin.site.site_title = _("Sister-pairs registry")
admin.site.index_title = _("Registry administration")

JURISDICTION_SEARCH = ["name_en", "name_zh", "name_local", "aliases", "iso_3166_2", "slug"]


# Between the two sides of a pair's label: an en or em dash, or a hyphen with spaces around it
# (a bare hyphen is part of names such as Wilkes-Barre).
PAIR_LABEL_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+-\s+")


def side_matches(text):
    """Places whose name (either language), alias or code contains `text`."""
    condition = Q()
    for field in JURISDICTION_SEARCH:
        condition |= Q(**{f"{field}__icontains": text.strip()})
    return Jurisdiction.objects.filter(condition).values("pk")


def side_search_fields(prefix):
    return [f"{prefix}__{field}" for field in JURISDICTION_SEARCH]


# --- Filters ----------------------------------------------------------------------------------


class DecadeFilter(admin.SimpleListFilter):
    """Decade of establishment (1970s, 1980s…), from the data present."""

    title = _("decade established")
    parameter_name = "decade"
    date_field = "established_on"

    def lookups(self, request, model_admin):
        dates = model_admin.get_queryset(request).dates(self.date_field, "year")
        decades = sorted({d.year // 10 * 10 for d in dates})
        return [*((str(decade), f"{decade}s") for decade in decades), ("unknown", _("unknown"))]

    def queryset(self, request, queryset):
        if self.value() == "unknown":
            return queryset.filter(**{f"{self.date_field}__isnull": True})
        if self.value() and self.value().isdigit():
            start = int(self.value())
            return queryset.filter(
                **{
                    f"{self.date_field}__year__gte": start,
                    f"{self.date_field}__year__lt": start + 10,
                }
            )
        return queryset


class ActivityDecadeFilter(DecadeFilter):
    title = _("decade")
    date_field = "starts_on"


class EitherSideCountryFilter(admin.SimpleListFilter):
    """Pairs with a place in this country on either side."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        used = set(Jurisdiction.objects.values_list("country", flat=True).distinct())
        # COUNTRIES_FIRST_REPEAT lists China and the US twice in `countries`: keep each once.
        return list({code: name for code, name in countries if code in used}.items())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(side_a__country=self.value()) | Q(side_b__country=self.value()))
        return queryset


class CountryFilter(EitherSideCountryFilter):
    """Places in this country."""

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


# --- Actions ----------------------------------------------------------------------------------


def set_published(modeladmin, request, queryset, published):
    """Publish or unpublish in one statement, with a history row per changed record."""
    changed = [obj for obj in queryset if obj.is_published != published]
    for obj in changed:
        obj.is_published = published
    bulk_update_with_history(
        changed,
        queryset.model,
        ["is_published"],
        default_user=request.user,
        default_change_reason="publish" if published else "unpublish",
    )
    invalidate_public_pages()  # bulk_update sends no signals
    modeladmin.message_user(
        request,
        ngettext("%(count)d record changed.", "%(count)d records changed.", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )


@admin.action(description=_("Publish selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    set_published(modeladmin, request, queryset, True)


@admin.action(description=_("Unpublish selected records"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    set_published(modeladmin, request, queryset, False)


# --- Inlines ----------------------------------------------------------------------------------


class MilestoneForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = ["occurred"]
    occurred = PartialDateFormField()

    class Meta:
        model = Milestone
        fields = ["pairing", "kind", "acting_side", "description", "sources"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneForm
    extra = 0
    fields = ["kind", "occurred", "acting_side", "description", "sources"]

    class Media:
        css = {"all": ["registry/admin.css"]}

    autocomplete_fields = ["acting_side", "sources"]


class PairingSourceInline(admin.TabularInline):
    model = Pairing.sources.through
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


class PairingActivityInline(admin.TabularInline):
    model = ExchangeActivity.pairings.through
    extra = 0
    autocomplete_fields = ["exchangeactivity"]
    verbose_name = _("exchange activity")
    verbose_name_plural = _("exchange activities")


# --- Model admins -----------------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(LabelledHistoryMixin, SimpleHistoryAdmin):
    # A URL typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "publisher", "published_on", "accessed_on"]
    search_fields = ["url", "title", "publisher"]
    list_filter = ["publisher"]
    date_hierarchy = "published_on"


@admin.register(Jurisdiction)
class JurisdictionAdmin(SpreadsheetAdminMixin, VersionedAdminMixin, LabelledHistoryMixin, SimpleHistoryAdmin):
    spreadsheet_kind = "jurisdictions"
    list_display = ["name_en", "name_zh", "country", "level", "designation", "parent", "iso_3166_2"]
    list_filter = [
        CountryFilter,
        "level",
        "designation",
        WithoutPositionFilter,
        WithoutChineseNameFilter,
        WithoutParentFilter,
        LikelyDuplicateFilter,
        ImportFilter,
    ]
    list_select_related = ["parent", "parent__parent"]
    search_fields = JURISDICTION_SEARCH
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["country", "name_en"]}
    fieldsets = [
        (None, {"fields": ["country", "level", "designation", "parent"]}),
        (_("Names"), {"fields": ["name_en", "name_zh", "name_local", "aliases", "slug"]}),
        (
            _("Identifiers"),
            {"fields": ["iso_3166_2", "wikidata_qid", "geonames_id", "gbt2260_code"]},
        ),
        (_("Location"), {"fields": ["latitude", "longitude", "coordinates_source"]}),
        (_("Staff only"), {"fields": ["staff_notes"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete widgets show __str__, which names the parent: join it once.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("parent", "parent__parent"), may_have_duplicates


class PairingAdminForm(PartialDateFormMixin, VersionedAdminForm):
    partial_dates = ["established", "ended"]
    established = PartialDateFormField()
    ended = PartialDateFormField()
    source_urls = forms.CharField(
        label=_("Add sources by address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Paste web addresses, one per line: a source already in the registry is reused, a new "
            "one is created with its site as publisher."
        ),
    )

    class Meta:
        model = Pairing
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # absent from a viewer's read-only form
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave blank to make one from the two names.")

    def clean(self):
        cleaned = super().clean()
        side_a, side_b = cleaned.get("side_a"), cleaned.get("side_b")
        if not cleaned.get("slug") and side_a and side_b:
            cleaned["slug"] = unique_pairing_slug(side_a, side_b, exclude_pk=self.instance.pk)
            self.instance.slug = cleaned["slug"]
        if side_a and side_b:
            # Not chosen by hand: the two sides say which kind of pair they make.
            self.instance.kind = PairingKind.for_sides(side_a, side_b)
        return cleaned

    def clean_source_urls(self):
        try:
            return source_urls_from_text(self.cleaned_data["source_urls"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


@admin.register(Pairing)
class PairingAdmin(SpreadsheetAdminMixin, VersionedAdminMixin, LabelledHistoryMixin, SimpleHistoryAdmin):
    spreadsheet_kind = "pairings"
    form = PairingAdminForm
    list_display = ["__str__", "kind", "tier", "status", "established", "is_published"]
    list_filter = [
        EitherSideCountryFilter,
        "kind",
        "tier",
        "status",
        DecadeFilter,
        "is_published",
        WithoutDateFilter,
        WithoutSourceFilter,
        ImportFilter,
    ]
    list_select_related = ["side_a", "side_b"]
    search_fields = ["slug", *side_search_fields("side_a"), *side_search_fields("side_b")]
    autocomplete_fields = ["side_a", "side_b"]
    actions = [publish, unpublish]
    inlines = [MilestoneInline, PairingActivityInline, PairingSourceInline]
    fieldsets = [
        (None, {"fields": ["side_a", "side_b", "slug", "kind", "tier", "status", "is_published"]}),
        (_("Sources"), {"fields": ["source_urls"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "established",
                    "established_basis",
                    "ended",
                ]
            },
        ),
        (_("Notes"), {"fields": ["public_note", "staff_notes"]}),
    ]

    @admin.display(description=_("established"), ordering="established_on")
    def established(self, obj):
        return obj.established or "–"

    readonly_fields = ["kind"]

    def get_search_results(self, request, queryset, search_term):
        # A pair's label as shown ("Changzhou – Dayton", "常州 – 代顿"): each side, in either order.
        sides = PAIR_LABEL_SEPARATOR.split(search_term.strip(), maxsplit=1)
        if len(sides) == 2 and all(sides):
            first, second = (side_matches(side) for side in sides)
            matches = (Q(side_a__in=first) & Q(side_b__in=second)) | (
                Q(side_a__in=second) & Q(side_b__in=first)
            )
            return queryset.filter(matches).select_related("side_a", "side_b"), False
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("side_a", "side_b"), may_have_duplicates

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        attach_sources(form.instance, form.cleaned_data.get("source_urls") or [], user=request.user)
        # After the inlines: the pairing's date wins over an "established" milestone edited inline.
        sync_established_milestones([form.instance], user=request.user, reason="established date")


@admin.register(Milestone)
class MilestoneAdmin(LabelledHistoryMixin, SimpleHistoryAdmin):
    list_display = ["pairing", "kind", "occurred", "acting_side"]
    list_filter = ["kind"]
    list_select_related = ["pairing__side_a", "pairing__side_b", "acting_side__parent__parent"]
    search_fields = side_search_fields("pairing__side_a") + side_search_fields("pairing__side_b")
    autocomplete_fields = ["pairing", "acting_side", "sources"]
    form = MilestoneForm
    fields = ["pairing", "kind", "occurred", "acting_side", "description", "sources"]

    @admin.display(description=_("date"), ordering="occurred_on")
    def occurred(self, obj):
        return obj.occurred or "–"


class ExchangeActivityAdminForm(PartialDateFormMixin, VersionedAdminForm):
    partial_dates = ["starts", "ends"]
    starts = PartialDateFormField()
    ends = PartialDateFormField()

    class Meta:
        model = ExchangeActivity
        fields = "__all__"


@admin.register(ExchangeActivity)
class ExchangeActivityAdmin(
    SpreadsheetAdminMixin, VersionedAdminMixin, LabelledHistoryMixin, SimpleHistoryAdmin
):
    spreadsheet_kind = "activities"
    list_display = ["title_en", "title_zh", "category", "starts", "host", "is_published"]
    list_filter = ["category", ActivityDecadeFilter, "is_published", ImportFilter]
    list_select_related = ["host__parent__parent"]
    search_fields = ["title_en", "title_zh", "description_en", "description_zh", "place"]
    autocomplete_fields = ["pairings", "sources", "host"]
    actions = [publish, unpublish]
    form = ExchangeActivityAdminForm
    fieldsets = [
        (None, {"fields": ["category", "title_en", "title_zh", "is_published"]}),
        (_("Description"), {"fields": ["description_en", "description_zh"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("starts", "ends"),
                    "host",
                    "place",
                ]
            },
        ),
        (_("Scale"), {"fields": ["participants", ("value_amount", "value_currency")]}),
        (_("Links"), {"fields": ["pairings", "sources"]}),
    ]

    @admin.display(description=_("starts"), ordering="starts_on")
    def starts(self, obj):
        return obj.starts or "–"
