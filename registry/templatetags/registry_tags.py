"""Template helpers of the public site: the language switch, names in two languages, and the
inline SVG charts (no chart library, no CDN)."""

import html

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from ..i18n import is_chinese
from ..models import PairingKind, Status, Tier

register = template.Library()

YEAR_CHART_HEIGHT = 120


def format_text_html(template, *args):
    """format_html() for arguments that are plain text (names, slugs, labels, dates), never HTML:
    every argument is escaped exactly as Django's escape() does. Tables and selects call it for
    hundreds of rows per page, and format_html's checks for lazy and already-safe strings cost
    several times the escaping itself."""
    return mark_safe(template.format(*(html.escape(str(arg)) for arg in args)))


LINK = '<a href="{}">{} – {}</a>'
LINK_WITH_OTHER_NAMES = LINK + ' <span class="other" lang="{}">{} – {}</span>'
# A row of a table of pairs: the link, then kind (and tier), established date, status.
ROW_END = '</td><td>{}</td><td>{}</td><td><span class="status status-{}">{}</span></td></tr>'
ROW = {link: f"<tr><td>{link}{ROW_END}" for link in (LINK, LINK_WITH_OTHER_NAMES)}


def _link_parts(pairing, url, chinese_page):
    """The arguments of LINK or LINK_WITH_OTHER_NAMES: the pair named in the page's language, and
    in the other language beside it when either place has a name in it."""
    a, b = pairing.side_a, pairing.side_b
    if chinese_page:
        names = (a.name_zh or a.name_en, b.name_zh or b.name_en)
        others = (a.name_en if a.name_zh else "", b.name_en if b.name_zh else "")
    else:
        names, others = (a.name_en, b.name_en), (a.name_zh, b.name_zh)
    if not any(others):
        return LINK, (url, *names)
    other_language = "en" if chinese_page else "zh-Hans"
    other_names = (others[0] or a.name_en, others[1] or b.name_en)
    return LINK_WITH_OTHER_NAMES, (url, *names, other_language, *other_names)


@register.simple_tag
def pair_link(pairing):
    """A link to a pair, named in the page's language, with the other language beside it.

    A tag rather than an included template: lists render it for every row, and an include costs
    several times more."""
    template, args = _link_parts(pairing, pairing.get_absolute_url(), is_chinese())
    return format_html(template, *args)


def _url_maker(view_name):
    """slug -> URL of `view_name`, reversing once instead of once per row. Slugs hold only
    URL-safe characters, so putting one in place of the placeholder is what reverse() would do."""
    prefix, suffix = reverse(view_name, kwargs={"slug": "slug-placeholder"}).split("slug-placeholder")
    return lambda slug: f"{prefix}{slug}{suffix}"


@register.simple_tag
def pair_rows(pairings):
    """The rows of a table of pairs (registry/includes/pair_table.html): link, kind and tier,
    established date, status.

    Written here rather than as a template loop because the pair list and the map render up to
    hundreds of rows per uncached request, and the template engine spent most of the page's time on
    them. Each row is one format_text_html call, and choice labels are translated once per table."""
    chinese_page = is_chinese()
    url = _url_maker("registry:pairing-detail")
    kinds = {value: str(label) for value, label in PairingKind.choices}
    tiers = {value: str(label) for value, label in Tier.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    kinds_and_tiers = {
        (kind, tier): kind_label if tier == Tier.SISTER else f"{kind_label} · {tier_label}"
        for kind, kind_label in kinds.items()
        for tier, tier_label in tiers.items()
    }
    rows = []
    for pairing in pairings:
        link_template, link_args = _link_parts(pairing, url(pairing.slug), chinese_page)
        rows.append(
            format_text_html(
                ROW[link_template],
                *link_args,
                kinds_and_tiers[pairing.kind, pairing.tier],
                pairing.established or "—",
                pairing.status,
                statuses[pairing.status],
            )
        )
    return mark_safe("\n".join(rows))  # each row escaped by format_text_html


OPTION = '\n  <option value="{}">{}</option>'
SELECTED_OPTION = '\n  <option value="{}" selected>{}</option>'
OPTGROUP = '\n  <optgroup label="{}">{}\n  </optgroup>'


@register.simple_tag
def select_options(optgroups):
    """The options of a select widget (templates/django/forms/widgets/select.html), written here
    rather than by a template loop: the public filter forms have about 150 options, and rendering
    them one by one in the template engine was the largest part of an uncached list page. Options
    carry no attributes but "selected"."""
    groups = []
    for group_name, options, _index in optgroups:
        rendered = mark_safe(  # each option escaped by format_text_html
            "".join(
                format_text_html(
                    SELECTED_OPTION if option["selected"] else OPTION, option["value"], option["label"]
                )
                for option in options
            )
        )
        groups.append(format_html(OPTGROUP, group_name, rendered) if group_name else rendered)
    return mark_safe("".join(groups))  # each part escaped above


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
    return "en" if is_chinese() else "zh-Hans"


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
