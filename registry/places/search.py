"""Public search through the place authority: the typed text's keys (names.py) against the keys
reconcile_places stored for each registry place, as a subquery of the list's one query."""

from functools import lru_cache

from django.db.models import Exists, OuterRef, Q

from .models import PlaceKey
from .names import clean, keys
from .resolve import ISO_CODE


def query_keys(text) -> frozenset[str]:
    """The keys of the text as written and without its administrative suffix ("湖北省" → 湖北省,
    湖北, hubeisheng, hubei)."""
    return _query_keys(clean(text))


@lru_cache(maxsize=65536)
def _query_keys(text):
    # Cached: an import looks the same few thousand names up tens of thousands of times.
    exact, loose = keys(text)
    if ISO_CODE.fullmatch(text):
        exact.add(text.replace(" ", "").replace("-", "").casefold())
    return frozenset(exact | loose)


def names_place(path, text):
    """A condition: the place at `path` ("side_a", "" for the place itself) is known by the text."""
    found = query_keys(text)
    if not found:
        return Q()
    place = OuterRef(path or "pk")
    return Q(Exists(PlaceKey.objects.filter(jurisdiction=place, key__in=sorted(found))))
