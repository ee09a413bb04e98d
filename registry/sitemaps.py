"""sitemap.xml (django.contrib.sitemaps) and robots.txt: every public page in both languages, with
hreflang alternates, and only published records."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from .models import ExchangeActivity, Jurisdiction, Pairing


class LocalizedSitemap(Sitemap):
    """Each item once per language (/en/…, /zh-hans/…), each entry naming the others and
    x-default (English) as alternates."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(LocalizedSitemap):
    """The pages that are not a record: home, lists, map, statistics, open data."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [
            "registry:home",
            "registry:pairing-list",
            "registry:map",
            "registry:activity-list",
            "registry:statistics",
            "registry:anniversaries",
            "registry:open-data",
            "registry:data-dictionary",
        ]

    def location(self, item):
        return reverse(item)


class PairingSitemap(LocalizedSitemap):
    priority = 0.6

    def items(self):
        return Pairing.objects.public().only("slug").order_by("slug")


class PlaceSitemap(LocalizedSitemap):
    priority = 0.5

    def items(self):
        return Jurisdiction.objects.public().only("slug").order_by("slug")


class ActivitySitemap(LocalizedSitemap):
    priority = 0.4

    def items(self):
        return ExchangeActivity.objects.public().only("pk").order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "pairs": PairingSitemap,
    "places": PlaceSitemap,
    "activities": ActivitySitemap,
}


@require_safe
def robots_txt(request):
    """Crawlers may read every public page, but not the downloads of every filtered list (endless
    combinations of the same rows; the whole registry is in open data). The admin's address is not
    named: an operator may have made it hard to guess (DJANGO_ADMIN_URL)."""
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('registry:pairing-list')}download.")
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
