"""The registry's counts, computed once per data version (registry/data_state.py) and kept in the
database: the home and statistics pages read one row (one query) instead of counting every published pair
and activity per request (about a second at 100,000 pairs and 1,000,000 activities).

    data = summary.current()   # {"headline": {...}, "years": {...}, "kind": {...}, ...}

The task worker computes it right after each write commits (registry/tasks/summary.py), so
visitors seldom wait for it; a request that finds none for the current version computes and
stores it itself, so a page never shows counts of an older state. Only numbers and keys are
kept (choice values, place ids): labels are the page's language's, added by
registry/statistics.py."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from . import data_state
from .models import ExchangeActivity, Jurisdiction, Pairing, PairingKind, Status, Summary


def current():
    """The summary of the data as it is now: the stored one, or computed and stored. Inside a
    transaction that has written (and not committed), computed from what it sees, not stored."""
    if data_state.pending():
        return compute()
    current = Summary.objects.filter(version=data_state.current_expression())
    stored = current.values_list("data", flat=True).first()
    if stored is not None:
        return stored
    # Read before counting: counts that include a later write are stored under the older version,
    # which that write's version makes unreachable.
    version = data_state.current()
    return store(version, compute())


def store(version, data):
    """Keep `data` as version `version`'s summary and drop older ones. Two processes computing
    the same version at once store it once."""
    try:
        with transaction.atomic():
            Summary.objects.create(version=version, data=data)
    except IntegrityError:  # stored meanwhile by another process, from the same data
        pass
    Summary.objects.filter(version__lt=version).delete()
    return data


def compute():
    """Every count the home and statistics pages show, from the published records."""
    pairs = Pairing.objects.public()
    return {
        "headline": headline(pairs),
        "years": _counts(
            pairs.filter(established_on__isnull=False).annotate(year=ExtractYear("established_on")),
            "year",
        ),
        "kind": _counts(pairs, "kind"),
        "tier": _counts(pairs, "tier"),
        "status": _counts(pairs, "status"),
        "category": _counts(ExchangeActivity.objects.public(), "category"),
        "provinces": provinces(pairs),
    }


def headline(pairs):
    """Pairs by kind and status, those with no known date, and the places and countries that take
    part."""
    counts = pairs.aggregate(
        total=Count("pk"),
        province_state=Count("pk", filter=Q(kind=PairingKind.PROVINCE_STATE)),
        city=Count("pk", filter=Q(kind=PairingKind.CITY)),
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        ended=Count("pk", filter=Q(status=Status.ENDED)),
        unknown=Count("pk", filter=Q(status=Status.UNKNOWN)),
        undated=Count("pk", filter=Q(established_on__isnull=True)),
    )
    # Places that are themselves a side of a published pair (not the provinces around them).
    # Two hashed lists of side ids, not a lookup of every place in the pairs (0.42 s → 0.15 s at
    # 100,000 pairings).
    sides = Jurisdiction.objects.filter(Q(pk__in=pairs.values("side_a")) | Q(pk__in=pairs.values("side_b")))
    counts.update(sides.aggregate(places=Count("pk"), countries=Count("country", distinct=True)))
    return counts


def provinces(pairs):
    """{country: {province id: published pairs of it or of places in it}}. A pair joins places of
    two countries, so it counts once for a province of each: counted per side, one GROUP BY each."""
    counts = {}
    pairs = pairs.with_provinces()
    for side in ("a", "b"):
        rows = pairs.values_list(f"side_{side}__country", f"province_{side}").annotate(n=Count("pk"))
        for country, province, n in rows.order_by():
            counts.setdefault(country, Counter())[str(province)] += n
    return {country: dict(per_province) for country, per_province in counts.items()}


def _counts(queryset, field):
    """{value: rows} of one GROUP BY; keys as text, as JSON keeps them."""
    return {str(value): n for value, n in queryset.values_list(field).annotate(n=Count("pk")).order_by()}
