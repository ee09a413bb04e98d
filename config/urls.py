"""URL layout: the public site and the staff admin, each under a language prefix (/en/, /zh-hans/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("registry.urls")),
)

handler500 = "registry.errors.server_error"
