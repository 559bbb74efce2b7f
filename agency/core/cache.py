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
import os
import random
import re
import threading
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.module_loading import import_string
from redis.exceptions import OutOfMemoryError, RedisError

logger = logging.getLogger(__name__)

# After a failure, skip Redis for this many seconds instead of waiting on it each call.
RETRY_AFTER_SECONDS = 5.0
# (process id, Redis servers, channel) -> callback of the listeners started here.
_listeners = {}
# Channels announced when the cache is cleared (see `announce_on_clear`).
ANNOUNCED_ON_CLEAR = set()


def announce_on_clear(channel):
    """Announce `channel` whenever the cache is cleared: what its listeners remember
    of the cache's contents is gone with them."""
    ANNOUNCED_ON_CLEAR.add(channel)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, with one `redis.Redis` per server built once and reused.

    Django's own builds a `redis.Redis` for every cache call: 0.14 ms of a 0.53 ms
    get_many to a local Redis (measured with redis-py 8.1, so about a quarter of a
    page-cache hit). A `redis.Redis` is thread-safe and holds only its connection pool,
    so the clients are made here, from redis-py's public API, and `get_client` (the
    method Django's client calls for every command) hands them out."""

    def __init__(self, servers, pool_class=None, parser_class=None, **options):
        super().__init__(servers, **options)
        pool_class = pool_class or redis.ConnectionPool
        if isinstance(pool_class, str):
            pool_class = import_string(pool_class)
        if parser_class is not None:
            options["parser_class"] = (
                import_string(parser_class)
                if isinstance(parser_class, str)
                else parser_class
            )
        options.pop("serializer", None)
        self.clients = [
            redis.Redis(connection_pool=pool_class.from_url(server, **options))
            for server in servers
        ]

    def get_client(self, key=None, *, write=False):
        # As Django's: write to the first server, read from the others if there are any.
        if write or len(self.clients) == 1:
            return self.clients[0]
        return random.choice(self.clients[1:])  # noqa: S311 - spreading load, not a secret


class ResilientRedisCache(BaseCache):
    """Django's RedisCache (the same keys, timeouts and serializer, through its client)
    where a failing Redis answers as a miss."""

    _down_until = 0.0
    _full_logged_until = 0.0

    def __init__(self, server, params):
        super().__init__(params)
        servers = re.split("[;,]", server) if isinstance(server, str) else server
        self.location = ",".join(servers)
        self.client = ReusingRedisCacheClient(servers, **params.get("OPTIONS", {}))

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        # As RedisCache: seconds from now, None to keep, 0 or less to delete.
        if timeout == DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else max(0, int(timeout))

    def is_available(self):
        return time.monotonic() >= ResilientRedisCache._down_until

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
            # Whatever this process remembers on the strength of announcements may
            # have missed one: forget it (the listener says whether it still listens).
            for (pid, location, _channel), on_change in list(_listeners.items()):
                if pid == os.getpid() and location == self.location:
                    on_change("announced")
            return default

    def _key(self, key, version):
        return self.make_and_validate_key(key, version=version)

    def get(self, key, default=None, version=None):
        return self._guarded(self.client.get, default, self._key(key, version), default)

    def get_many(self, keys, version=None):
        names = {self._key(key, version): key for key in keys}
        found = self._guarded(self.client.get_many, {}, list(names))
        return {names[key]: value for key, value in found.items()}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self.get_backend_timeout(timeout)
        self._guarded(self.client.set, None, self._key(key, version), value, timeout)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        made = {self._key(key, version): value for key, value in data.items()}
        timeout = self.get_backend_timeout(timeout)
        if self._guarded(self.client.set_many, False, made, timeout) is False:
            return list(data)  # the keys not stored: all of them
        return []

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self.get_backend_timeout(timeout)
        return self._guarded(
            self.client.add, False, self._key(key, version), value, timeout
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self.get_backend_timeout(timeout)
        return self._guarded(self.client.touch, False, self._key(key, version), timeout)

    def delete(self, key, version=None):
        return self._guarded(self.client.delete, False, self._key(key, version))

    def delete_many(self, keys, version=None):
        if keys:
            keys = [self._key(key, version) for key in keys]
            self._guarded(self.client.delete_many, None, keys)

    def has_key(self, key, version=None):
        return self._guarded(self.client.has_key, False, self._key(key, version))

    def incr(self, key, delta=1, version=None):
        return self._guarded(self.client.incr, 0, self._key(key, version), delta)

    def clear(self):
        cleared = self._guarded(self.client.clear, False)
        # What the processes remember of what was here is gone with it.
        for channel in ANNOUNCED_ON_CLEAR:
            self.announce(channel)
        return cleared

    def announce(self, channel):
        """Tell every process listening on `channel` (Redis pub/sub) that it changed:
        this one at once, the others as soon as the message reaches them."""
        on_change = _listeners.get((os.getpid(), self.location, channel))
        if on_change is not None:
            on_change("announced")
        client = self.client.get_client(write=True)
        self._guarded(client.publish, 0, self.make_key(channel), b"1")

    def listen(self, channel, on_change):
        """Call `on_change(event)` from a thread of this process: "subscribed" once
        listening to `channel` (again), "announced" whenever it is announced, "lost"
        when the subscription is lost (it is made again a moment later). Whatever a
        process remembers on the strength of the channel is to be forgotten on each.
        One listener a channel a process (started again in a forked worker)."""
        key = (os.getpid(), self.location, channel)
        if key in _listeners:
            return
        _listeners[key] = on_change
        thread = threading.Thread(
            target=self._listen,
            args=(self.make_key(channel), on_change),
            name=f"cache-listen-{channel}",
            daemon=True,
        )
        thread.start()

    def _listen(self, channel, on_change):
        client = self.client.get_client(write=True)
        subscribed = True  # so that the first failure is logged
        while True:
            pubsub = client.pubsub(ignore_subscribe_messages=False)
            try:
                pubsub.subscribe(channel)
                for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        subscribed = True
                        on_change("subscribed")
                    elif message["type"] == "message":
                        on_change("announced")
            except (RedisError, OSError) as error:
                if subscribed:  # once an outage, not once a retry
                    logger.warning("Lost the subscription to %s: %s", channel, error)
                subscribed = False
            finally:
                on_change("lost")
                pubsub.close()
            time.sleep(RETRY_AFTER_SECONDS / 5)

    def delete_matching(self, prefix):
        """Delete every key that starts with `prefix` (a few round trips per 1,000)."""
        return self._guarded(self._delete_matching, 0, prefix)

    def _delete_matching(self, prefix):
        client = self.client.get_client(write=True)
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


class ProcessCopies:
    """A bounded copy, in this process, of what it read or made last: least recently
    used dropped first past the size the setting `limit_setting` names (in bytes), and
    each copy dropped when its timeout passes, as the shared cache would.

    For values whose key says when they stop being right (a page or a fragment stored
    with its generation): nothing else may be kept here, since no other process can
    retire it."""

    def __init__(self, limit_setting):
        self.limit_setting = limit_setting
        self.copies = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        """The copy under `key`, or None."""
        found = self.copies.get(key)
        if found is None:
            return None
        expires, size, value = found
        with self.lock:
            if expires is not None and time.monotonic() >= expires:
                if self.copies.pop(key, None) is not None:
                    self.size -= size
                return None
            if key in self.copies:
                self.copies.move_to_end(key)
        return value

    def put(self, key, value, size, timeout=None):
        """Keep `value` (about `size` bytes) for `timeout` seconds (None: until
        dropped for room)."""
        limit = getattr(settings, self.limit_setting)
        expires = None if timeout is None else time.monotonic() + timeout
        with self.lock:
            old = self.copies.pop(key, None)
            if old is not None:
                self.size -= old[1]
            if size > limit:
                return
            self.copies[key] = (expires, size, value)
            self.size += size
            while self.size > limit:
                _key, (_expires, dropped, _value) = self.copies.popitem(last=False)
                self.size -= dropped

    def clear(self):
        with self.lock:
            self.copies.clear()
            self.size = 0


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
