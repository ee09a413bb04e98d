"""Which activity categories each published pair has (PairCategory), for the pair list's and the
API's category filter. Rebuilt from the activities by the summary task after each write, in one
INSERT … SELECT; read only while it was rebuilt from the current data version, and otherwise the
filter asks the activities themselves (slower at a million activities, never wrong)."""

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import DataState, ExchangeActivity, PairCategory, Summary


def rebuild(version):
    """Bring the table up to date with the published activities (only the rows that differ are
    written, so readers meanwhile see the previous rows) and mark `version`'s summary as having
    it. `version` is the data version read before (registry/summary.py): if a write commits
    meanwhile, the table is marked for the older version, and so not read until the next run."""
    quote = connection.ops.quote_name
    table = quote(PairCategory._meta.db_table)
    links, activities = ExchangeActivity.pairings.through._meta.db_table, ExchangeActivity._meta.db_table
    derived = (
        f"SELECT l.pairing_id, a.category FROM {quote(links)} l "
        f"JOIN {quote(activities)} a ON a.id = l.exchangeactivity_id WHERE a.is_published"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM ({derived}) d "
            f"WHERE d.pairing_id = {table}.pairing_id AND d.category = {table}.category)"
        )
        cursor.execute(
            f"INSERT INTO {table} (pairing_id, category) SELECT DISTINCT pairing_id, category "
            # "WHERE true": SQLite reads ON CONFLICT after a bare FROM as part of a join.
            f"FROM ({derived}) d WHERE true ON CONFLICT DO NOTHING"
        )
        Summary.objects.filter(version=version).update(pair_categories=True)


def with_category(pairs, category):
    """`pairs` that have a published activity of `category`."""
    # The current version, 0 before the first write (as data_state.current()).
    version = Coalesce(Subquery(DataState.objects.filter(pk=1).values("version")), 0)
    current = Summary.objects.filter(version=version, pair_categories=True)
    if current.exists():
        return pairs.filter(pk__in=PairCategory.objects.filter(category=category).values("pairing_id"))
    activities = ExchangeActivity.objects.public().filter(category=category, pairings=OuterRef("pk"))
    return pairs.filter(Exists(activities))
