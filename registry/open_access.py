"""ETags for the JSON API and the open-data downloads: a client that sends If-None-Match with the
ETag it has gets 304 Not Modified and no body.

The ETag is a hash of the body, as Django's ConditionalGetMiddleware makes it, rather than the page
cache's data generation: that number lives in each process's cache unless CACHE_URL is shared, and
could repeat after a restart for different data. Scoped to these URLs so that the HTML pages keep
their own caching rules."""

import re

from django.utils.cache import get_conditional_response, set_response_etag

OPEN_DATA_PATHS = re.compile(r"^/(api/|[\w-]+/open-data/|[\w-]+/pairs/download\.)")


class OpenDataETagMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and OPEN_DATA_PATHS.match(request.path)
            # The page cache gave it its ETag (and answered If-None-Match) already.
            and not response.has_header("ETag")
        ):
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
