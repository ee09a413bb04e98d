"""Template filters for the admin's own pages."""

from django import template

from ..admin_i18n import change_reason_label

register = template.Library()


@register.filter
def change_reason(reason):
    """A history entry's reason in the page's language."""
    return change_reason_label(reason)
