"""The site's cache on a real Redis, or on one that is down, for a test."""

from django.core.cache import caches

from agency.core.cache import ResilientRedisCache

# Nothing listens on port 1: every call fails like a stopped Redis.
REDIS_DOWN = "redis://127.0.0.1:1/0"


def use_redis(settings, location, *, key_prefix="", timeout=None):
    """Point the site's cache at the Redis at `location`, with no outage remembered;
    return the cache. `timeout` bounds connecting and each call, in seconds."""
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    settings.CACHES = {
        "default": {
            "BACKEND": "agency.core.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": options if timeout is not None else {},
        }
    }
    ResilientRedisCache._down_until = 0.0
    return caches["default"]
