"""The data version: one number, increased after every transaction that writes to the registry
commits, so that work derived from the whole registry (the statistics' summary,
registry/summary.py) is kept for the state it was computed from and not served for a later one.

Every write path already calls page_cache.invalidate_public_pages_on_commit (model signals, and
the bulk writes themselves), which calls `bump_on_commit`. The number lives in the database, not
in the cache, so it survives a cache restart.

It is increased after the commit, in a statement of its own, not inside the writing transaction:
a row every writer locked until its commit would let two writers that touch the same records in
different orders deadlock. So, for a moment after a commit, the old version still names data
that has changed; a summary computed then is stored under the old version, which the increase
makes unreachable (as the page cache's second generation bump does for pages)."""

import functools

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, Subquery
from django.db.models.functions import Coalesce

from .commit_hooks import is_queued, on_commit_once
from .models import DataState


def bump_on_commit(using=None):
    """Increase the version once when the current transaction commits (at once in autocommit
    mode), however many rows it writes: a second call finds the first one's callback queued."""
    alias = using or DEFAULT_DB_ALIAS
    # robust: a saved write must not turn into an error page if the database went away just after.
    on_commit_once(functools.partial(bump, alias), alias, robust=True)


def pending(using=None):
    """Whether the current transaction has written to the registry and not committed yet: what
    it reads then is not the committed version's data."""
    return is_queued(bump, using)


def bump(using=DEFAULT_DB_ALIAS):
    rows = DataState.objects.using(using).filter(pk=1)
    if not rows.update(version=F("version") + 1):
        # A new (or emptied) database: the row appears with the first write.
        DataState.objects.using(using).bulk_create([DataState(pk=1, version=0)], ignore_conflicts=True)
        rows.update(version=F("version") + 1)


def current():
    """The version as committed (0 before the first write)."""
    return DataState.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def current_expression():
    """current() inside another query: what is kept for the current version is read in one."""
    return Coalesce(Subquery(DataState.objects.filter(pk=1).values("version")), 0)
