"""Django's Redis cache, made to fail open: when Redis is unreachable the site serves uncached
pages (and saves records) instead of answering 500.

Every cache read then misses and every write is dropped, with a warning in the log. After a
failure the backend does not try Redis again for `RETRY_SECONDS`, so a Redis host that has gone
silent costs one request per process a connection timeout, not every request. Only `incr`, which
the page cache uses to make cached pages stale, still raises: a lost invalidation must be known
(registry/page_cache.py retries it), not silently dropped.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5


class CacheUnavailable(Exception):
    """Redis could not be reached (or was not tried, having just failed)."""


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Short timeouts: a page is better served uncached than late.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, method, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Cache unavailable (%s: %s); serving without it.", type(error).__name__, error)
            return default

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable(key)
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            raise CacheUnavailable(key) from error
