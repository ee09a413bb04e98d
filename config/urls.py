"""URL layout: the public site and the staff admin, each under a language prefix (/en/, /zh-hans/);
the JSON API, which speaks no language, at /api/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from registry.api import api
from registry.health import LivenessView, ReadinessView
from registry.operations import metrics_view
from registry.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    # For load balancers and monitoring, outside the language prefix (README, "Operating").
    path("health/live", LivenessView.as_view(), name="health-live"),
    path("health/ready", ReadinessView.as_view(), name="health-ready"),
    path("metrics", metrics_view, name="metrics"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("registry.urls")),
)

handler400 = "registry.errors.bad_request"
handler500 = "registry.errors.server_error"
