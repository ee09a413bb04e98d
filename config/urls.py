"""URL layout: the public site and the staff admin, each under a language prefix (/en/, /zh-hans/);
the JSON API, which speaks no language, at /api/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from registry.api import api
from registry.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("registry.urls")),
)

handler500 = "registry.errors.server_error"
