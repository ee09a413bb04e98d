"""The staff side: every model searchable, filterable and kept with its history."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from .admin_spreadsheets import SpreadsheetAdminMixin
from .concurrency import VersionedAdminForm, VersionedAdminMixin
from .models import ExchangeActivity, Jurisdiction, Milestone, Pairing, Source
from .page_cache import invalidate_public_pages
from .services import sync_established_milestones, unique_pairing_slug

admin.site.site_header = _("Sister-pairs registry")
admin.site.site_title = _("Sister-pairs registry")
admin.site.index_title = _("Registry administration")

JURISDICTION_SEARCH = ["name_en", "name_zh", "name_local", "aliases", "iso_3166_2", "slug"]


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
        return [(str(decade), f"{decade}s") for decade in decades]

    def queryset(self, request, queryset):
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


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["kind", "occurred_on", "occurred_precision", "acting_side", "description", "sources"]
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
class SourceAdmin(SimpleHistoryAdmin):
    # A URL typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "publisher", "published_on", "accessed_on"]
    search_fields = ["url", "title", "publisher"]
    list_filter = ["publisher"]
    date_hierarchy = "published_on"


@admin.register(Jurisdiction)
class JurisdictionAdmin(SpreadsheetAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    spreadsheet_kind = "jurisdictions"
    list_display = ["name_en", "name_zh", "country", "level", "designation", "parent", "iso_3166_2"]
    list_filter = [CountryFilter, "level", "designation"]
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


class PairingAdminForm(VersionedAdminForm):
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
        return cleaned


@admin.register(Pairing)
class PairingAdmin(SpreadsheetAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    spreadsheet_kind = "pairings"
    form = PairingAdminForm
    list_display = ["__str__", "kind", "tier", "status", "established", "is_published"]
    list_filter = [EitherSideCountryFilter, "kind", "tier", "status", DecadeFilter, "is_published"]
    list_select_related = ["side_a", "side_b"]
    search_fields = ["slug", *side_search_fields("side_a"), *side_search_fields("side_b")]
    autocomplete_fields = ["side_a", "side_b"]
    actions = [publish, unpublish]
    inlines = [MilestoneInline, PairingActivityInline, PairingSourceInline]
    fieldsets = [
        (None, {"fields": ["side_a", "side_b", "slug", "kind", "tier", "status", "is_published"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("established_on", "established_precision"),
                    "established_basis",
                    ("ended_on", "ended_precision"),
                ]
            },
        ),
        (_("Notes"), {"fields": ["public_note", "staff_notes"]}),
    ]

    @admin.display(description=_("established"), ordering="established_on")
    def established(self, obj):
        return obj.established or "–"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("side_a", "side_b"), may_have_duplicates

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: the pairing's date wins over an "established" milestone edited inline.
        sync_established_milestones([form.instance], user=request.user, reason="established date")


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["pairing", "kind", "occurred", "acting_side"]
    list_filter = ["kind"]
    list_select_related = ["pairing__side_a", "pairing__side_b", "acting_side__parent__parent"]
    search_fields = side_search_fields("pairing__side_a") + side_search_fields("pairing__side_b")
    autocomplete_fields = ["pairing", "acting_side", "sources"]

    @admin.display(description=_("date"), ordering="occurred_on")
    def occurred(self, obj):
        return obj.occurred or "–"


@admin.register(ExchangeActivity)
class ExchangeActivityAdmin(SpreadsheetAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    spreadsheet_kind = "activities"
    list_display = ["title_en", "title_zh", "category", "starts", "host", "is_published"]
    list_filter = ["category", ActivityDecadeFilter, "is_published"]
    list_select_related = ["host__parent__parent"]
    search_fields = ["title_en", "title_zh", "description_en", "description_zh", "place"]
    autocomplete_fields = ["pairings", "sources", "host"]
    actions = [publish, unpublish]
    fieldsets = [
        (None, {"fields": ["category", "title_en", "title_zh", "is_published"]}),
        (_("Description"), {"fields": ["description_en", "description_zh"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("starts_on", "starts_precision"),
                    ("ends_on", "ends_precision"),
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


# The gazetteer's staff views live with the place authority.
from .places import admin as places_admin  # noqa: E402, F401
