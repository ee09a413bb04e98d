"""One import writes at a time.

An import plans its rows against the registry as it is and then writes, in one transaction. Two
imports of the same file confirmed at once would both plan "new" for the same activity (which has
no natural key the database could hold unique) and both write it. So each import's transaction
first takes one lock that every import waits for; the second then plans against what the first
wrote, and finds its rows unchanged.

On PostgreSQL this is a transaction-level advisory lock. SQLite needs none: its transactions are
begun IMMEDIATE (config/settings.py), so writers already take turns from their first statement.
"""

from django.db import connection

# An arbitrary constant naming "the registry's imports" among advisory locks.
IMPORT_LOCK = 0x5157_1979


def lock_imports():
    """Wait until no other import is writing; held until the current transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
