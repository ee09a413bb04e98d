"""The state of the public data: a number every write increases, and what is derived from the
whole registry for a given number: the statistics' summary, the pairs' activity categories and
the places each pair lies in (registry/data_state.py, registry/summary.py,
registry/derived_tables.py)."""

from django.db import models


class DataState(models.Model):
    """One row: its `version` goes up by one in every transaction that writes to the registry,
    and becomes visible with that transaction's writes. Work derived from the whole registry
    (the statistics) is kept for the version it was computed from."""

    version = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return str(self.version)


class Summary(models.Model):
    """The registry's counts (registry/summary.py) as computed from one data version: read by the
    home and statistics pages instead of counting 100,000 pairs and 1,000,000 activities per
    request. A row for an older version is never read again."""

    version = models.BigIntegerField(unique=True)
    data = models.JSONField()
    computed_at = models.DateTimeField(auto_now_add=True)
    # The derived tables (PairCategory, PairPlace) were brought up to date from this version's data.
    derived_tables = models.BooleanField(default=False)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"summary of version {self.version}"


class PairCategory(models.Model):
    """A published pair has a published activity of this category: the pair list's category
    filter, as one index lookup instead of a join of 1,400,000 activity links per request. Derived
    from the activities after each write (registry/derived_tables.py) and read only while it
    matches the current data version (`Summary.derived_tables`)."""

    # No constraint and nothing done on delete: deleting a pair or a place costs no query here;
    # rows of deleted records are never read (the table is not current until the next rebuild,
    # which removes them).
    pairing = models.ForeignKey(
        "registry.Pairing", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    category = models.CharField(max_length=20)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["category", "pairing"], name="pair_category_unique")]

    def __str__(self):
        return f"{self.pairing_id}: {self.category}"


class PairPlace(models.Model):
    """A published pair lies in this place: a side is the place, or lies in it (a city of a province, a
    district of a city). A province's pairs, for its page and the region filter, as one index
    lookup instead of a union over both sides of every place inside it. Derived like PairCategory."""

    # As PairCategory's: no constraint, nothing done on delete.
    pairing = models.ForeignKey(
        "registry.Pairing", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    place = models.ForeignKey(
        "registry.Jurisdiction", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["place", "pairing"], name="pair_place_unique")]

    def __str__(self):
        return f"{self.pairing_id} in {self.place_id}"
