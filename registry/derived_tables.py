"""Tables derived from the whole registry after each write, for the filters that would otherwise
join every activity or every place at world size (100,000 pairs, 1,000,000 activities):

- PairCategory: which activity categories each published pair has (the category filter);
- PairPlace: which places each published pair lies in, its sides and the places around them (a
  province's pairs, for its page and the region filter).

Both hold published pairs only: they serve the public pages' filters, whose pairs are published.

The summary task brings them up to date after each write (`rebuild`). They are read only while
they were rebuilt from the current data version (`current`); otherwise each filter asks the
records themselves, slower at world size, never out of date."""

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from . import data_state
from .models import ExchangeActivity, Jurisdiction, PairCategory, Pairing, PairPlace, Summary
from .models.places import place_pks


def rebuild(version):
    """Bring both tables up to date (only the rows that differ are written, so readers meanwhile
    see the previous rows) and mark `version`'s summary as having them. `version` is the data
    version read before (registry/summary.py): if a write commits meanwhile, the tables are marked
    for the older version, and so not read until the next run."""
    with transaction.atomic():
        _sync(PairCategory, "pairing_id, category", _categories_sql())
        _sync(PairPlace, "pairing_id, place_id", _places_sql())
        Summary.objects.filter(version=version).update(derived_tables=True)


def _sync(model, columns, derived):
    """Make `model`'s table hold exactly the rows (`columns`) that the SELECT `derived` gives."""
    table = connection.ops.quote_name(model._meta.db_table)
    matches = " AND ".join(f"d.{column} = {table}.{column}" for column in columns.split(", "))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM ({derived}) d WHERE {matches})")
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT DISTINCT {columns} FROM ({derived}) d "
            # "WHERE true": SQLite would read ON CONFLICT after a bare FROM as part of a join.
            "WHERE true ON CONFLICT DO NOTHING"
        )


def _categories_sql():
    quote = connection.ops.quote_name
    links, activities = ExchangeActivity.pairings.through._meta.db_table, ExchangeActivity._meta.db_table
    return (
        f"SELECT l.pairing_id, a.category FROM {quote(links)} l "
        f"JOIN {quote(activities)} a ON a.id = l.exchangeactivity_id "
        f"JOIN {quote(Pairing._meta.db_table)} p ON p.id = l.pairing_id "
        "WHERE a.is_published AND p.is_published"
    )


def _places_sql():
    """Each published pair with each side, the side's parent and the parent's parent: the places
    it lies in as Jurisdiction.objects.within() sees them (a place, its children and theirs)."""
    pairs, places = (connection.ops.quote_name(model._meta.db_table) for model in (Pairing, Jurisdiction))
    selects = []
    for side in ("side_a_id", "side_b_id"):
        selects += [
            f"SELECT p.id AS pairing_id, p.{side} AS place_id FROM {pairs} p WHERE p.is_published",
            f"SELECT p.id, s.parent_id FROM {pairs} p JOIN {places} s ON s.id = p.{side} "
            "WHERE p.is_published AND s.parent_id IS NOT NULL",
            f"SELECT p.id, g.parent_id FROM {pairs} p JOIN {places} s ON s.id = p.{side} "
            f"JOIN {places} g ON g.id = s.parent_id WHERE p.is_published AND g.parent_id IS NOT NULL",
        ]
    return " UNION ".join(selects)


def current():
    """Whether the tables were rebuilt from the current data version (one query). Never inside a
    transaction that has written and not committed: what it reads is not that version's data."""
    if data_state.pending():
        return False
    return Summary.objects.filter(version=data_state.current_expression(), derived_tables=True).exists()


def _current(tables):
    """`tables` (a caller's answer of current()), or current() asked now."""
    return current() if tables is None else tables


def with_category(pairs, category, *, tables=None):
    """`pairs` (published ones) that have a published activity of `category`. `tables`: the
    answer of current(), when the caller already asked."""
    if _current(tables):
        return pairs.filter(pk__in=PairCategory.objects.filter(category=category).values("pairing_id"))
    activities = ExchangeActivity.objects.public().filter(category=category, pairings=OuterRef("pk"))
    return pairs.filter(Exists(activities))


def in_region(pairs, places, *, tables=None):
    """`pairs` (published ones) with a side that is one of `places` (a place, a pk or a list of
    pks) or lies in one. `tables`: the answer of current(), when the caller already asked."""
    if _current(tables):
        return pairs.filter(pk__in=PairPlace.objects.filter(place__in=place_pks(places)).values("pairing_id"))
    return pairs.in_region(places)


def children_with_pairs(place, *, tables=None):
    """The places directly inside `place` that a published pair lies in (the pair's side is the
    place or a district of it)."""
    children = place.children.all()
    if _current(tables):
        # Asked child by child, by the table's place index (a few thousand children at most).
        return children.filter(Exists(PairPlace.objects.filter(place=OuterRef("pk"))))
    return children.paired_or_parent_of_paired()
