"""Suggested partners for a place: a short, ranked list of places in the wanted country, each with
the plain-language reasons it was suggested.

Ranking rules (also in README.md, "Partner seeking"). A candidate is a place in a wanted country,
at the same level as the place (a city for a city, a province/state for a province/state), that is
not the place itself and not already paired with it (in any status: a suggestion never names a
partner the place has or had). Candidates are ordered by, in turn:

1. **Mutual match** — both places have an open, published profile, each wants a partner in the
   other's country, and their fields of interest overlap.
2. **The candidate is seeking** a partner in the place's country (an open, published profile).
3. **Sister provinces/states** — the two places' provinces/states are already paired (and that
   pairing has not ended): the usual channel for a new city tie.
4. **The candidate has no partner in the place's country yet** (the reason says "neither" when
   the place has none in the candidate's country either).
5. **Shared fields in past activities** — both have published exchange activities in at least
   one same category (the reason names every shared category).
6. **Comparable population** — both profiles give a population and the larger is at most twice
   the smaller. Never guessed: without both figures this rule says nothing.

Ties go by English name. A candidate is listed only with at least one reason, and every reason
names recorded facts (profiles, pairings, activities), never a guess.

The whole ranking is one SQL query over the candidates (ordered and cut to the limit in the
database), after three small queries about the place itself, and up to three about the listed
candidates to word their reasons: the number of queries does not grow with the data. Which places
are paired into a country, and which have activities of a field, are id sets kept in the cache per
state of the data (two queries each the first time after a write)
(timings: benchmarks/seeking_bench.py).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, Value
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from ..i18n import enumeration
from ..models import ActivityCategory, ExchangeActivity, Jurisdiction, Level, Pairing, Status
from ..page_cache import current_generation
from .models import SeekingProfile

DEFAULT_LIMIT = 10
POPULATION_FACTOR = 2


RULES = (
    "is_mutual",
    "is_seeking_here",
    "has_sister_provinces",
    "unpartnered_here",
    "shared_fields",
    "comparable_population",
)


def has_reason(candidate):
    return any(getattr(candidate, rule) for rule in RULES)


def candidate_is_comparable(mine, theirs):
    return mine / POPULATION_FACTOR <= theirs <= mine * POPULATION_FACTOR


@dataclass
class Suggestion:
    place: Jurisdiction
    reasons: list = field(default_factory=list)
    # Whether the place has a public page (a side of a published pair, or containing one).
    has_page: bool = False


@dataclass
class Suggestions:
    """The answer for one place: what it was computed from, and the ranked places."""

    place: Jurisdiction
    countries: list
    profile: SeekingProfile | None
    items: list

    def country_names(self):
        return [_country_name(code) for code in self.countries]


def category_labels(values):
    labels = dict(ActivityCategory.choices)
    return enumeration(labels[value] for value in sorted(values, key=list(labels).index))


def _country_name(code):
    return str(country_names.name(str(code)) or code)


def seeking_profile(place):
    """The place's open, published profile, if it has one (the newest)."""
    return SeekingProfile.objects.public().open().filter(place=place).order_by("-modified_at", "-pk").first()


def _province_path(level):
    """How a place of this level reaches its province/state (None: it is one)."""
    return {Level.PROVINCE: None, Level.CITY: "parent", Level.COUNTY: "parent__parent"}[level]


def suggest_partners(place, *, countries=None, limit=DEFAULT_LIMIT):
    """Ranked suggestions for `place` (a Jurisdiction, with its parents selected), in `countries`
    (ISO codes) or else in the countries its profile wants, or else in the country where it and
    its province/state have the most published partners."""
    profile = seeking_profile(place)
    province = place.province()
    # One query: every pairing of the place or of its province/state.
    own_ids = {place.pk} | ({province.pk} if province else set())
    links = Pairing.objects.filter(Q(side_a__in=own_ids) | Q(side_b__in=own_ids)).values_list(
        "side_a", "side_a__country", "side_b", "side_b__country", "status", "is_published"
    )
    partners, partner_countries, province_partners, channel_countries = set(), set(), set(), Counter()
    for a, a_country, b, b_country, status, published in links:
        mine, other, other_country = (a, b, b_country) if a in own_ids else (b, a, a_country)
        if mine == place.pk:
            # Never suggested again, published or not (the pair exists); only published pairs
            # are reasons shown to visitors.
            partners.add(other)
        if not published:
            continue
        channel_countries[other_country] += 1
        if mine == place.pk:
            partner_countries.add(other_country)
        elif status != Status.ENDED:
            province_partners.add(other)
    if countries:
        targets = [str(code) for code in countries]
    elif profile:
        targets = [str(code) for code in profile.wanted_countries]
    else:
        # The country where the place and its province/state have the most published partners.
        ranked_countries = sorted(channel_countries.items(), key=lambda item: (-item[1], item[0]))
        targets = [code for code, _count in ranked_countries[:1]]
    targets = [code for code in targets if code != str(place.country)]
    if not targets:
        return Suggestions(place=place, countries=[], profile=profile, items=[])

    categories = set(
        ExchangeActivity.objects.public()
        .filter(Q(pairings__side_a=place) | Q(pairings__side_b=place), pairings__is_published=True)
        .order_by()
        .values_list("category", flat=True)
        .distinct()
    )
    ranked = _ranked_candidates(place, targets, profile, province_partners, partner_countries, categories)
    # A candidate with no reason sorts after every candidate with one: drop those from the cut
    # here rather than test every rule twice in SQL (in WHERE and again in ORDER BY).
    candidates = [candidate for candidate in ranked.exclude(pk__in=partners)[:limit] if has_reason(candidate)]
    items = _with_reasons(place, province, profile, candidates, categories, partner_countries)
    return Suggestions(place=place, countries=targets, profile=profile, items=items)


def _flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


class PkIn(Func):
    """Whether the row's pk is one of `ids` (or, negated, none of them), as a column. On
    PostgreSQL the ids travel as one array parameter (`= ANY(%s)`): as `IN (%s, %s, …)` Django
    built and sent one parameter per id, which cost more than the query for thousands of ids."""

    output_field = BooleanField()

    def __init__(self, ids, *, negated=False):
        super().__init__(F("pk"))
        self.ids, self.negated = list(ids), negated

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        # Written into the SQL (they are integers from the database): SQLite refuses more than
        # 32,766 parameters in one statement.
        ids = ",".join(str(int(pk)) for pk in self.ids)
        return f"({column} {'NOT ' if self.negated else ''}IN ({ids}))", params

    @cached_property
    def identity(self):
        # Django's default identity hashes every constructor argument, each id one by one.
        return (type(self), id(self))

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        # As an array literal: psycopg adapts a list of thousands of ints many times slower.
        array = "{" + ",".join(map(str, self.ids)) + "}"
        # NOT (= ANY): PostgreSQL hashes the array for = ANY, not for <> ALL.
        sql = f"(NOT ({column} = ANY(%s::bigint[])))" if self.negated else f"({column} = ANY(%s::bigint[]))"
        return sql, [*params, array]


def _in(ids, *, negated=False):
    """`pk IN ids` (or NOT IN) as a column; a constant when there are no ids."""
    return PkIn(ids, negated=negated) if ids else Value(negated)


def _cached(name, compute):
    """A set of place ids that depends only on the registry data: computed once per state of the
    data (the page cache's generation, which every registry write advances) and kept in the cache.
    Each is a pass over every pairing or every activity, the costliest part of a suggestion, and
    the same for every place of a country."""
    key = f"registry:seeking:{name}:{current_generation()}"
    return cache.get_or_set(key, compute, settings.PAGE_CACHE_SECONDS)


def partnered_in(country, others):
    """Ids of the places in `others` (countries) paired with a place in `country`."""

    def compute():
        pairs = Pairing.objects.order_by()
        return sorted(
            set(
                pairs.filter(side_b__country=country, side_a__country__in=others).values_list(
                    "side_a", flat=True
                )
            )
            | set(
                pairs.filter(side_a__country=country, side_b__country__in=others).values_list(
                    "side_b", flat=True
                )
            )
        )

    return _cached(f"partnered:{country}:{','.join(sorted(others))}", compute)


def active_in(categories, countries):
    """Ids of the places in `countries` with a published activity of one of `categories` in a
    published pair."""

    def compute():
        pairs = Pairing.objects.public().filter(
            activities__category__in=categories, activities__is_published=True
        )
        return sorted(
            set(pairs.filter(side_a__country__in=countries).order_by().values_list("side_a", flat=True))
            | set(pairs.filter(side_b__country__in=countries).order_by().values_list("side_b", flat=True))
        )

    return _cached(f"active:{','.join(sorted(categories))}:{','.join(sorted(countries))}", compute)


def _ranked_candidates(place, targets, profile, province_partners, partner_countries, categories):
    """One query: the candidates in `targets`, each rule a column, ordered by the rules.

    The profiles' rules are `pk IN (subquery)`, computed once per query (not once per candidate:
    a correlated EXISTS per candidate took seconds over the 20,000 cities of several countries);
    the rules over every pairing and activity use id sets kept per state of the data."""
    seeking = SeekingProfile.objects.public().open()
    seeking_here = seeking.wanting(place.country)
    if profile and profile.interests:
        mutual = _flag(
            Q(country__in=[str(c) for c in profile.wanted_countries])
            & Q(pk__in=seeking_here.interested_in_any(profile.interests).values("place"))
        )
    else:
        mutual = Value(False)
    path = _province_path(place.level)
    sisters = _flag(Q(**{f"{path}__in": province_partners})) if path and province_partners else Value(False)
    partnered = partnered_in(str(place.country), targets)
    unpartnered = _in(partnered, negated=True)
    shared = _in(active_in(sorted(categories), targets)) if categories else Value(False)
    if profile and profile.population:
        low, high = profile.population / POPULATION_FACTOR, profile.population * POPULATION_FACTOR
        comparable = _flag(
            Q(pk__in=seeking.filter(population__gte=low, population__lte=high).values("place"))
        )
    else:
        comparable = Value(False)
    return (
        Jurisdiction.objects.filter(country__in=targets, level=place.level)
        .exclude(pk=place.pk)
        .select_related("parent", "parent__parent")
        .annotate(
            is_mutual=mutual,
            is_seeking_here=_flag(Q(pk__in=seeking_here.values("place"))),
            has_sister_provinces=sisters,
            unpartnered_here=unpartnered,
            shared_fields=shared,
            comparable_population=comparable,
        )
        .order_by(*(f"-{rule}" for rule in RULES), "name_en", "pk")
    )


def _with_reasons(place, province, profile, candidates, categories, partner_countries):
    """Word each candidate's reasons: at most three queries for all of them (their profiles'
    fields, the activity fields they share with the place, which of them have a public page)."""
    ids = [candidate.pk for candidate in candidates]
    interests, populations = {}, {}
    if profile:
        for place_id, values, population in (
            SeekingProfile.objects.public()
            .open()
            .filter(place__in=[c.pk for c in candidates if c.is_mutual or c.comparable_population])
            .order_by("-modified_at", "-pk")
            .values_list("place_id", "interests", "population")
        ):
            interests.setdefault(place_id, set(values))
            if population and profile.population and candidate_is_comparable(profile.population, population):
                populations.setdefault(place_id, population)
    shared = {}
    if categories and any(candidate.shared_fields for candidate in candidates):
        rows = (
            ExchangeActivity.objects.public()
            .filter(category__in=categories, pairings__is_published=True)
            .filter(Q(pairings__side_a__in=ids) | Q(pairings__side_b__in=ids))
            .order_by()
            .values_list("pairings__side_a", "pairings__side_b", "category")
            .distinct()
        )
        for side_a, side_b, category in rows:
            for side in (side_a, side_b):
                if side in ids:
                    shared.setdefault(side, set()).add(category)
    with_pages = set(Jurisdiction.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    items = []
    for candidate in candidates:
        reasons = []
        if candidate.is_mutual:
            common = set(profile.interests) & interests.get(candidate.pk, set())
            reasons.append(
                format_lazy(
                    _("Both are seeking a partner in each other's country, with shared fields: {fields}."),
                    fields=category_labels(common),
                )
            )
        elif candidate.is_seeking_here:
            reasons.append(
                format_lazy(
                    _("{place} is looking for a partner in {country}."),
                    place=candidate.local_name(),
                    country=_country_name(place.country),
                )
            )
        if candidate.has_sister_provinces:
            reasons.append(
                format_lazy(
                    _("Their provinces/states, {mine} and {theirs}, are already sisters."),
                    mine=province.local_name(),
                    theirs=candidate.province().local_name(),
                )
            )
        if candidate.unpartnered_here:
            if str(candidate.country) in partner_countries:
                reasons.append(
                    format_lazy(
                        _("{place} has no partner in {country} yet."),
                        place=candidate.local_name(),
                        country=_country_name(place.country),
                    )
                )
            else:
                reasons.append(_("Neither has a partner in the other's country yet."))
        if candidate.shared_fields:
            reasons.append(
                format_lazy(
                    _("Both have held exchanges in: {fields}."),
                    fields=category_labels(shared.get(candidate.pk, set())),
                )
            )
        if candidate.comparable_population and candidate.pk in populations:
            reasons.append(
                format_lazy(
                    _("Comparable population: {mine} and {theirs}, as their profiles give them."),
                    mine=number_format(profile.population, force_grouping=True),
                    theirs=number_format(populations[candidate.pk], force_grouping=True),
                )
            )
        items.append(
            Suggestion(
                place=candidate,
                reasons=[str(reason) for reason in reasons],
                has_page=candidate.pk in with_pages,
            )
        )
    return items
