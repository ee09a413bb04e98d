"""Links to the current page in each language, for the language switch.

Plain links rather than Django's set_language form: a form needs a CSRF cookie, and a page that
sets a cookie cannot be cached for every visitor."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name in that language, url, is_current)] for every language of the site."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        links.append((code, get_language_info(code)["name_local"], url, code == current))
    return links
