"""Multi-step writes and derived values used by the admin, commands and imports."""

from django.utils.text import slugify

from .models import Pairing


def unique_pairing_slug(side_a, side_b, *, exclude_pk=None):
    """A readable, unused slug for a pair, e.g. `nanjing-st-louis` (`-2`, `-3`… if taken)."""
    base = slugify(f"{side_a.name_en}-{side_b.name_en}")[:240] or "pair"
    taken = set(
        Pairing.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    return next_free_slug(base, taken)


def next_free_slug(base, taken):
    """`base`, or `base-2`, `base-3`… whichever is not in `taken`."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
