"""Error pages. A database that has gone away is a 503 ("try again shortly"), not a 500."""

import sys

from django.db import DatabaseError
from django.shortcuts import render
from django.views import defaults


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
    return defaults.server_error(request)
