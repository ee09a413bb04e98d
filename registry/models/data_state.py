"""The state of the public data: a number every write increases, and the statistics computed for
a given number (registry/data_state.py, registry/summary.py)."""

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

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"summary of version {self.version}"
