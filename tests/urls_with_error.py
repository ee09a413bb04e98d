"""The project's URLs plus one view that fails, to see what a 500 response carries."""

from django.urls import path

from config.urls import handler500  # noqa: F401  (the project's 500 page)
from config.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("deliberate failure for the test")


urlpatterns = [path("boom/", failing_view), *project_urlpatterns]
