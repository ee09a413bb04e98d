"""The readable part of a place's or a pair's web address, made one way everywhere (the admin,
imports, the fixture builder and the data migration that renamed one-sided pair slugs).

A slug is ASCII: a name written in Chinese is romanised (潮州市 → chaozhou), so that a pair whose
side has only a Chinese name still gets both sides in its slug (`chaozhou-san-francisco`, not
`san-francisco`). Pure functions: which slugs are taken is the caller's business
(registry.services for the database, the import's index for a file)."""

from functools import lru_cache

from django.utils.text import slugify

from .places.names import has_han, romanise

MAX_PAIR_SLUG = 240
MAX_PLACE_SLUG = 190


@lru_cache(maxsize=8192)  # a file names each place on many rows; romanising is the slow part
def slug_part(name_en, name_zh="") -> str:
    """One place's name as a slug: the English name, else the Chinese one in pinyin."""
    for name in (name_en, name_zh):
        if name and has_han(name):
            name = romanise(name.strip())
        part = slugify(name or "")
        if part:
            return part
    return ""


def _part(place):
    return slug_part(getattr(place, "name_en", ""), getattr(place, "name_zh", ""))


def pairing_slug_base(side_a, side_b) -> str:
    """The slug a pair starts from, from both sides: `nanjing-st-louis`. Each side is anything
    with `name_en` and `name_zh` (a place, or the fixture builder's row)."""
    return "-".join(filter(None, (_part(side_a), _part(side_b))))[:MAX_PAIR_SLUG] or "pair"


def pairing_slug_candidates(side_a, side_b, parent_a=None, parent_b=None) -> list[str]:
    """The slugs to try for a pair, best first: both names, then both names with their
    provinces/states, which tells Xiangyang–Columbus (Indiana) from Hefei–Columbus (Ohio) without
    a number."""
    base = pairing_slug_base(side_a, side_b)
    parts = [_part(place) if place else "" for place in (side_a, parent_a, side_b, parent_b)]
    longer = "-".join(filter(None, parts))[:MAX_PAIR_SLUG]
    return [base] if longer == base else [base, longer]


def place_slug_base(name_en, name_zh="", *, parent_slug="", country="") -> str:
    """A new place's slug: its parent's slug and its own name (`cn-sichuan-mianyang`), or the
    country code and its name for a place without a parent (`us-ohio`)."""
    prefix = parent_slug or (country or "").lower()
    part = slug_part(name_en, name_zh) or "place"
    return "-".join(filter(None, (prefix, part)))[:MAX_PLACE_SLUG]


def free_slug(candidates, taken) -> str:
    """The first candidate not in `taken`, else the last one with `-2`, `-3`…; reserved by adding
    it to `taken` (a set), so that the rows of one file or one migration never share a slug.
    `candidates` is one slug or a list of them, best first."""
    if isinstance(candidates, str):
        candidates = [candidates]
    slug = next((candidate for candidate in candidates if candidate not in taken), None)
    if slug is None:
        base, n = candidates[-1], 2
        while f"{base}-{n}" in taken:
            n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug
