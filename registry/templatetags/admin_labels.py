"""Template filters for the admin's own pages."""

from django import template

from ..admin_i18n import change_reason_label

register = template.Library()


@register.filter
def change_reason(reason):
    """A history entry's reason in the page's language."""
    return change_reason_label(reason)


@register.simple_tag
def needs_attention(user):
    """The data-quality counts for the admin index: (label, count, filtered list URL)."""
    from ..admin_quality import needs_attention as checks

    return checks(user)
