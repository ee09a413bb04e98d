"""Read-only JSON API of the published registry (django-ninja), at /api/ with its OpenAPI
description at /api/openapi.json and docs at /api/docs (a page drawn from it: registry/api_docs.py).

The list filters are the pair list page's filters (registry/filters.py): the same parameters give
the same pairs. Dates are ISO strings at their known precision: "1983", "1983-05" or "1983-05-02".
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from .api_docs import ReadableDocs
from .filters import ActivityFilter, PairingFilter, search_names
from .models import ExchangeActivity, Jurisdiction, Milestone, Pairing
from .redirects import redirect_retired_slug

api = NinjaAPI(
    title="Sister-pairs registry API",
    version="1",
    description="Published China–US sister relationships (province–state and city pairs). Read-only.",
    urls_namespace="api",
    docs=ReadableDocs(),
)
router = Router()


class Pagination(PageNumberPagination):
    class Input(Schema):
        # Bounded so that no page number can overflow the database's OFFSET.
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=500)


class PlaceOut(Schema):
    slug: str
    name_en: str
    name_zh: str
    country: str
    level: str
    designation: str
    iso_3166_2: str
    parent: str | None = Field(None, description="Slug of the province/state or city it lies in.")
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_country(place):
        return str(place.country)

    @staticmethod
    def resolve_parent(place):
        return place.parent.slug if place.parent_id else None


class PairOut(Schema):
    slug: str
    kind: str
    tier: str
    status: str
    evidence: str = Field(description="official, news, list, or empty when not assessed")
    established: str | None
    ended: str | None
    side_a: PlaceOut
    side_b: PlaceOut
    public_note: str

    @staticmethod
    def resolve_established(pairing):
        return pairing.established.isoformat() if pairing.established else None

    @staticmethod
    def resolve_ended(pairing):
        return pairing.ended.isoformat() if pairing.ended else None


class SourceOut(Schema):
    url: str
    title: str
    publisher: str
    published_on: str | None

    @staticmethod
    def resolve_published_on(source):
        return source.published_on.isoformat() if source.published_on else None


class MilestoneOut(Schema):
    kind: str = Field(
        description="intent_signed, approved, established, renewed, reclassified, suspended, resumed or ended"
    )
    occurred: str | None
    basis: str = Field(
        description="What happened on the date: signed, council_resolution, approved, ceremony, reported; "
        "empty when not known."
    )
    tier: str = Field(description="For a reclassification: the tier the pair has from this date; else empty.")
    acting_side: str | None = Field(None, description="Slug of the side that acted, if one did.")
    description: str
    sources: list[SourceOut]

    @staticmethod
    def resolve_occurred(milestone):
        return milestone.occurred.isoformat() if milestone.occurred else None

    @staticmethod
    def resolve_acting_side(milestone):
        return milestone.acting_side.slug if milestone.acting_side_id else None

    @staticmethod
    def resolve_sources(milestone):
        return list(milestone.sources.all())


class PairActivityOut(Schema):
    id: int
    category: str
    title_en: str
    title_zh: str
    starts: str | None

    @staticmethod
    def resolve_starts(activity):
        return activity.starts.isoformat() if activity.starts else None


class PairDetailOut(PairOut):
    """One pair with its sources, its history (milestones) and its published activities."""

    established_basis: str = Field(
        description="What happened on the establishment date: signed, council_resolution, approved, "
        "ceremony, reported; empty when not known."
    )
    sources: list[SourceOut]
    milestones: list[MilestoneOut]
    activities: list[PairActivityOut]

    @staticmethod
    def resolve_sources(pairing):
        return list(pairing.sources.all())

    @staticmethod
    def resolve_milestones(pairing):
        return list(pairing.milestones.all())

    @staticmethod
    def resolve_activities(pairing):
        return pairing.public_activities


class ActivityOut(Schema):
    id: int
    category: str
    title_en: str
    title_zh: str
    description_en: str
    description_zh: str
    starts: str | None
    place: str
    pairs: list[str]

    @staticmethod
    def resolve_starts(activity):
        return activity.starts.isoformat() if activity.starts else None

    @staticmethod
    def resolve_pairs(activity):
        return [pairing.slug for pairing in activity.public_pairings]


class PairFilters(Schema):
    q: str | None = Field(None, description="Text in an English or Chinese name or alias of either side.")
    kind: str | None = Field(None, description="province_state or city")
    tier: str | None = None
    status: str | None = None
    country: str | None = Field(None, description="CN or US")
    region: str | None = Field(None, description="Slug of a province/state: pairs of it or inside it.")
    year_from: int | None = None
    year_to: int | None = None
    category: str | None = Field(None, description="Pairs with a published activity of this category.")
    sort: str | None = Field(None, description="established, -established, name or -name")


class ActivityFilters(Schema):
    category: str | None = None
    year: int | None = None
    place: str | None = None


def filtered(filterset_class, filters, queryset):
    filterset = filterset_class(filters.dict(exclude_none=True), queryset=queryset)
    if not filterset.is_valid():
        raise HttpError(422, filterset.errors.as_json())
    return filterset.qs


@router.get("/pairs", response=list[PairOut], summary="Published pairs, filtered like the pair list")
@paginate(Pagination, page_size=50)
def list_pairs(request, filters: Query[PairFilters]):
    return filtered(PairingFilter, filters, Pairing.objects.public().for_listing())


@router.get(
    "/pairs/{slug}", response=PairDetailOut, summary="One published pair with sources, milestones, activities"
)
def get_pair(request, slug: str):
    pairs = (
        Pairing.objects.public()
        .for_listing()
        .prefetch_related(
            "sources",
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("acting_side").prefetch_related("sources"),
            ),
            Prefetch("activities", queryset=ExchangeActivity.objects.public(), to_attr="public_activities"),
        )
    )
    return _get_or_follow(request, pairs, slug)


class PlaceFilters(Schema):
    q: str | None = Field(None, description="Text in the English or Chinese name or an alias.")
    country: str | None = Field(None, description="CN or US")
    level: str | None = Field(None, description="province, city or county")


@router.get("/places", response=list[PlaceOut], summary="Places that have or contain a published pair")
@paginate(Pagination, page_size=50)
def list_places(request, filters: Query[PlaceFilters]):
    places = Jurisdiction.objects.public().with_parents().order_by("country", "name_en", "slug")
    if filters.q:
        places = search_names(places, [""], filters.q)
    if filters.country:
        places = places.filter(country=filters.country.upper())
    if filters.level:
        places = places.filter(level=filters.level)
    return places


@router.get("/places/{slug}", response=PlaceOut, summary="One place that has a published pair")
def get_place(request, slug: str):
    return _get_or_follow(request, Jurisdiction.objects.public().with_parents(), slug)


def _get_or_follow(request, queryset, slug):
    """The record, or a 301 to its address when `slug` is one it had before."""
    try:
        return get_object_or_404(queryset, slug=slug)
    except Http404:
        return redirect_retired_slug(request, queryset.model, slug)


@router.get("/activities", response=list[ActivityOut], summary="Published exchange activities")
@paginate(Pagination, page_size=50)
def list_activities(request, filters: Query[ActivityFilters]):
    return filtered(ActivityFilter, filters, ExchangeActivity.objects.public().with_public_pairings())


api.add_router("/", router)
