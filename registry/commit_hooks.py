"""Work queued once per transaction, however many rows it writes.

Every write signal asks for the same after-commit work (the page cache's bump, the summary's and
the open-data build's scheduling, the data version): a transaction writing 1,500 rows would queue
it 1,500 times, and each would query the task queue at commit. `on_commit_once` queues a callback
only if it is not waiting already.

Skipping a second request is safe with savepoints too: a queued callback is dropped only when a
savepoint that was open when it was queued rolls back; a write made while that savepoint is still
open is rolled back with it, and once the savepoint is released it can no longer roll back."""

from django.db import DEFAULT_DB_ALIAS, connections, transaction


def _function(callback):
    """The function a callback runs: itself, or the one a functools.partial wraps."""
    return getattr(callback, "func", callback)


def is_queued(callback, using=None) -> bool:
    """Whether `callback`'s function (a functools.partial's, for a partial) waits for the current
    transaction's commit on `using`."""
    queued = connections[using or DEFAULT_DB_ALIAS].run_on_commit
    return any(_function(callback) is _function(waiting) for _savepoints, waiting, _ in queued)


def on_commit_once(callback, using=None, *, robust=False):
    """transaction.on_commit(callback), unless it already waits for this commit. Outside a
    transaction it runs at once, as on_commit does."""
    if not is_queued(callback, using):
        transaction.on_commit(callback, using=using, robust=robust)
