"""Whole-page cache for anonymous visitors, emptied whenever registry data changes.

Public pages are the same for every anonymous visitor, so a rendered page is kept in Django's
cache (Redis when CACHE_URL says so, shared by every gunicorn host) together with the "generation"
number of the data it was rendered from. Any write to the registry bumps the generation, so every
cached page is stale at once without having to know which pages showed the changed record. A
request reads the generation and its page in one round trip to the cache.

Only anonymous GET/HEAD requests outside the admin are served from or stored in the cache, and
only responses that set no cookie: a cached page never carries a visitor's or staff member's data.
"""

import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

from registry.operations import count_page_cache

GENERATION_KEY = "registry:public-pages:generation"

# The generation a public page request started with. The page's key, its cached fragments and its
# cached filter choices all need it; reading it once saves cache round trips and renders the whole
# page against one state of the data.
_request_generation = ContextVar("registry_request_generation", default=None)


def current_generation():
    generation = _request_generation.get()
    if generation is None:
        generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    return generation


def invalidate_public_pages(**_signal_kwargs):
    """Make every cached public page stale. Safe to call from signals and bulk write paths."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value makes old keys unreachable
        cache.set(GENERATION_KEY, 2, timeout=None)


def _is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # a staff member (or anyone with a session) gets a freshly rendered page
    path = request.path_info
    return not any(part in path for part in settings.PAGE_CACHE_EXCLUDED_PATHS)


def _is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _key(request):
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"registry:page:{request.method}:{url}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        stored_generation, response = found.get(key, (None, None))
        if stored_generation == generation:
            response["X-Page-Cache"] = "hit"
            count_page_cache(hit=True)
            return response
        token = _request_generation.set(generation)
        try:
            response = self.get_response(request)
        finally:
            _request_generation.reset(token)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, (generation, response), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        count_page_cache(hit=False)
        return response
