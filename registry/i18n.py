"""The active language, as the registry's bilingual display needs it."""

from django.utils.translation import get_language


def is_chinese():
    """Whether the active language is Chinese (any `zh` variant): names and titles then show in
    Chinese first, with the English beside them."""
    return (get_language() or "").startswith("zh")
