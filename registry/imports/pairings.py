"""Planning a pairings file: each row is a pair of places, found by name or code; a pair already
in the registry (in either order) is updated, a new one created."""

from django.db.models import Q
from django.utils.translation import gettext as _

from registry.batches import PARAMETERS_PER_QUERY, batches
from registry.models import Pairing, PairingKind, Status, Tier
from registry.slugs import free_slug, pairing_slug_candidates
from registry.taken_slugs import TakenSlugs

from . import cells
from .places import PlaceError, PlaceIndex
from .plan import NEW, UNCHANGED, UPDATED, RowResult, SheetRows, linked_sources
from .rows import changed_fields, describe_changes, model_errors, snapshot
from .widgets import Choice, PartialDate, Place, Text, Urls

FIELDS = [
    "kind",
    "tier",
    "status",
    "established_on",
    "established_precision",
    "established_approximate",
    "ended_on",
    "ended_precision",
    "ended_approximate",
    "public_note",
]
FIELD_COLUMNS = {
    "kind": "kind",
    "tier": "tier",
    "status": "status",
    "established_on": "established",
    "established_precision": "established",
    "established_approximate": "established",
    "ended_on": "ended",
    "ended_precision": "ended",
    "ended_approximate": "ended",
    "public_note": "notes",
    "side_a": "side_a_city",
    "side_b": "side_b_city",
}


def place_key(place):
    return place.pk if place.pk is not None else ("new", id(place))


SIDES = {"side_a": Place("side_a"), "side_b": Place("side_b")}


def resolve_sides(index, row, result, known):
    """(side A, side B), or (None, None) with the errors recorded. `known` remembers what each
    side's three cells gave (a place or its error), so a place named on many rows is looked up
    once. The same cells always give the same answer in a file of pairs or activities: rows add
    no place to the index, except the place created for a name not found (create_places), which
    the same cells would find again."""
    sides: list = []
    for prefix, widget in SIDES.items():
        texts = tuple(cells.text(row.get(f"{prefix}_{part}")) for part in ("country", "province", "city"))
        key = (prefix, *texts)
        if key not in known:
            try:
                known[key] = widget.clean(texts[2], row=row, index=index)
            except PlaceError as error:
                known[key] = error
        found = known[key]
        if isinstance(found, PlaceError):
            result.error(found.column, found)
            sides.append(None)
        else:
            sides.append(found)
    return sides


class PairingRows(SheetRows):
    """A pairings file's rows. The places of every row are found first (`prepare`), so that only
    the pairs the file names are loaded, not the whole registry's."""

    widgets = {
        "side_a_city": SIDES["side_a"],
        "side_b_city": SIDES["side_b"],
        "kind": Choice(PairingKind),
        "tier": Choice(Tier),
        "status": Choice(Status),
        "established": PartialDate(),
        "ended": PartialDate(),
        "source_url": Urls(),
        "notes": Text(),
    }

    def prepare(self):
        self.index = PlaceIndex(create_missing=self.create_places)
        self.resolved = {}  # row number → (its result so far, side A, side B)
        known: dict[tuple, object] = {}
        for number, row in self.table.rows:
            result = RowResult(number)
            self.resolved[number] = (result, *resolve_sides(self.index, row, result, known))
        sides = list(self.resolved.values())
        self.existing = pairings_between(self.index, [(a, b) for _result, a, b in sides])
        self.linked = linked_sources(Pairing, [pairing.pk for pairing in self.existing.values()])
        self.slugs, self.candidates = _new_pair_slugs(sides, self.existing)
        self.seen: dict[frozenset, int] = {}  # pair → first row naming it

    def check(self, number, row):
        result, side_a, side_b = self.resolved.pop(number)
        if side_a is None or side_b is None:
            self._read_cells(Pairing(), result, row)  # report the row's other errors too
            return result
        result.label = f"{side_a.local_name()} – {side_b.local_name()}"
        created = [p for p in (side_a, side_b) if p.pk is None]
        result.new_places = [str(p.name_en) for p in created]
        key = frozenset((place_key(side_a), place_key(side_b)))
        if key in self.seen:
            result.error(
                "side_b_city",
                _("Row %(row)s and row %(other)s are the same pair: keep one.")
                % {"row": number, "other": self.seen[key]},
            )
            self._read_cells(Pairing(), result, row)  # its other errors, to correct at once
            return result
        self.seen[key] = number
        pairing = self.existing.get(key)
        is_new = pairing is None
        if is_new:
            pairing = Pairing(side_a=side_a, side_b=side_b)
            pairing.kind = (
                PairingKind.PROVINCE_STATE
                if not cells.text(row.get("side_a_city")) and not cells.text(row.get("side_b_city"))
                else PairingKind.CITY
            )
        before = snapshot(pairing, FIELDS)
        self._read_cells(pairing, result, row)
        links = self._new_source_urls(pairing, row, result)
        if result.errors:
            return result
        # Foreign keys and the slug are checked against the preloaded rows: the model's checks
        # would cost a query each.
        model_errors(pairing, result, FIELD_COLUMNS, exclude=["side_a", "side_b", "slug"])
        if not result.errors and (side_a.pk is None or side_b.pk is None):
            # The model checks sides only once both are saved; a created place is not yet.
            _check_new_sides(pairing, result)
        if result.errors:
            return result
        plan = self.plan
        if is_new:
            pairing.slug = free_slug(self.candidates[place_key(side_a), place_key(side_b)], self.slugs)
            plan.creates.append(pairing)
            result.status = NEW
        else:
            changes = changed_fields(pairing, before)
            if changes:
                plan.updates.append(pairing)
                plan.update_fields.update(changes)
                result.status = UPDATED
                result.changed = sorted({FIELD_COLUMNS[f] for f in changes})
                result.changes = describe_changes(pairing, before, changes, FIELD_COLUMNS)
        if links:
            plan.source_links.extend((pairing, url) for url in links)
            if result.status == UNCHANGED:
                result.status = UPDATED
                result.changed.append("source_url")
        return result

    def finish(self):
        self.plan.new_places = self.index.new_places

    def _new_source_urls(self, pairing, row, result):
        """The row's source addresses the pair does not cite yet (all of them for a new pair)."""
        try:
            if not cells.is_blank(row.get("source_url")):
                urls = self.widgets["source_url"].clean(row["source_url"])
                return [u for u in urls if pairing.pk is None or (pairing.pk, u) not in self.linked]
        except ValueError as error:
            result.error("source_url", error)
        return []

    def _read_cells(self, pairing, result, row):
        for column in ("kind", "tier", "status"):
            self.set(pairing, result, row, column, required=True)
        self.set(pairing, result, row, "established", empty=None)
        self.set(pairing, result, row, "ended", empty=None)
        self.set(pairing, result, row, "notes", "public_note")


def _new_pair_slugs(resolved, existing):
    """(taken slugs, {(side A, side B): the slugs a new pair of them tries, best first}). A new
    pair takes no slug a pair has or had (an old address keeps leading to its pair): the slugs the
    file's new pairs would try are asked of the database at once, not every pair's slug."""
    slugs = TakenSlugs(Pairing)
    candidates = {}
    for _result, side_a, side_b in resolved:
        if side_a is None or side_b is None:
            continue
        sides = (place_key(side_a), place_key(side_b))
        if frozenset(sides) not in existing:
            candidates[sides] = pairing_slug_candidates(side_a, side_b, side_a.parent, side_b.parent)
    slugs.prefetch(slug for tried in candidates.values() for slug in tried)
    return slugs, candidates


# Places per query: a place is named twice in its query (either side).
PER_QUERY = PARAMETERS_PER_QUERY // 2


def pairings_between(index, sides):
    """The registry's pairings between the places of `sides` [(side A, side B)] (in either order),
    keyed by the frozenset of their sides' pks, with the sides taken from the place index (no query
    when a row reads them). The pairs of the file's places are read by each side's index, PER_QUERY
    places a query, whatever the size of the registry; a place has tens of pairs, not thousands."""
    wanted = {
        frozenset((a.pk, b.pk))
        for a, b in sides
        if a is not None and b is not None and a.pk is not None and b.pk is not None and a.pk != b.pk
    }
    places = sorted({pk for pair in wanted for pk in pair})
    existing = {}
    for chunk in batches(places, PER_QUERY):
        for pairing in Pairing.objects.filter(Q(side_a__in=chunk) | Q(side_b__in=chunk)):
            key = frozenset((pairing.side_a_id, pairing.side_b_id))
            if key in wanted and key not in existing:
                pairing.side_a = index.places[pairing.side_a_id]
                pairing.side_b = index.places[pairing.side_b_id]
                existing[key] = pairing
    return existing


def _check_new_sides(pairing, result):
    """The model's side rules for a pair with a side not yet saved (see Pairing._side_errors)."""
    a, b = pairing.side_a, pairing.side_b
    if a.country == b.country:
        result.error("side_b_country", _("The two sides must be in different countries."))
    elif pairing.kind == PairingKind.PROVINCE_STATE:
        result.error("kind", _("A new place is a city: the pair is a city pair (kind city)."))
    else:
        for prefix, side in (("side_a", a), ("side_b", b)):
            if not side.takes_city_pairs:
                result.error(
                    f"{prefix}_province",
                    _("%(place)s is province level and cannot be a side of a city pair.")
                    % {"place": side.name_en},
                )
