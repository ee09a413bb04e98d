"""The partner-seeking note on a place page."""

from django import template

from ..seeking.models import SeekingProfile

register = template.Library()


@register.inclusion_tag("registry/seeking/place_note.html")
def seeking_note(place):
    """The place's open, published profile (if any) and the link to its suggested partners."""
    profile = SeekingProfile.objects.public().open().filter(place=place).order_by("-modified_at").first()
    return {"place": place, "profile": profile}
