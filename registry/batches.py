"""Asking the database about many keys a batch at a time: one query per batch stays within
SQLite's oldest limit of 999 parameters (PostgreSQL's is far higher), whatever the number of keys.

    for chunk in batches(pks):
        rows += Model.objects.filter(pk__in=chunk)
"""

from collections.abc import Iterator, Sequence
from typing import TypeVar

# Keys one query may name.
PARAMETERS_PER_QUERY = 900

Key = TypeVar("Key")


def batches(keys: Sequence[Key], size: int = PARAMETERS_PER_QUERY) -> Iterator[Sequence[Key]]:
    """`keys` in consecutive slices of at most `size`."""
    for start in range(0, len(keys), size):
        yield keys[start : start + size]
