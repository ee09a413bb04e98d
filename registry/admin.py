"""The staff side: every model searchable, filterable and kept with its history."""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Max, Min, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
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
from .cited_values import CitedValueCheck
from .concurrency import VersionedAdminForm, VersionedAdminMixin
from .date_precision import LessPreciseDateCheck
from .history import record_links
from .lifecycle import MILESTONE_STATUSES, derive_lifecycle, refresh_lifecycle
from .models import (
    ExchangeActivity,
    Jurisdiction,
    Milestone,
    MilestoneKind,
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
from .pagination import CappedPaginator
from .places.admin_add import GazetteerAddMixin
from .places.admin_merge import MergeAdminMixin, merge_duplicates
from .redirects import RetireChangedSlugAdminMixin
from .resources import ExchangeActivityResource, JurisdictionResource, PairingResource
from .services import attach_sources, source_urls_from_text, unique_pairing_slug

admin.site.site_header = _("Sister-pairs registry")
admin.site.site_title = _("Sister-pairs registry")
admin.site.index_title = _("Registry administration")
# "View site" opens the public site in the admin's language (/zh-hans/ from the Chinese admin):
# reversed when the page is drawn, under the request's language prefix.
admin.site.site_url = reverse_lazy("registry:home")

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
        # The first and last dates, by the date's index, and every decade between: listing the
        # years present read the whole table on every request.
        span = model_admin.get_queryset(request).aggregate(
            first=Min(self.date_field), last=Max(self.date_field)
        )
        decades = []
        if span["first"] and span["last"]:
            decades = range(span["first"].year // 10 * 10, span["last"].year // 10 * 10 + 1, 10)
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
        # Ordered by the country alone: with the model's ordering, DISTINCT kept every place apart.
        used = set(Jurisdiction.objects.order_by("country").values_list("country", flat=True).distinct())
        # COUNTRIES_FIRST_REPEAT lists China and the US twice in `countries`: keep each once.
        return list({code: name for code, name in countries if code in used}.items())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_side_in_country(self.value())
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
        if model is Pairing:
            # A status or tier the milestones decide is put back by them (registry/lifecycle.py).
            refresh_lifecycle(changed, user=request.user, reason=reason)
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
# What staff may set as a status by hand; suspended and ended come from milestones.
ASSESSED_STATUS_CHOICES = [
    (value, label) for value, label in Status.choices if value not in MILESTONE_STATUSES
]
NOTHING_TO_CHANGE = _('Nothing to change: every field was left at "keep".')


class BulkEditForm(forms.Form):
    """What the bulk edit may set on many pairings at once; "keep" leaves a field as it is."""

    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        help_text=_("Suspended and ended follow from milestones: record them on each pair."),
    )
    tier = forms.ChoiceField(
        label=_("tier"),
        required=False,
        help_text=_("A pair reclassified by a milestone keeps the tier of its latest reclassification."),
    )
    is_published = forms.ChoiceField(
        label=_("published"),
        required=False,
        choices=[(KEEP, _("keep")), ("yes", _("published")), ("no", _("not published"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(KEEP, _("keep")), *ASSESSED_STATUS_CHOICES]
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


# --- Sources by address -------------------------------------------------------------------------


class SourceUrlsFormMixin(forms.Form):
    """A box to paste sources' addresses into; the admin's `save_related` attaches them."""

    source_urls = forms.CharField(
        label=_("Add sources by address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Paste web addresses, one per line: a source already in the registry is reused, a new "
            "one is created with its site as publisher."
        ),
    )

    def clean_source_urls(self):
        try:
            return source_urls_from_text(self.cleaned_data["source_urls"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def new_sources_given(self):
        # A pasted address is the new value's source (registry/cited_values.py).
        return bool(self.cleaned_data.get("source_urls"))


class AttachPastedSourcesMixin:
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        attach_sources(form.instance, form.cleaned_data.get("source_urls") or [], user=request.user)


# --- Inlines ----------------------------------------------------------------------------------


class MilestoneForm(CitedValueCheck, LessPreciseDateCheck, PartialDateFormMixin, forms.ModelForm):
    partial_dates = ["occurred"]
    occurred = PartialDateFormField()

    class Meta:
        model = Milestone
        fields = ["pairing", "kind", "basis", "tier", "acting_side", "description", "sources"]

    def cited_sources(self, stored):
        sources = list(stored.sources.all())
        return {name: sources for name in ("kind", "occurred", "basis", "tier")}

    def new_sources_given(self):
        # Sources changed with the value: the new value comes with its own.
        if "sources" not in self.fields or "sources" not in self.cleaned_data:
            return False
        stored = {source.pk for source in self.instance.sources.all()} if self.instance.pk else set()
        return {source.pk for source in self.cleaned_data["sources"]} - stored != set()


class MilestoneInlineFormSet(forms.BaseInlineFormSet):
    """Checks the pair's status and tier, as posted, against its milestones, as posted: staff
    record a suspension, resumption, end or reclassification as a milestone, and cannot set a
    status or tier that the milestones contradict (registry/lifecycle.py)."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        pairing = self.instance
        deleted = set(self.deleted_forms)
        milestones = [
            form.instance
            for form in self.forms
            if form not in deleted and (form.instance.pk or form.has_changed())
        ]
        lifecycle = derive_lifecycle(pairing, milestones)
        stored = Pairing.objects.filter(pk=pairing.pk).values("status", "tier").first() or {
            "status": Status.UNKNOWN,
            "tier": Pairing._meta.get_field("tier").default,
        }
        errors = []
        if pairing.status != stored["status"] and pairing.status != lifecycle.status:
            errors.append(
                _(
                    "The status you chose (%(chosen)s) is not what the milestones give (%(derived)s). "
                    "A suspension, resumption or end is recorded as a milestone with its date and "
                    "source; the status follows from the latest one."
                )
                % {"chosen": Status(pairing.status).label, "derived": Status(lifecycle.status).label}
            )
        if pairing.tier != stored["tier"] and pairing.tier != lifecycle.tier:
            errors.append(
                _(
                    "The tier you chose (%(chosen)s) is not the tier of the latest reclassification "
                    '(%(derived)s). Record the change as a "reclassified" milestone with its date, '
                    "new tier and source."
                )
                % {"chosen": Tier(pairing.tier).label, "derived": Tier(lifecycle.tier).label}
            )
        if lifecycle.ended and pairing.established and lifecycle.ended.value < pairing.established.value:
            errors.append(_("The end date is before the establishment date."))
        if errors:
            raise ValidationError(errors)


# A milestone's fields, in the pair's inline and (after its pair) on its own page.
MILESTONE_FIELDS = [
    "kind",
    "occurred",
    "basis",
    "tier",
    "confirm_less_precise",
    "confirm_replace_cited",
    "acting_side",
    "description",
    "sources",
]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneForm
    formset = MilestoneInlineFormSet
    extra = 0
    fields = MILESTONE_FIELDS

    class Media:
        css = {"all": ["registry/admin.css"]}

    autocomplete_fields = ["acting_side", "sources"]


class PairingSourceInline(admin.TabularInline):
    model = Pairing.sources.through
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


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
    paginator = CappedPaginator  # see PairingAdmin: 200,000 sources at world size
    show_full_result_count = False


@admin.register(OfficialCount)
class OfficialCountAdmin(SimpleHistoryAdmin):
    """The officially reported totals shown beside the registry's own count on the home and
    statistics pages."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["reported_on", "reported_precision", "scope", "count", "source_url"]
    list_filter = ["scope"]
    search_fields = ["source_url", "note"]
    date_hierarchy = "reported_on"


class JurisdictionAdminForm(CitedValueCheck, VersionedAdminForm):
    """A place's position is cited by its `coordinates_source`: moving or clearing it asks first,
    unless the source is changed with it."""

    class Meta:
        model = Jurisdiction
        fields = "__all__"

    def cited_sources(self, stored):
        sources = [stored.coordinates_source] if stored.coordinates_source else []
        return {"latitude": sources, "longitude": sources}

    def new_sources_given(self):
        new = self.cleaned_data.get("coordinates_source")
        return (
            bool(new)
            and new
            != type(self.instance)
            ._default_manager.filter(pk=self.instance.pk)
            .values_list("coordinates_source", flat=True)
            .first()
        )


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
    resource_classes = [JurisdictionResource]
    form = JurisdictionAdminForm
    list_display = ["name_en", "name_zh", "country_name", "level", "designation", "parent", "iso_3166_2"]
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
        (_("Location"), {"fields": ["latitude", "longitude", "coordinates_source", "confirm_replace_cited"]}),
        (_("Staff only"), {"fields": ["staff_notes"]}),
    ]

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, obj):
        # The field's own display looked the name up through all ~250 country choices, each
        # translated, for every row: 100,000 translations for a page of 100 places.
        return obj.country.name

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete widgets show __str__, which names the parent: join it once.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("parent", "parent__parent"), may_have_duplicates


class PairingAdminForm(
    SourceUrlsFormMixin, CitedValueCheck, LessPreciseDateCheck, PartialDateFormMixin, VersionedAdminForm
):
    partial_dates = ["established"]
    established = PartialDateFormField()

    class Meta:
        model = Pairing
        exclude = ["ended_on", "ended_precision", "ended_approximate"]  # derived from milestones

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # absent from a viewer's read-only form
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave blank to make one from the two names.")
        if "status" in self.fields:
            # Suspended and ended are set by milestones; the current one is shown as it is.
            current = self.instance.status if self.instance.pk else None
            self.fields["status"].choices = [
                (value, label)
                for value, label in Status.choices
                if value not in MILESTONE_STATUSES or value == current
            ]

    def cited_sources(self, stored):
        established = stored.milestones.filter(kind=MilestoneKind.ESTABLISHED).first()
        sources = list(established.sources.all()) if established else []
        return {"established": sources, "established_basis": sources}

    def clean(self):
        cleaned = super().clean()
        side_a, side_b = cleaned.get("side_a"), cleaned.get("side_b")
        if not cleaned.get("slug") and side_a and side_b:
            cleaned["slug"] = unique_pairing_slug(side_a, side_b, exclude_pk=self.instance.pk)
            self.instance.slug = cleaned["slug"]
        if side_a and side_b:
            # Not chosen by hand: the two sides say which kind of pair they make.
            self.instance.kind = PairingKind.for_sides(side_a, side_b)
        if cleaned.get("status") and cleaned["status"] != Status.ENDED:
            # Leaving "ended" (a resumption): the end date goes with it, as the milestones say.
            self.instance.ended = None
        return cleaned


@admin.register(Pairing)
class PairingAdmin(
    AttachPastedSourcesMixin,
    RetireChangedSlugAdminMixin,
    SpreadsheetAdminMixin,
    VersionedAdminMixin,
    LabelledHistoryMixin,
    HistoryAdmin,
):
    resource_classes = [PairingResource]
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
    inlines = [MilestoneInline, PairingSourceInline]
    # Counting a million activities, or 100,000 pairings twice, on every list request: the count
    # stops at the cap (registry/pagination.py) and the unfiltered total is not shown.
    paginator = CappedPaginator
    show_full_result_count = False
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
                    "confirm_replace_cited",
                ]
            },
        ),
        (_("Notes"), {"fields": ["public_note", "staff_notes"]}),
        (_("Exchange activities"), {"fields": ["activities_link"]}),
    ]

    @admin.display(description=_("exchange activities"))
    def activities_link(self, obj):
        """How many activities the pair has, linked to their list: a busy pair has thousands,
        which an inline showed (and queried) one by one. They are linked on the activity's page."""
        if obj.pk is None:
            return _("Save the pairing first; then link activities to it from each activity's page.")
        count = ExchangeActivity.pairings.through.objects.filter(pairing=obj).count()
        url = reverse("admin:registry_exchangeactivity_changelist") + f"?pairings__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext("%(count)d exchange activity", "%(count)d exchange activities", count)
            % {"count": count},
        )

    @admin.display(description=_("established"), ordering="established_on")
    def established(self, obj):
        return obj.established or "–"

    @admin.display(description=_("ended on"))
    def ended(self, obj):
        return obj.ended or _('– (from an "ended" milestone, when there is one)')

    readonly_fields = ["kind", "ended", "activities_link"]

    def get_search_results(self, request, queryset, search_term):
        # A pair's label as shown ("Changzhou – Dayton", "常州 – 代顿"): each side, in either order.
        sides = PAIR_LABEL_SEPARATOR.split(search_term.strip(), maxsplit=1)
        if len(sides) == 2 and all(sides):
            first, second = (side_matches(side) for side in sides)
            matches = (Q(side_a__in=first) & Q(side_b__in=second)) | (
                Q(side_a__in=second) & Q(side_b__in=first)
            )
            return queryset.filter(matches).select_related("side_a", "side_b"), False
        if not search_term.strip():
            return queryset.select_related("side_a", "side_b"), False
        # The places first (trigram-indexed), then the pairs by either side's index: the admin's
        # own search ORed twelve columns over both joined sides.
        places = side_matches(search_term)
        matches = Q(slug__icontains=search_term.strip()) | Q(side_a__in=places) | Q(side_b__in=places)
        return queryset.filter(matches).select_related("side_a", "side_b"), False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves the pair without its inlines (no save_related): save_model derives.
        request.derive_lifecycle_on_save_model = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(request, "derive_lifecycle_on_save_model", False):
            # The reverted status, tier and end date give way to the milestones as they are now.
            refresh_lifecycle([obj], user=request.user, reason="revert")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: the pairing's date wins over an "established" milestone edited
        # inline, and the milestones give the status, tier and end date.
        refresh_lifecycle([form.instance], user=request.user, reason="lifecycle")


@admin.register(Milestone)
class MilestoneAdmin(LabelledHistoryMixin, HistoryAdmin):
    list_display = ["pairing", "kind", "occurred", "acting_side"]
    list_filter = ["kind"]
    list_select_related = ["pairing__side_a", "pairing__side_b", "acting_side__parent__parent"]
    search_fields = side_search_fields("pairing__side_a") + side_search_fields("pairing__side_b")
    autocomplete_fields = ["pairing", "acting_side", "sources"]
    form = MilestoneForm
    fields = ["pairing", *MILESTONE_FIELDS]

    @admin.display(description=_("date"), ordering="occurred_on")
    def occurred(self, obj):
        return obj.occurred or "–"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        previous = form.initial.get("pairing") if change else None
        # The milestone's pair (and the pair it was moved from) take their status from it.
        refresh_lifecycle([obj.pairing_id, previous], user=request.user, reason="lifecycle")

    def delete_model(self, request, obj):
        pairing = obj.pairing_id
        super().delete_model(request, obj)
        refresh_lifecycle([pairing], user=request.user, reason="lifecycle")

    def delete_queryset(self, request, queryset):
        pairings = list(queryset.values_list("pairing_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_lifecycle(pairings, user=request.user, reason="lifecycle")


class ExchangeActivityAdminForm(
    SourceUrlsFormMixin, CitedValueCheck, LessPreciseDateCheck, PartialDateFormMixin, VersionedAdminForm
):
    partial_dates = ["starts", "ends"]
    starts = PartialDateFormField()
    ends = PartialDateFormField()

    class Meta:
        model = ExchangeActivity
        fields = "__all__"

    def cited_sources(self, stored):
        sources = list(stored.sources.all())
        return {"starts": sources, "ends": sources}

    def new_sources_given(self):
        if super().new_sources_given():
            return True
        if "sources" not in self.cleaned_data or not self.instance.pk:
            return False
        stored = {source.pk for source in self.instance.sources.all()}
        return {source.pk for source in self.cleaned_data["sources"]} - stored != set()


@admin.register(ExchangeActivity)
class ExchangeActivityAdmin(
    AttachPastedSourcesMixin, SpreadsheetAdminMixin, VersionedAdminMixin, LabelledHistoryMixin, HistoryAdmin
):
    resource_classes = [ExchangeActivityResource]
    form = ExchangeActivityAdminForm
    list_display = ["title_en", "title_zh", "category", "starts", "host", "is_published"]
    list_filter = ["category", ActivityDecadeFilter, "is_published", ImportFilter]
    paginator = CappedPaginator  # see PairingAdmin
    show_full_result_count = False
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
                    "confirm_replace_cited",
                    "host",
                    "place",
                ]
            },
        ),
        (_("Scale"), {"fields": ["participants", ("value_amount", "value_currency")]}),
        (_("Links"), {"fields": ["pairings", "sources", "source_urls"]}),
    ]

    @admin.display(description=_("starts"), ordering="starts_on")
    def starts(self, obj):
        return obj.starts or "–"


# Partner seeking (registry/seeking/admin.py) registers its admin here, where Django looks.
# The gazetteer's staff views live with the place authority.
from .places import admin as places_admin  # noqa: E402, F401
from .seeking import admin as seeking_admin  # noqa: E402, F401
from .suggestions import admin as suggestions_admin  # noqa: E402, F401
from .tasks import admin as tasks_admin  # noqa: E402, F401
