"""The maps' data as JSON, apart from the pages that show them (registry/map_layers.py computes
it): the world view's flows, the arcs of one tile, and the places the map page's finder finds.

Each takes the pair list's filters (the map page passes its own on), and the flows and tiles also
`place`, a place's slug: the pairs of that place and of the places in it (the place page's map).
A filter value that is not valid is a 400 with the form's messages, never a 500.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import derived_tables, map_layers
from .filters import PairingFilter, search_names
from .geo import lonlat, pacific_longitude
from .models import Jurisdiction, Pairing
from .page_cache import current_generation

FINDER_LIMIT = 10
FINDER_CANDIDATES = 500


class MapPlaceForm(forms.Form):
    """The parameters the map endpoints read besides the pair list's filters."""

    place = forms.SlugField(required=False, max_length=250, label=_("Place"))
    find = forms.CharField(required=False, max_length=100, label=_("Find a place"))


def _json(data, status=200):
    return JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )


def _selection(request):
    """(published pairs of the request's filters and place, a cache key for them), or a 400."""
    filterset = PairingFilter(request.GET, queryset=Pairing.objects.public())
    extra = MapPlaceForm(request.GET)
    if not filterset.form.is_valid() or not extra.is_valid():
        errors = {**filterset.form.errors.get_json_data(), **extra.errors.get_json_data()}
        return None, _json({"errors": errors}, status=400)
    pairs = filterset.qs
    if extra.cleaned_data["place"]:
        place = Jurisdiction.objects.public().filter(slug=extra.cleaned_data["place"]).first()
        if place is None:
            raise Http404
        pairs = derived_tables.in_region(pairs, place.pk)
    key = request.GET.urlencode()
    return (pairs, key), None


@require_safe
def flows_json(request):
    selection, error = _selection(request)
    if error:
        return error
    pairs, key = selection
    return _json(map_layers.cached("flows", key, lambda: map_layers.flows(pairs)))


@require_safe
def tile_json(request, zoom, x, y):
    bounds = map_layers.tile_bounds(zoom, x, y)
    if bounds is None:
        raise Http404
    selection, error = _selection(request)
    if error:
        return error
    pairs, key = selection
    return _json(map_layers.cached(f"tile:{zoom}:{x}:{y}", key, lambda: map_layers.tile_arcs(pairs, bounds)))


@require_safe
def finder_json(request):
    """Public places with a position whose names (either language, aliases, any form the gazetteer
    knows) contain `find`, for the map page's finder."""
    form = MapPlaceForm(request.GET)
    if not form.is_valid():
        return _json({"errors": form.errors.get_json_data()}, status=400)
    text = form.cleaned_data["find"].strip()
    if not text:
        return _json({"places": []})

    def compute():
        # The names first, then which of them are public: public() over every place of the
        # registry costs far more than over the few that match. When the names match more places
        # than that and too few of the first ones are public, the slow way finds the rest.
        named = search_names(Jurisdiction.objects.filter(latitude__isnull=False), [""], text)
        named = named.order_by("level", "name_en", "slug")
        candidates = list(named.values_list("pk", flat=True)[:FINDER_CANDIDATES])
        public = Jurisdiction.objects.public().select_related("parent").order_by("level", "name_en", "slug")
        found = list(public.filter(pk__in=candidates)[:FINDER_LIMIT])
        if len(found) < FINDER_LIMIT and len(candidates) == FINDER_CANDIDATES:
            found = list(public.filter(pk__in=named.values("pk"))[:FINDER_LIMIT])
        return {
            "places": [
                {
                    "label": str(place),
                    "url": place.get_absolute_url(),
                    "point": [float(place.latitude), pacific_longitude(lonlat(place)[0])],
                    "level": place.level,
                }
                for place in found
            ]
        }

    digest = hashlib.sha256(text.casefold().encode()).hexdigest()
    key = f"registry:map:finder:{current_generation()}:{get_language()}:{digest}"
    return _json(cache.get_or_set(key, compute, settings.PAGE_CACHE_SECONDS))
