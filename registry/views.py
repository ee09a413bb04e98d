"""Public, read-only pages. Only published records are ever shown: every view starts from a
`public()` queryset, so an unpublished record is a 404 with no template branching."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from . import data_dictionary, statistics
from .anniversaries import next_round_anniversary, round_anniversaries
from .exports import export_rows
from .filters import DEFAULT_SORT, SORTS, ActivityFilter, PairingFilter, public_places_to_filter_by
from .geo import map_data
from .models import ExchangeActivity, Jurisdiction, Level, Milestone, Pairing, PairingKind, Status, Tier
from .opendata import geojson
from .page_cache import current_generation
from .pair_rows import PairRow

PAGE_SIZE = 50


def public_activities():
    """Published activities, newest first (the model's ordering), with the published pairs they
    belong to, fetched in one more query."""
    return ExchangeActivity.objects.public().with_public_pairings()


class HomeView(TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = statistics.by_year()
        counts = statistics.headline()
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


class PairingListView(FilteredListMixin, FilterView):
    filterset_class = PairingFilter
    template_name = "registry/pairing_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Pairing.objects.public().values(*PairRow.FIELDS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [PairRow.from_values(values) for values in context["object_list"]]
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


class PairingDetailView(DetailView):
    context_object_name = "pairing"

    def get_queryset(self):
        return (
            Pairing.objects.public()
            .for_listing()
            .prefetch_related(
                "sources",
                Prefetch("milestones", queryset=self._milestones()),
                Prefetch(
                    "activities",
                    queryset=ExchangeActivity.objects.public(),
                    to_attr="public_activities",
                ),
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


class JurisdictionDetailView(DetailView):
    context_object_name = "place"

    def get_queryset(self):
        return Jurisdiction.objects.public().with_parents()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        pairs = Pairing.objects.public().for_listing().order_by(*SORTS[DEFAULT_SORT])
        own = list(pairs.involving(place))
        inside = []
        if place.level != Level.COUNTY:
            inside = list(pairs.in_region(place).exclude(pk__in=[pairing.pk for pairing in own]))
        context.update(
            pairings=own,
            inside_pairings=inside,
            children=place.children.public().order_by("name_en") if place.level == Level.PROVINCE else [],
        )
        return context


class ActivityListView(FilteredListMixin, FilterView):
    filterset_class = ActivityFilter
    template_name = "registry/exchangeactivity_list.html"
    paginate_by = PAGE_SIZE

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
        years = statistics.by_year()
        counts = statistics.headline()
        context.update(
            counts=counts,
            coverage=statistics.coverage(counts, years),
            by_kind=statistics.by_choice("kind", PairingKind.choices),
            by_tier=statistics.by_choice("tier", Tier.choices),
            by_status=statistics.by_choice("status", Status.choices),
            years=years,
            decades=statistics.by_decade(years),
            undated=counts["undated"],
            by_province=statistics.by_province("CN"),
            by_state=statistics.by_province("US"),
            by_category=statistics.by_category(),
        )
        form = statistics.ProvinceTableForm(
            self.request.GET or None, countries=public_places_to_filter_by()["countries"]
        )
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
def datapackage_json(request):
    return JsonResponse(
        data_dictionary.datapackage(request),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        content_type="application/json",
    )


# Read-only like every public URL: without this, POST, PUT and DELETE were answered as GET.
@require_safe
def geojson_download(request):
    response = JsonResponse(geojson(), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    response["Content-Disposition"] = 'attachment; filename="sister-pairs.geojson"'
    return response


def _attachment(kind, queryset, fmt, name):
    body, content_type, _filename = export_rows(kind, queryset, fmt, public=True)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
def pairing_list_download(request, fmt):
    """The pair list's current view (same filters and search), as CSV, XLSX or JSON."""
    filterset = PairingFilter(request.GET, queryset=Pairing.objects.public())
    return _attachment("pairings", filterset.qs, fmt, "sister-pairs-selection")


PUBLIC_DOWNLOADS = {
    "pairings": lambda: Pairing.objects.public(),
    "places": lambda: Jurisdiction.objects.public(),
    "activities": lambda: ExchangeActivity.objects.public(),
}


@require_safe
def registry_download(request, what, fmt):
    """The whole published registry: pairings, places or activities, as CSV, XLSX or JSON."""
    if what not in PUBLIC_DOWNLOADS:
        raise Http404
    kind = "jurisdictions" if what == "places" else what
    return _attachment(kind, PUBLIC_DOWNLOADS[what](), fmt, f"sister-pairs-{what}")
