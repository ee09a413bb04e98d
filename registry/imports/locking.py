"""One import writes at a time.

An import plans its rows against the registry as it is and then writes, in one transaction. Two
imports of the same file confirmed at once would both plan "new" for the same activity (which has
no natural key the database could hold unique) and both write it. So each import's transaction
first takes one lock that every import waits for; the second then plans against what the first
wrote, and finds its rows unchanged.

On PostgreSQL this is a transaction-level advisory lock. On SQLite, which has one write lock for
the whole database, the import takes that lock with its first statement (an UPDATE that changes
no row still takes it), instead of reading first and failing to upgrade later.
"""

from django.db import connection

# An arbitrary constant naming "the registry's imports" among advisory locks.
IMPORT_LOCK = 0x5157_1979


def lock_imports():
    """Wait until no other import is writing; held until the current transaction ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        elif connection.vendor == "sqlite":
            cursor.execute("UPDATE registry_importrecord SET id = id WHERE 0 = 1")
