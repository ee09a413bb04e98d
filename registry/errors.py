"""Error pages. A database that has gone away is a 503 ("try again shortly"), not a 500."""

import sys

from django.db import DatabaseError
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django_guid import get_guid


def server_error(request):
    """handler500: Django calls it while handling the exception, so sys.exc_info() names it.

    With CONN_MAX_AGE=0 (or CONN_HEALTH_CHECKS) every request opens a fresh connection, so the
    site recovers by itself as soon as the database is back."""
    _type, error, _traceback = sys.exc_info()
    if isinstance(error, DatabaseError):
        # The page itself must not touch the database.
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    # As Django's own handler, without context processors (they may be what failed), plus the
    # request id that the logs carry, so that a visitor's report can be found there.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": get_guid()}))


def bad_request(request, exception):
    """handler400: a request Django could not read (too large, too many fields), in the site's
    page and the visitor's language, saying what to do."""
    # Rendered without the request, like the 500 page: a request with a host the site does not
    # serve is a 400 too, and reading its address again would fail while answering it.
    return HttpResponseBadRequest(loader.get_template("400.html").render({}))
