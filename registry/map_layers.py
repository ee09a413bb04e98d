"""What the maps draw, bounded at any size of the registry, for the JSON endpoints of
registry/map_views.py.

- Flows (the world view): published pairs counted per pair of provinces/states, or per pair of
  countries when there are more than FLOW_LIMIT province flows (then the FLOW_LIMIT busiest, with
  the number of country flows in "total"). Counted in SQL, one row per flow.
- Arcs (zoomed in): the pairs with a side in one square tile of the drawn map, at most
  TILE_ARC_LIMIT of them, province–state pairs and then the oldest first.

Both are computed once per state of the data (the page-cache generation), language and filter,
and kept in the cache, so a great circle is computed once per flow or arc shown, not per request.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Case, Count, F, Q, When
from django.db.models.functions import Greatest, Least
from django.utils.translation import get_language
from django_countries import countries

from .geo import WEST_EDGE, great_circle, leaflet_points, lonlat, map_data
from .models import Jurisdiction, Level, PairingKind
from .page_cache import current_generation

# Above this many province flows, the world view counts pairs per pair of countries instead.
FLOW_LIMIT = 1500
# At most this many arcs per tile; the response says how many more there are.
TILE_ARC_LIMIT = 300
# Tiles are squares of TILE_ORIGIN_SPAN / 2**zoom degrees from (WEST_EDGE, -90) in drawn
# longitudes; zoom is bounded so that a tile never covers the world nor a few streets.
TILE_ORIGIN_SPAN = 720
MIN_TILE_ZOOM, MAX_TILE_ZOOM = 3, 10
FLOW_SEGMENTS = 24


def cached(name, key, compute):
    key = f"registry:map:{name}:{current_generation()}:{get_language()}:{key}"
    return cache.get_or_set(key, compute, settings.PAGE_CACHE_SECONDS)


def flows(pairs):
    """The world view of `pairs` (a queryset of published pairs): province flows, or country flows
    when there are too many; each with its count and, when both ends have a position, its arc."""
    province_rows = list(
        pairs.with_provinces()
        .annotate(a=Least("province_a", "province_b"), b=Greatest("province_a", "province_b"))
        .values("a", "b")
        .annotate(count=Count("pk"))
        .order_by("-count", "a", "b")[: FLOW_LIMIT + 1]
    )
    if len(province_rows) <= FLOW_LIMIT:
        return _province_flows(province_rows)
    return _country_flows(pairs)


def _province_flows(rows):
    ids = {row["a"] for row in rows} | {row["b"] for row in rows}
    places = Jurisdiction.objects.filter(pk__in=ids).only(
        "slug", "name_en", "name_zh", "latitude", "longitude", "country"
    )
    ends = {
        place.pk: {"label": place.local_name(), "url": place.get_absolute_url(), "point": lonlat(place)}
        for place in places
    }
    return {
        "level": "province",
        "flows": [_flow(ends[row["a"]], ends[row["b"]], row["count"]) for row in rows],
    }


def _country_flows(pairs):
    by_countries = (
        pairs.annotate(
            ca=Least("side_a__country", "side_b__country"), cb=Greatest("side_a__country", "side_b__country")
        )
        .values("ca", "cb")
        .annotate(count=Count("pk"))
    )
    # ~200 countries make up to ~20,000 pairs of countries: the FLOW_LIMIT busiest are drawn, and
    # the response says how many are left out, as a tile does.
    rows = list(by_countries.order_by("-count", "ca", "cb")[: FLOW_LIMIT + 1])
    total = by_countries.order_by().count() if len(rows) > FLOW_LIMIT else len(rows)
    rows = rows[:FLOW_LIMIT]
    codes = {row["ca"] for row in rows} | {row["cb"] for row in rows}
    # A country is drawn at the mean drawn position of its provinces/states.
    drawn_longitude = Case(When(longitude__lt=WEST_EDGE, then=F("longitude") + 360), default=F("longitude"))
    centres = {
        row["country"]: (row["lon"] if row["lon"] < 180 else row["lon"] - 360, row["lat"])
        for row in Jurisdiction.objects.filter(
            country__in=codes, level=Level.PROVINCE, latitude__isnull=False
        )
        .values("country")
        .annotate(lon=Avg(drawn_longitude), lat=Avg("latitude"))
        .order_by()
    }

    def end(code):
        point = centres.get(code)
        return {"label": countries.name(code), "url": None, "point": point and tuple(map(float, point))}

    return {
        "level": "country",
        "flows": [_flow(end(row["ca"]), end(row["cb"]), row["count"]) for row in rows],
        "total": total,
    }


def _flow(a, b, count):
    flow = {"a": a["label"], "b": b["label"], "a_url": a["url"], "b_url": b["url"], "count": count}
    if a["point"] and b["point"]:
        flow["points"] = leaflet_points(great_circle(a["point"], b["point"], FLOW_SEGMENTS))
    return flow


def tile_bounds(zoom, x, y):
    """(west, south, east, north) of a tile in drawn degrees, or None for a tile off the map."""
    if not MIN_TILE_ZOOM <= zoom <= MAX_TILE_ZOOM:
        return None
    span = TILE_ORIGIN_SPAN / 2**zoom
    west, south = WEST_EDGE + x * span, -90 + y * span
    if x < 0 or y < 0 or west >= WEST_EDGE + 360 or south >= 90:
        return None
    return west, south, min(west + span, WEST_EDGE + 360), min(south + span, 90)


def places_in(bounds):
    """Places whose drawn position lies in the bounds: the drawn window [WEST_EDGE, WEST_EDGE + 360)
    is real longitude as is up to 180 and real longitude + 360 after it."""
    west, south, east, north = bounds
    condition = Q()
    for shift in (0, 360):
        lo, hi = max(west - shift, -180), min(east - shift, 180)
        if lo < hi:
            condition |= Q(longitude__gte=lo, longitude__lt=hi)
    return Jurisdiction.objects.filter(condition, latitude__gte=south, latitude__lt=north).values("pk")


def tile_arcs(pairs, bounds):
    """The arcs of `pairs` with a side in the tile, at most TILE_ARC_LIMIT, and how many there are."""
    inside = places_in(bounds)
    in_tile = pairs.filter(Q(side_a__in=inside) | Q(side_b__in=inside))
    shown = list(
        in_tile.select_related("side_a", "side_b")
        .only(
            "slug",
            "kind",
            *(f"{side}__{field}" for side in ("side_a", "side_b") for field in _PLACE_FIELDS),
        )
        .order_by(
            Case(When(kind=PairingKind.PROVINCE_STATE, then=0), default=1),
            F("established_on").asc(nulls_last=True),
            "slug",
        )[:TILE_ARC_LIMIT]
    )
    # Counted every time, not only past the limit, so that a tile costs the same queries at any size.
    return {"total": in_tile.count(), **map_data(shown)}


_PLACE_FIELDS = ("slug", "name_en", "name_zh", "latitude", "longitude")
