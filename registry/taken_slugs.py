"""The slugs a new place or pair may not take, for a run that creates many (an import): every
record's current slug and every old one (an old address still leads to its record), asked of the
database as they are needed, many at a time with `prefetch`, and those the run has reserved.
Set-like, for registry.slugs.free_slug; an import about a few places never reads the 100,000
slugs of a world-size registry."""

from .batches import batches
from .models import RetiredSlug


class TakenSlugs:
    def __init__(self, model):
        self.model = model
        self.taken: set[str] = set()  # in the database, or reserved by this run
        self.free: set[str] = set()  # asked, and not in the database

    def prefetch(self, slugs):
        """Ask the database about every slug of `slugs` not asked yet, a chunk per query."""
        unknown = sorted({slug for slug in slugs if slug not in self.taken and slug not in self.free})
        for chunk in batches(unknown):
            found = set(self.model._default_manager.filter(slug__in=chunk).values_list("slug", flat=True))
            found |= RetiredSlug.taken(self.model, among=chunk)
            self.taken |= found
            self.free |= set(chunk) - found

    def __contains__(self, slug):
        if slug not in self.taken and slug not in self.free:
            self.prefetch([slug])
        return slug in self.taken

    def add(self, slug):
        """Reserve `slug` for a record of this run."""
        self.taken.add(slug)
        self.free.discard(slug)
