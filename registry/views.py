"""Public, read-only pages. Only published records are ever shown: every view starts from a
`public()` queryset, so an unpublished record is a 404 with no template branching."""

import datetime
import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from . import data_dictionary, derived_tables, statistics, summary
from .anniversaries import next_round_anniversary, round_anniversaries
from .exports import FORMATS
from .filters import (
    DEFAULT_SORT,
    MAX_SEARCH_LENGTH,
    SORTS,
    ActivityFilter,
    PairingFilter,
    public_countries,
)
from .geo import map_data
from .lifecycle import derive_lifecycle
from .models import (
    ActivityCategory,
    ExchangeActivity,
    Jurisdiction,
    Level,
    Milestone,
    Pairing,
    PairingKind,
    Status,
    Tier,
)
from .page_cache import current_generation
from .pagination import CappedPaginator
from .pair_rows import PairRow
from .redirects import FollowRetiredSlugMixin
from .resources import DOWNLOADS, PairingResource
from .tasks import opendata as opendata_files

PAGE_SIZE = 50
# A province page names the first places in it with pairs, then says how many more there are.
CHILDREN_SHOWN = 100


def public_activities():
    """Published activities, newest first (the model's ordering), with the published pairs they
    belong to, fetched in one more query."""
    return ExchangeActivity.objects.public().with_public_pairings()


class HomeView(TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = summary.current()
        years = statistics.by_year(data)
        counts = data["headline"]
        context.update(
            counts=counts,
            coverage=statistics.coverage(counts, years),
            first_pairs=Pairing.objects.public()
            .for_listing()
            .filter(established_on__isnull=False)
            .order_by("established_on", "slug")[:10],
            newest_activities=public_activities()[:5],  # newest first: the model's ordering
            years=years,
        )
        return context


class FilteredListMixin:
    """Pagination links keep the current filters; the filter fields are cached per data state,
    language and filter values (templates/registry/includes/filter_fields.html)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        context["filter_fields_key"] = self.filter_fields_key()
        context["fragment_cache_seconds"] = settings.PAGE_CACHE_SECONDS
        return context

    def filter_fields_key(self):
        """What the rendered filter fields depend on. Only the form's own parameters count, so the
        second page of a list, or a link with a tracking parameter, shows the same fields."""
        values = sorted(
            (name, value) for name in self.filterset.form.fields for value in self.request.GET.getlist(name)
        )
        return f"{type(self.filterset).__name__}:{get_language()}:{current_generation()}:{urlencode(values)}"


def pair_rows(pairings):
    """What a table shows of these pairs, as plain rows (registry/pair_rows.py)."""
    return [PairRow.from_values(values) for values in pairings.values(*PairRow.FIELDS)]


class PairingListView(FilteredListMixin, FilterView):
    filterset_class = PairingFilter
    template_name = "registry/pairing_list.html"
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator

    def get_queryset(self):
        # No joins here: the count needs none; the page's rows join the two places (pair_rows).
        return Pairing.objects.public()

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, rows=pair_rows, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = context["object_list"]
        return context


class MapView(FilteredListMixin, FilterView):
    """The pairs of the current filter on one map. The page holds only the map's frame: its data
    comes from the cached JSON of registry/map_views.py, for any size of the registry; the pair
    list with the same filters lists the pairs."""

    filterset_class = PairingFilter
    template_name = "registry/map.html"

    def get_queryset(self):
        return Pairing.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pair_count"] = context["object_list"].count()  # none when a filter value is refused
        return context


class PairingDetailView(FollowRetiredSlugMixin, DetailView):
    context_object_name = "pairing"
    slug_model = Pairing

    def get_queryset(self):
        return (
            Pairing.objects.public()
            .for_listing()
            .prefetch_related(
                "sources",
                Prefetch("milestones", queryset=self._milestones()),
            )
        )

    @staticmethod
    def _milestones():
        return Milestone.objects.select_related("acting_side").prefetch_related("sources")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pairing = self.object
        if pairing.established and not pairing.ended:
            today = datetime.date.today()
            context["years_since"] = today.year - pairing.established.year
            context["next_anniversary"] = next_round_anniversary(pairing.established, today)
        context["map_data"] = map_data([pairing])
        # A page of its activities, newest first: a busy pair has thousands.
        activities = ExchangeActivity.objects.public().filter(pairings=pairing)
        context["activities"] = CappedPaginator(activities, PAGE_SIZE).get_page(self.request.GET.get("page"))
        # The milestones that give the status and tier: shown beside them as their evidence.
        context["lifecycle"] = derive_lifecycle(pairing, pairing.milestones.all())
        return context


class AnniversariesView(TemplateView):
    """Round anniversaries (every five years) of this year and next."""

    template_name = "registry/anniversaries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = datetime.date.today().year
        rows = round_anniversaries([year, year + 1])
        context["years"] = [
            (shown, [row for row in rows if row[0].year == shown]) for shown in (year, year + 1)
        ]
        return context


class JurisdictionDetailView(FollowRetiredSlugMixin, DetailView):
    context_object_name = "place"
    slug_model = Jurisdiction

    def get_queryset(self):
        # Any place by its slug; one that no published pair involves, inside it or itself, is a
        # 404 once its pairs are counted (get_context_data). Asking public() first cost a list of
        # every public place in the registry.
        return Jurisdiction.objects.with_parents()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        pairs = Pairing.objects.public().order_by(*SORTS[DEFAULT_SORT])
        own = self._page(pairs.involving(place), "page")
        inside = tables = None
        if place.level != Level.COUNTY:
            tables = derived_tables.current()  # asked once for the pairs inside and the places
            inside_pairs = derived_tables.in_region(pairs, place, tables=tables)
            inside = self._page(inside_pairs.exclude(Q(side_a=place) | Q(side_b=place)), "inside_page")
        if not own.paginator.count and not (inside and inside.paginator.count):
            raise Http404("No published pair involves this place.")
        children, more_children = [], 0
        if place.level == Level.PROVINCE:
            with_pairs = derived_tables.children_with_pairs(place, tables=tables).order_by("name_en", "pk")
            first = Paginator(with_pairs, CHILDREN_SHOWN).page(1)
            children, more_children = first.object_list, first.paginator.count - len(first.object_list)
        context.update(
            pairings=own,
            inside_pairings=inside,
            children=children,
            more_children=more_children,
        )
        return context

    def _page(self, pairs, parameter):
        """One page of `pairs`, chosen by the query parameter `parameter` (two lists, two pages)."""
        paginator = CappedPaginator(pairs.for_listing(), PAGE_SIZE)
        return paginator.get_page(self.request.GET.get(parameter))


class ActivityListView(FilteredListMixin, FilterView):
    filterset_class = ActivityFilter
    template_name = "registry/exchangeactivity_list.html"
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator

    def get_queryset(self):
        return public_activities()


class ActivityDetailView(DetailView):
    context_object_name = "activity"

    def get_queryset(self):
        return public_activities().select_related("host").prefetch_related("sources")


class StatisticsView(TemplateView):
    template_name = "registry/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = summary.current()
        years = statistics.by_year(data)
        counts = data["headline"]
        context.update(
            counts=counts,
            coverage=statistics.coverage(counts, years),
            by_kind=statistics.by_choice(data, "kind", PairingKind.choices),
            by_tier=statistics.by_choice(data, "tier", Tier.choices),
            by_status=statistics.by_choice(data, "status", Status.choices),
            years=years,
            decades=statistics.by_decade(years),
            undated=counts["undated"],
            by_province=statistics.by_province(data, "CN"),
            by_state=statistics.by_province(data, "US"),
            by_category=statistics.by_choice(data, "category", ActivityCategory.choices),
        )
        form = statistics.ProvinceTableForm(self.request.GET or None, countries=public_countries())
        context.update(table_form=form, table=statistics.province_state_table(*form.countries()))
        return context


class OpenDataView(TemplateView):
    template_name = "registry/open_data.html"
    extra_context = {
        "downloads": [("pairings", _("Pairings")), ("places", _("Places")), ("activities", _("Activities"))],
        "formats": ["csv", "xlsx", "json"],
    }


class DataDictionaryView(TemplateView):
    """Every column of the downloads and what it means; the same as datapackage.json says."""

    template_name = "registry/data_dictionary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(resources=data_dictionary.resources(), version=data_dictionary.version_date())
        return context


@require_safe
def region_suggestions(request):
    """Provinces and states whose name contains ?q=, for the region field of the filters (its
    page script offers them as you type): name and label, at most 20, by country and name."""
    text = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    if len(text) < 1:
        return JsonResponse({"results": []})
    provinces = (
        Jurisdiction.objects.filter(level=Level.PROVINCE)
        .filter(Q(name_en__icontains=text) | Q(name_zh__icontains=text))
        .order_by("country", "name_en", "pk")[:20]
    )
    return JsonResponse(
        {
            "results": [
                {"value": province.local_name(), "label": f"{province}, {province.country.name}"}
                for province in provinces
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def datapackage_json(request):
    return JsonResponse(
        data_dictionary.datapackage(request),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        content_type="application/json",
    )


def _built_file(request, name, download_name):
    """A whole-registry download, from the file the open-data task last built. None built yet (a
    new installation): a page saying it is being prepared (503 with Retry-After), and a build is
    queued; the request never builds it."""
    path = opendata_files.path(name)
    if path is None:
        opendata_files.ensure_built()
        response = render(request, "registry/download_preparing.html", status=503)
        response["Retry-After"] = "60"
        patch_cache_control(response, no_store=True)
        return response
    stat = path.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    extension = name.rsplit(".", 1)[1]
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=opendata_files.CONTENT_TYPES[extension],
    )
    response["ETag"] = etag
    return response


# Read-only like every public URL: without this, POST, PUT and DELETE were answered as GET.
@require_safe
def geojson_download(request):
    return _built_file(request, opendata_files.GEOJSON, "sister-pairs.geojson")


# A selection download is written to memory up to this size, then to a temporary file: an
# unfiltered selection is the whole registry.
SELECTION_SPOOL_BYTES = 2 * 1024 * 1024


@require_safe
def pairing_list_download(request, fmt):
    """The pair list's current view (same filters and search), as CSV, XLSX or JSON, written row
    by row (PairingResource.write_export) and served from a spooled file, in constant memory."""
    filterset = PairingFilter(request.GET, queryset=Pairing.objects.public())
    out = tempfile.SpooledTemporaryFile(max_size=SELECTION_SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it)
    PairingResource.write_export(out, filterset.qs, fmt, public=True)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"sister-pairs-selection.{fmt}", content_type=FORMATS[fmt]
    )


@require_safe
def registry_download(request, what, fmt):
    """The whole published registry: pairings, places or activities, as CSV, XLSX or JSON, as the
    open-data task last built it (registry/tasks/opendata.py)."""
    if what not in DOWNLOADS:
        raise Http404
    return _built_file(request, f"{what}.{fmt}", f"sister-pairs-{what}.{fmt}")
