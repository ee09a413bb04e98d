"""Template helpers of the public site: the language switch, names in two languages, and the
inline SVG charts (no chart library, no CDN)."""

import datetime
import html
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from ..i18n import comma as i18n_comma
from ..i18n import enumeration as i18n_enumeration
from ..i18n import is_chinese
from ..models import PairingKind, Status, Tier

register = template.Library()

YEAR_CHART_HEIGHT = 120


@register.filter
def enumeration(items):
    """`a, b` in English, `甲、乙` in Chinese."""
    return i18n_enumeration(items)


@register.simple_tag
def list_separator():
    """What goes between two items of a list: `, ` in English, `、` in Chinese."""
    return i18n_enumeration(["", ""])


@register.simple_tag
def colon():
    """The colon after a label: `: ` in English, `：` (full width, no space) in Chinese."""
    return "：" if is_chinese() else ": "


@register.simple_tag
def comma():
    """`, ` in English, `，` in Chinese (between a place and its province or country)."""
    return i18n_comma()


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
    """The options of a public filter form's select (templates/registry/widgets/select.html), here
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
    """The current page in every language, so switching keeps the page and its filters. Without a
    request (the 500 page is rendered without one) each language's home page."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else reverse("registry:home")
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
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
def year_chart(years, title, link=None, caption=True):
    """Columns of pairs established per year, every fifth year labelled, with a count axis; with
    `link` (the pair list's URL) each column links to the list of that year's pairs. `caption`
    False where a heading above already names the chart."""
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
            "url": f"{link}?year_from={year}&year_to={year}" if link and count else None,
        }
        for index, (year, count) in enumerate(years)
    ]
    return {
        "columns": columns,
        "title": title,
        "caption": caption,
        # Links inside role="img" would be hidden from assistive technology.
        "linked": bool(link),
        "count_ticks": [
            {"count": count, "y": round(YEAR_CHART_HEIGHT - YEAR_CHART_HEIGHT * count / top, 1)}
            for count in sorted({0, top // 2, top})
        ],
        "width": max(len(columns) * width, width),
        "height": YEAR_CHART_HEIGHT,
        "top": top,
    }


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The parts were escaped as they rendered; only runs of white space are folded.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: render the enclosed template (blocks included, so a
    child template's {% block title %} fills it) into a variable, for text used more than once —
    the page title in <title> and og:title, the description in two meta tags."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def html_lang(code):
    """The lang attribute value of a language code of the URLs (BCP 47: zh-Hans)."""
    return "zh-Hans" if code == "zh-hans" else code


@register.simple_tag(takes_context=True)
def page_links(context):
    """The absolute addresses search engines and sharing need: this page's canonical address (its
    path without the query string, except the page number of a list) and the same page in every
    language, and x-default. Empty without a request (an error page rendered
    without one)."""
    request = context.get("request")
    if request is None:
        return {}
    path = request.path
    page = request.GET.get("page")
    canonical = request.build_absolute_uri(path)
    if page and page.isdigit() and page != "1":
        canonical += f"?page={page}"
    alternates = [
        {"hreflang": html_lang(code), "url": request.build_absolute_uri(translate_url(path, code))}
        for code, _name in settings.LANGUAGES
    ]
    # x-default: the address without a language, which redirects to the visitor's language (as
    # the sitemap's x-default does).
    language_prefix = f"/{get_language()}/"
    if path.startswith(language_prefix):
        alternates.append(
            {"hreflang": "x-default", "url": request.build_absolute_uri(path[len(language_prefix) - 1 :])}
        )
    return {"canonical": canonical, "alternates": alternates, "root": request.build_absolute_uri("/")}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full address on this site (for a permanent link or a citation)."""
    return context["request"].build_absolute_uri(path)


def _labelled_points(points, gap=26):
    """Give each point's figure a place above the point, or below it where it would overlap the
    previous label above; a point with no room either way keeps only its tooltip."""
    last = {"above": None, "below": None}
    for point in points:
        point["label"] = None
        for place in ("above", "below"):
            if last[place] is None or point["x"] - last[place] >= gap:
                point["label"], last[place] = place, point["x"]
                break
    return points


COVERAGE_CHART = {"width": 600, "height": 220, "left": 44, "right": 16, "top": 12, "bottom": 24}


def _round_step(least):
    """The smallest of 50, 100, 200, 500, 1000, 2000, … that is at least `least`."""
    step = 50
    while step < least:
        step = step * 2 if str(step)[0] in "15" else step * 5 // 2
    return step


@register.inclusion_tag("registry/includes/coverage_chart.html")
def coverage_chart(coverage, title):
    """The registry's count over time beside the official counts: a line of the published pairs
    with a known date, up to the end of each year, and a point per official count of all pairs,
    each labelled with its figure. Axes: every fifth year, and at most seven count lines in steps
    of 1, 2 or 5 times a power of ten, at least 50 (50 for the China–US counts, 20,000 for a
    registry of the world's 100,000)."""
    box = COVERAGE_CHART
    officials = [official for official in coverage["officials"] if official.scope == "all"]
    dated = coverage["dated_by_year"]
    if not officials and not dated:
        return {"empty": True, "title": title}

    def fractional_year(date):
        return date.year + (date.timetuple().tm_yday - 1) / 365

    first = min([year for year, _count in dated] + [official.reported_on.year for official in officials])
    last = max([year + 1 for year, _count in dated] + [fractional_year(o.reported_on) for o in officials])
    last = max(last, datetime.date.today().year)
    top = max([count for _year, count in dated] + [official.count for official in officials])
    step = _round_step(top / 6)
    top = (top // step + 1) * step
    plot_width = box["width"] - box["left"] - box["right"]
    plot_height = box["height"] - box["top"] - box["bottom"]

    def x(year):
        return round(box["left"] + plot_width * (year - first) / (last - first or 1), 1)

    def y(count):
        return round(box["top"] + plot_height * (1 - count / top), 1)

    line = [(x(first), y(0))] + [(x(year + 1), y(count)) for year, count in dated]
    if dated:
        line.append((x(last), y(dated[-1][1])))
    return {
        "title": title,
        "box": box,
        "baseline": y(0),
        "plot_right": box["width"] - box["right"],
        "line": " ".join(f"{px},{py}" for px, py in line),
        "points": _labelled_points(
            [{"x": x(fractional_year(o.reported_on)), "y": y(o.count), "official": o} for o in officials]
        ),
        "year_ticks": [
            {"x": x(year), "year": year} for year in range(first + (-first) % 5, int(last) + 1, 5)
        ],
        "count_ticks": [{"y": y(count), "count": count} for count in range(0, top + 1, step)],
    }


@register.filter
def host(url):
    """The host of a web address ("www.chinadaily.com.cn"), to name a source that has no title."""
    return urlsplit(url).hostname or url


@register.simple_tag(takes_context=True)
def query_with(context, parameter, value):
    """This page's query string with `parameter` set to `value` (a page of one of its lists)."""
    query = context["request"].GET.copy()
    query[parameter] = value
    return query.urlencode()
