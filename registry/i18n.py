"""The active language, as the registry's bilingual display needs it."""

from django.utils.translation import get_language


def is_chinese():
    """Whether the active language is Chinese (any `zh` variant): names and titles then show in
    Chinese first, with the English beside them."""
    return (get_language() or "").startswith("zh")


def enumeration(items):
    """Items of a list in a sentence: 甲、乙 in Chinese (the enumeration comma), "a, b" in English."""
    return ("、" if is_chinese() else ", ").join(str(item) for item in items)


def comma():
    """The comma between a place and its province or country: full width in Chinese."""
    return "，" if is_chinese() else ", "
