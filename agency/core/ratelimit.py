"""The site's one rate limiter: counters in the database, bumped in one statement.

`rate_hit(scope=..., key=..., limit=..., period=...)` counts one hit of `key` (an
address, a visitor, an article and an address...) and says whether it is within
`limit` hits per `period` seconds. A window opens at a key's first hit and lasts
`period` seconds; the next hit after it opens a new one.

Why the database and not Redis: the count is one `INSERT ... ON CONFLICT DO UPDATE ...
RETURNING hits`, atomic however many processes hit the same key at once, and it cannot
be evicted by page copies filling the cache nor switched off by a Redis outage (the
cache degrades to misses; a limit living there would fail open). The table is UNLOGGED
on PostgreSQL: a crash of the database ends every window early, nothing worse. Keys are
stored as keyed hashes, so the table holds no address or visitor id. Windows that ended
are deleted now and then by the hits themselves (`PURGE_EVERY`, outside transactions)
and by `rate_counters_purge()`.

Infrastructure: it imports no feature app; the contact form, likes and view beacons
call it with their own scopes and settings.
"""

import hashlib
import hmac
import ipaddress
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from agency.core.models import RateCounter

# About one hit in this many also deletes the windows that ended.
PURGE_EVERY = 1000
# Ended windows are kept this long (seconds) before the purge takes them.
PURGE_GRACE = 60


@dataclass(frozen=True)
class RateHit:
    count: int
    limit: int
    retry_after: int

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit

    @property
    def first(self) -> bool:
        """The first hit of the key in its window (a "seen once" mark)."""
        return self.count == 1


def hashed_key(scope: str, key: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}\0{key}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def address_key(ip: str) -> str:
    """The part of an address one client controls: IPv4 whole, IPv6 its /64.

    An IPv6 client is usually given a whole /64 and can pick a new address in it for
    each request; counting per address would give it billions of limits.
    """
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def rate_hit(*, scope: str, key: str, limit: int, period: int) -> RateHit:
    """Count one hit of `key` in `scope`; return the count in its window."""
    now = int(time.time())
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, {connection.ops.quote_name('key')}, hits, "  # noqa: S608
            f"window_end) VALUES (%s, %s, 1, %s) "
            f"ON CONFLICT (scope, {connection.ops.quote_name('key')}) DO UPDATE SET "
            f"hits = CASE WHEN {table}.window_end <= %s THEN 1 "
            f"ELSE {table}.hits + 1 END, "
            f"window_end = CASE WHEN {table}.window_end <= %s "
            f"THEN EXCLUDED.window_end ELSE {table}.window_end END "
            f"RETURNING hits, window_end",
            [scope, hashed_key(scope, key), now + period, now, now],
        )
        hits, window_end = cursor.fetchone()
    # Not inside a transaction (the contact form counts under its form token's lock):
    # there the purge's row locks would be held until the caller commits, and two
    # callers could wait on each other's counters.
    purge_now = random.randrange(PURGE_EVERY) == 0  # noqa: S311 - spreading work
    if purge_now and not connection.in_atomic_block:
        rate_counters_purge(now=now)
    return RateHit(count=hits, limit=limit, retry_after=max(window_end - now, 1))


def rate_counters_purge(*, now: int | None = None) -> int:
    """Delete the counters whose window ended; return how many."""
    now = int(time.time()) if now is None else now
    deleted, _detail = RateCounter.objects.filter(
        window_end__lt=now - PURGE_GRACE
    ).delete()
    return deleted
