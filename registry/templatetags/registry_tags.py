"""Template helpers of the public site: the language switch, names in two languages, and the
inline SVG charts (no chart library, no CDN)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

register = template.Library()

YEAR_CHART_HEIGHT = 120


@register.simple_tag
def pair_link(pairing):
    """A link to a pair, named in the page's language, with the other language beside it.

    A tag rather than an included template: lists render it for every row, and an include costs
    several times more."""
    a, b = pairing.side_a, pairing.side_b
    link = format_html('<a href="{}">{} – {}</a>', pairing.get_absolute_url(), a.local_name(), b.local_name())
    if not (a.other_name() or b.other_name()):
        return link
    return format_html(
        '{} <span class="other" lang="{}">{} – {}</span>',
        link,
        other_language(),
        a.other_name() or a.name_en,
        b.other_name() or b.name_en,
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language, so switching keeps the page and its filters."""
    request = context["request"]
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def other_language():
    """The lang attribute of the name shown beside the main one (the other language)."""
    return "en" if (get_language() or "").startswith("zh") else "zh-Hans"


@register.inclusion_tag("registry/includes/bar_chart.html")
def bar_chart(rows, title, link=None):
    """Horizontal bars for rows of (label, count[, filter value]); `link` is a URL prefix that the
    filter value is appended to."""
    top = max((row[1] for row in rows), default=0) or 1
    bars = []
    for row in rows:
        label, count = row[0], row[1]
        bars.append(
            {
                "label": label,
                "count": count,
                "width": round(100 * count / top, 1),
                "url": f"{link}{row[2]}" if link and len(row) > 2 and count else None,
            }
        )
    return {"bars": bars, "title": title}


@register.inclusion_tag("registry/includes/year_chart.html")
def year_chart(years, title):
    """Columns of pairs established per year, with every fifth year labelled."""
    top = max((count for _year, count in years), default=0) or 1
    width = 10
    columns = [
        {
            "year": year,
            "count": count,
            "x": index * width,
            "height": round(YEAR_CHART_HEIGHT * count / top, 1),
            "y": round(YEAR_CHART_HEIGHT - YEAR_CHART_HEIGHT * count / top, 1),
            "label": year % 5 == 0,
        }
        for index, (year, count) in enumerate(years)
    ]
    return {
        "columns": columns,
        "title": title,
        "width": max(len(columns) * width, width),
        "height": YEAR_CHART_HEIGHT,
        "top": top,
    }
