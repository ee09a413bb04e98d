"""Whole-page cache for anonymous visitors, emptied whenever registry data changes.

Public pages are the same for every anonymous visitor, so a rendered page is kept in Django's
cache (Redis when CACHE_URL says so, shared by every gunicorn host) together with the "generation"
number of the data it was rendered from. Any write to the registry bumps the generation, so every
cached page is stale at once without having to know which pages showed the changed record. A
request reads the generation and its page in one round trip to the cache.

A write bumps the generation twice: at once, and again when its transaction commits. A page
rendered in between (from the data as it was before the commit) is stored under the first bump's
generation, which the second makes unreachable; without it that page would be served until the
next write.

Only anonymous GET/HEAD requests outside the admin are served from or stored in the cache, and
only responses that set no cookie: a cached page never carries a visitor's or staff member's data.
Such a request keeps only the query parameters that public pages read (the public filters' and
pagination's), sorted and without blanks, before the page is looked up or rendered: `?utm_source=x`
is the same page as no query at all, and stores nothing more.

A page is kept compressed (gzip and Brotli, registry/page_encoding.py) with its ETag: visitors get
it in the encoding their browser accepts, and a browser that has this version gets 304.

If the cache is unreachable, pages are rendered uncached (registry/cache_backend.py). A generation
bump that could not be made is retried every few seconds until it is made, and the process that
failed to make it serves no cached page meanwhile.
"""

import functools
import hashlib
import logging
import threading
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict

from .cache_backend import RETRY_SECONDS
from .commit_hooks import on_commit_once
from .operations import count_page_cache
from .page_encoding import StoredPage

logger = logging.getLogger(__name__)

GENERATION_KEY = "registry:public-pages:generation"

# The generation a public page request started with. The page's key, its cached fragments and its
# cached filter choices all need it; reading it once saves cache round trips and renders the whole
# page against one state of the data.
_request_generation = ContextVar("registry_request_generation", default=None)

# True while a generation bump failed (the cache was unreachable) and must be made again.
_bump_pending = False


def current_generation():
    generation = _request_generation.get()
    if generation is None:
        generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    return generation


def invalidate_public_pages(**_signal_kwargs):
    """Make every cached public page stale now."""
    global _bump_pending
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value makes old keys unreachable
        cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # the cache is unreachable: its pages must not outlive this write
        logger.warning("Could not make cached public pages stale; will retry.", exc_info=True)
        if not _bump_pending:
            _bump_pending = True
            _retry_later()
        return
    _bump_pending = False


def _retry_later():
    """Retry a failed bump until it is made, in case this process serves no request for a while
    (another process could otherwise serve a stale page once the cache is back)."""
    timer = threading.Timer(RETRY_SECONDS, _retry)
    timer.daemon = True
    timer.start()


def _retry():
    global _bump_pending
    _bump_pending = False
    invalidate_public_pages()


def invalidate_public_pages_on_commit(using=None, **_signal_kwargs):
    """For every write path (signals, bulk writes, imports): stale now and again on commit, the data
    version increased on commit, and the open-data files rebuilt after the commit (debounced)."""
    from .data_state import bump_on_commit
    from .tasks.opendata import schedule_build
    from .tasks.summary import schedule_summary

    sender = _signal_kwargs.get("sender")
    public = sender is None or sender._meta.app_label == "registry"  # not e.g. a role's permissions
    if public:
        # First: a page rendered before the version moves on (with the old summary) is cached under
        # a generation that the commit's bump below then makes unreachable.
        bump_on_commit(using)
    invalidate_public_pages()
    # Once per transaction, however many rows it writes (registry/commit_hooks.py).
    on_commit_once(invalidate_public_pages, using)
    if public:
        on_commit_once(schedule_summary, using)
        on_commit_once(schedule_build, using)


@functools.cache
def query_parameters():
    """The query parameters a public page may read: every filter set's (django-filter), every
    public form's, the API's query schemas' (the `…Filters` schemas of registry/api.py), and
    pagination's. A page that reads a parameter through none of these must name it in
    PAGE_CACHE_QUERY_PARAMETERS, or anonymous visitors never send it to the page."""
    import django_filters
    from django import forms
    from django.urls import get_resolver
    from ninja import Schema

    get_resolver().url_patterns  # imports every view, and so every filter set and form  # noqa: B018
    names = set(settings.PAGE_CACHE_QUERY_PARAMETERS)
    for filterset in _subclasses(django_filters.FilterSet):
        names |= set(filterset.base_filters)
    for form in _subclasses(forms.Form):
        if form.__module__.startswith("registry.") and "admin" not in form.__module__:
            names |= set(form.base_fields)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("registry.") and schema.__name__.endswith("Filters"):
            names |= set(schema.model_fields)
    return frozenset(names)


def _subclasses(base):
    pending, found = [base], []
    while pending:
        klass = pending.pop()
        found.append(klass)
        pending.extend(klass.__subclasses__())
    return found


def _normalise_query(request):
    """Keep only the parameters pages read, sorted, without blanks; the view sees the same."""
    allowed = query_parameters()
    pairs = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in allowed
        for value in values
        if value.strip()
    )
    query = urlencode(pairs)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


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
        and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
    )


def _key(request):
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"registry:page:{request.method}:{url}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bump_pending:
            invalidate_public_pages()
        if not _is_cacheable_request(request):
            return self.get_response(request)
        _normalise_query(request)
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        stored_generation, page = found.get(key, (None, None))
        if stored_generation == generation and not _bump_pending and isinstance(page, StoredPage):
            response = page.response_for(request)
            response["X-Page-Cache"] = "hit"
            count_page_cache(hit=True)
            return response
        token = _request_generation.set(generation)
        try:
            response = self.get_response(request)
        finally:
            _request_generation.reset(token)
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if _is_cacheable_response(response) and not _bump_pending:
            page = StoredPage(response, generation)
            cache.set(key, (generation, page), settings.PAGE_CACHE_SECONDS)
            response = page.response_for(request)
            response["X-Page-Cache"] = "miss"
        count_page_cache(hit=False)
        return response
