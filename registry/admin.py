"""The staff side: every model searchable, filterable and kept with its history."""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from . import admin_accounts  # noqa: F401  (registers the staff account admins)
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
from .date_precision import LessPreciseDateCheck
from .history import record_links
from .models import (
    ExchangeActivity,
    Jurisdiction,
    Milestone,
    OfficialCount,
    Pairing,
    PairingKind,
    Source,
    Status,
    Tier,
    Versioned,
)
from .operations import log_admin_action
from .page_cache import invalidate_public_pages_on_commit
from .places.admin_add import GazetteerAddMixin
from .places.admin_merge import MergeAdminMixin, merge_duplicates
from .redirects import RetireChangedSlugAdminMixin
from .services import attach_sources, source_urls_from_text, sync_established_milestones, unique_pairing_slug

admin.site.site_header = _("Sister-pairs registry")
admin.site.site_title = _("Sister-pairs registry")
admin.site.index_title = _("Registry administration")

ACTION_SELECTION_ERROR = _("The selected records could not be read. Nothing was changed: select them again.")

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


def set_fields(modeladmin, request, queryset, values, reason):
    """Set `values` on the selected records in one transaction: the rows are locked, each changed
    record gets a history row and (if versioned) a higher version, so a change form opened before
    the action is refused rather than silently undoing it; cached pages go stale on commit."""
    model = queryset.model
    versioned = issubclass(model, Versioned)
    with transaction.atomic(using=router.db_for_write(model)):
        pks = list(queryset.values_list("pk", flat=True))
        rows = model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk")
        changed = [obj for obj in rows if any(getattr(obj, name) != value for name, value in values.items())]
        for obj in changed:
            for name, value in values.items():
                setattr(obj, name, value)
            if versioned:
                obj.version += 1
        bulk_update_with_history(
            changed,
            model,
            [*values, *(["version"] if versioned else [])],
            default_user=request.user,
            default_change_reason=reason,
        )
        record_links(model, [obj.pk for obj in changed])
        invalidate_public_pages_on_commit()  # bulk_update sends no signals
    log_admin_action(request.user, reason, model, [obj.pk for obj in changed])
    modeladmin.message_user(
        request,
        ngettext("%(count)d record changed.", "%(count)d records changed.", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )


@admin.action(description=_("Publish selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    set_fields(modeladmin, request, queryset, {"is_published": True}, "publish")


@admin.action(description=_("Unpublish selected records"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    set_fields(modeladmin, request, queryset, {"is_published": False}, "unpublish")


KEEP = ""
NOTHING_TO_CHANGE = _('Nothing to change: every field was left at "keep".')


class BulkEditForm(forms.Form):
    """What the bulk edit may set on many pairings at once; "keep" leaves a field as it is."""

    status = forms.ChoiceField(label=_("status"), required=False)
    tier = forms.ChoiceField(label=_("tier"), required=False)
    is_published = forms.ChoiceField(
        label=_("published"),
        required=False,
        choices=[(KEEP, _("keep")), ("yes", _("published")), ("no", _("not published"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(KEEP, _("keep")), *Status.choices]
        self.fields["tier"].choices = [(KEEP, _("keep")), *Tier.choices]

    def values(self):
        values = {name: self.cleaned_data[name] for name in ("status", "tier") if self.cleaned_data[name]}
        if self.cleaned_data["is_published"]:
            values["is_published"] = self.cleaned_data["is_published"] == "yes"
        return values


@admin.action(description=_("Edit status, tier or publication of selected pairings"), permissions=["change"])
def bulk_edit(modeladmin, request, queryset):
    form = BulkEditForm(request.POST if "apply" in request.POST else None)
    if form.is_valid() and form.values():
        set_fields(modeladmin, request, queryset, form.values(), "bulk edit")
        return None  # back to the list
    if form.is_bound and form.is_valid():
        modeladmin.message_user(
            request, _('Nothing to change: every field was left at "keep".'), messages.WARNING
        )
    return TemplateResponse(
        request,
        "admin/registry/bulk_edit.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Edit selected records"),
            "form": form,
            "records": list(queryset.select_related("side_a", "side_b")),
        },
    )


# --- Inlines ----------------------------------------------------------------------------------


class MilestoneForm(LessPreciseDateCheck, PartialDateFormMixin, forms.ModelForm):
    partial_dates = ["occurred"]
    occurred = PartialDateFormField()

    class Meta:
        model = Milestone
        fields = ["pairing", "kind", "acting_side", "description", "sources"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneForm
    extra = 0
    fields = ["kind", "occurred", "confirm_less_precise", "acting_side", "description", "sources"]

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


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose revert is a write like any other.

    django-simple-history lets anyone who may *view* a record's history post its revert form and
    saves it without asking for change permission, and outside a transaction (where the version
    check's row lock cannot be taken). Here a revert needs change permission (403 otherwise; the
    button is not offered) and runs in one transaction, like the admin's own change view."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def response_action(self, request, queryset):
        # A forged or stale selection ("abc" as an id) fails when the action reads it: say so
        # instead of answering 500. The actions write in one transaction, so nothing was written.
        try:
            return super().response_action(request, queryset)
        except (ValueError, ValidationError):
            self.message_user(request, ACTION_SELECTION_ERROR, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Source)
class SourceAdmin(LabelledHistoryMixin, HistoryAdmin):
    # A URL typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "publisher", "published_on", "accessed_on"]
    search_fields = ["url", "title", "publisher"]
    list_filter = ["publisher"]
    date_hierarchy = "published_on"


@admin.register(OfficialCount)
class OfficialCountAdmin(SimpleHistoryAdmin):
    """The officially reported totals shown beside the registry's own count on the home and
    statistics pages."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["reported_on", "reported_precision", "scope", "count", "source_url"]
    list_filter = ["scope"]
    search_fields = ["source_url", "note"]
    date_hierarchy = "reported_on"


@admin.register(Jurisdiction)
class JurisdictionAdmin(
    GazetteerAddMixin,
    MergeAdminMixin,
    RetireChangedSlugAdminMixin,
    SpreadsheetAdminMixin,
    VersionedAdminMixin,
    LabelledHistoryMixin,
    HistoryAdmin,
):
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
    actions = [merge_duplicates]
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


class PairingAdminForm(LessPreciseDateCheck, PartialDateFormMixin, VersionedAdminForm):
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
class PairingAdmin(
    RetireChangedSlugAdminMixin,
    SpreadsheetAdminMixin,
    VersionedAdminMixin,
    LabelledHistoryMixin,
    HistoryAdmin,
):
    spreadsheet_kind = "pairings"
    form = PairingAdminForm
    list_display = ["__str__", "kind", "tier", "status", "established", "is_published"]
    list_filter = [
        EitherSideCountryFilter,
        "kind",
        "tier",
        "status",
        "evidence",
        DecadeFilter,
        "is_published",
        WithoutDateFilter,
        WithoutSourceFilter,
        ImportFilter,
    ]
    list_select_related = ["side_a", "side_b"]
    search_fields = ["slug", *side_search_fields("side_a"), *side_search_fields("side_b")]
    autocomplete_fields = ["side_a", "side_b"]
    actions = [publish, unpublish, bulk_edit]
    inlines = [MilestoneInline, PairingActivityInline, PairingSourceInline]
    fieldsets = [
        (
            None,
            {"fields": ["side_a", "side_b", "slug", "kind", "tier", "status", "evidence", "is_published"]},
        ),
        (_("Sources"), {"fields": ["source_urls"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "established",
                    "established_basis",
                    "ended",
                    "confirm_less_precise",
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every save, a revert from the History page included (which saves no inlines).
        sync_established_milestones([obj], user=request.user, reason="established date")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        attach_sources(form.instance, form.cleaned_data.get("source_urls") or [], user=request.user)
        # After the inlines: the pairing's date wins over an "established" milestone edited inline.
        sync_established_milestones([form.instance], user=request.user, reason="established date")


@admin.register(Milestone)
class MilestoneAdmin(LabelledHistoryMixin, HistoryAdmin):
    list_display = ["pairing", "kind", "occurred", "acting_side"]
    list_filter = ["kind"]
    list_select_related = ["pairing__side_a", "pairing__side_b", "acting_side__parent__parent"]
    search_fields = side_search_fields("pairing__side_a") + side_search_fields("pairing__side_b")
    autocomplete_fields = ["pairing", "acting_side", "sources"]
    form = MilestoneForm
    fields = ["pairing", "kind", "occurred", "confirm_less_precise", "acting_side", "description", "sources"]

    @admin.display(description=_("date"), ordering="occurred_on")
    def occurred(self, obj):
        return obj.occurred or "–"


class ExchangeActivityAdminForm(LessPreciseDateCheck, PartialDateFormMixin, VersionedAdminForm):
    partial_dates = ["starts", "ends"]
    starts = PartialDateFormField()
    ends = PartialDateFormField()

    class Meta:
        model = ExchangeActivity
        fields = "__all__"


@admin.register(ExchangeActivity)
class ExchangeActivityAdmin(SpreadsheetAdminMixin, VersionedAdminMixin, LabelledHistoryMixin, HistoryAdmin):
    spreadsheet_kind = "activities"
    form = ExchangeActivityAdminForm
    list_display = ["title_en", "title_zh", "category", "starts", "host", "is_published"]
    list_filter = ["category", ActivityDecadeFilter, "is_published", ImportFilter]
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
                    ("starts", "ends"),
                    "confirm_less_precise",
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


# Partner seeking (registry/seeking/admin.py) registers its admin here, where Django looks.
# The gazetteer's staff views live with the place authority.
from .places import admin as places_admin  # noqa: E402, F401
from .seeking import admin as seeking_admin  # noqa: E402, F401
