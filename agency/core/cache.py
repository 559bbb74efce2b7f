"""Redis as Django's cache, with an outage meaning cache misses instead of errors.

When Redis cannot be reached the site keeps serving from the database: reads miss, writes
are dropped, and for a few seconds after a failure no call waits on a dead server. What
that means for each user of the cache:
- pages, the frame and widgets: rebuilt from the database on every request;
- rate limits, the sign-in lockout and view counts do not live here (agency.core.ratelimit,
  django-axes and articles.counters keep them in PostgreSQL), so an outage or a full
  Redis switches none of them off.

A full Redis (`maxmemory` reached under the `noeviction` policy) refuses writes with OOM
errors but still answers reads: a refused write is dropped like one to a dead server,
and the reads go on (docs/deploy.md says how Redis is to be configured so it evicts
instead).
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import OutOfMemoryError, RedisError

logger = logging.getLogger(__name__)

# After a failure, skip Redis for this many seconds instead of waiting on it each call.
RETRY_AFTER_SECONDS = 5.0


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` (and its table of ~170 response
    callbacks) for every cache call: about 0.1 ms each, several times per page. A
    `redis.Redis` is thread-safe and holds only its connection pool, so one per pool is
    kept and reused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    _full_logged_until = 0.0

    def is_available(self):
        return time.monotonic() >= ResilientRedisCache._down_until

    def _call(self, name, default, *args, **kwargs):
        return self._guarded(getattr(super(), name), default, *args, **kwargs)

    def _guarded(self, method, default, *args, **kwargs):
        if not self.is_available():
            return default
        try:
            return method(*args, **kwargs)
        except OutOfMemoryError as error:
            # Full, not down: reads still work, so only this write is dropped.
            if time.monotonic() >= ResilientRedisCache._full_logged_until:
                logger.warning("Redis is full, a cache write was dropped: %s", error)
                ResilientRedisCache._full_logged_until = (
                    time.monotonic() + RETRY_AFTER_SECONDS
                )
            return default
        except (RedisError, OSError) as error:
            if self.is_available():
                logger.warning(
                    "Redis unavailable, serving without the cache: %s", error
                )
            ResilientRedisCache._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return default

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", 0, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", 0, key, delta, version)

    def clear(self):
        return self._call("clear", False)

    def delete_matching(self, prefix):
        """Delete every key that starts with `prefix` (a few round trips per 1,000)."""
        return self._guarded(self._delete_matching, 0, prefix)

    def _delete_matching(self, prefix):
        client = self._cache.get_client(write=True)
        pattern = self.make_key(glob_escape(prefix)) + "*"
        deleted = 0
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                deleted += client.unlink(*batch)
                batch = []
        if batch:
            deleted += client.unlink(*batch)
        return deleted


def glob_escape(text):
    """`text` matched literally in a Redis SCAN pattern."""
    return "".join(f"\\{char}" if char in "*?[]\\" else char for char in text)


def delete_matching(prefix, alias="default"):
    """Delete every key of the cache `alias` that starts with `prefix`; return how many.

    Redis (ours) and Django's per-process memory cache can list their keys; for any
    other backend nothing is deleted and 0 is returned.
    """
    cache = caches[alias]
    if isinstance(cache, ResilientRedisCache):
        return cache.delete_matching(prefix)
    if isinstance(cache, LocMemCache):
        start = cache.make_key(prefix)
        with cache._lock:
            keys = [key for key in cache._cache if key.startswith(start)]
            for key in keys:
                cache._delete(key)
        return len(keys)
    return 0
