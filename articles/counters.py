"""View counts without a database write per view, when Redis is configured.

A counted view adds 1 in Redis (one hash, `PENDING`); `flush_views()` moves the counts to
PostgreSQL in batches: the article totals and the per-day rows Hot topics reads.

Exactly once, whatever races or crashes:
- the flush first RENAMEs the pending hash to a batch key of its own (atomic in Redis), so
  views counted while it runs land in a fresh hash and wait for the next flush;
- the batch is applied in one database transaction that also records the batch's id
  (`ViewFlush`, unique); only after the commit is the batch key deleted;
- a flush that died before its commit leaves the batch key: the next flush applies it;
- a flush that died after its commit leaves the key too, but its id is already recorded:
  the next flush sees that and only deletes the key. Any other database error keeps the
  batch for the next flush (it is never taken for "already applied").

Without Redis (or while it is down, or full) views go straight to the database. After a
failure, Redis is left alone for a few seconds, so an outage does not cost every beacon
a timeout.
"""

import logging
import time
import uuid
from datetime import date

import redis
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F

logger = logging.getLogger(__name__)

# One hash of pending views: "t:<article id>" totals, "d:<article id>:<day>" per day.
PENDING = "agency:views:pending"
BATCH_PREFIX = "agency:views:batch:"
# The batch keys being flushed (so readers and the next flush find them without SCAN).
BATCHES = "agency:views:batches"
# After a failure, count in the database for this many seconds without trying Redis.
RETRY_AFTER_SECONDS = 5.0
_clients = {}
_down_until = 0.0


def redis_client():
    """Return the Redis client for counters, or None when REDIS_URL is not set."""
    url = settings.REDIS_URL
    if not url:
        return None
    if url not in _clients:
        # Short timeouts: a dead Redis must not hold up the visitor's beacon.
        _clients[url] = redis.Redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5
        )
    return _clients[url]


def buffer_view(*, article_id: int, day: date) -> bool:
    """Add one view in Redis; return False when Redis is not there to take it."""
    global _down_until
    client = redis_client()
    if client is None or time.monotonic() < _down_until:
        return False
    try:
        pipe = client.pipeline(transaction=True)
        pipe.hincrby(PENDING, f"t:{article_id}", 1)
        pipe.hincrby(PENDING, f"d:{article_id}:{day.isoformat()}", 1)
        pipe.execute()
    except (redis.RedisError, OSError) as error:
        # A refused write (down, full, read-only) applied nothing: MULTI is all or none.
        logger.warning(
            "Counting views in the database, Redis is unavailable: %s", error
        )
        _down_until = time.monotonic() + RETRY_AFTER_SECONDS
        return False
    return True


def pending_views(article_id: int) -> int:
    """Views of an article counted in Redis and not yet flushed to the database."""
    client = redis_client()
    if client is None or time.monotonic() < _down_until:
        return 0
    try:
        keys = [PENDING, *(key.decode() for key in client.smembers(BATCHES))]
        pipe = client.pipeline(transaction=False)
        for key in keys:
            pipe.hget(key, f"t:{article_id}")
        return sum(int(value) for value in pipe.execute() if value)
    except (redis.RedisError, OSError):
        return 0


def flush_views() -> int:
    """Move buffered views to the database; return how many were applied."""
    client = redis_client()
    if client is None:
        return 0
    applied = 0
    # Batches a crashed flush left behind go first, then the pending hash.
    for key in client.smembers(BATCHES):
        applied += _apply_batch(client, key.decode())
    if not client.exists(PENDING):
        return applied
    batch_key = f"{BATCH_PREFIX}{uuid.uuid4().hex}"
    pipe = client.pipeline(transaction=True)
    pipe.rename(PENDING, batch_key)
    pipe.sadd(BATCHES, batch_key)
    pipe.execute()
    return applied + _apply_batch(client, batch_key)


def _apply_batch(client, batch_key: str) -> int:
    from .models import Article, ArticleDailyView, ViewFlush

    batch_id = batch_key.removeprefix(BATCH_PREFIX)
    raw = client.hgetall(batch_key)
    totals, daily = {}, {}
    for field, value in raw.items():
        kind, article_id, *day = field.decode().split(":")
        if kind == "t":
            totals[int(article_id)] = int(value)
        else:
            daily[(int(article_id), day[0])] = int(value)
    try:
        with transaction.atomic():
            ViewFlush.objects.create(batch=batch_id)
            for article_id, count in totals.items():
                Article.objects.filter(pk=article_id).update(
                    view_count=F("view_count") + count
                )
            existing = set(
                Article.objects.filter(pk__in=totals).values_list("pk", flat=True)
            )
            table = connection.ops.quote_name(ArticleDailyView._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, %s) "  # noqa: S608
                    f"ON CONFLICT (article_id, day) DO UPDATE "
                    f"SET views = {table}.views + EXCLUDED.views",
                    [
                        (article_id, day, count)
                        for (article_id, day), count in daily.items()
                        if article_id in existing
                    ],
                )
    except IntegrityError:
        if not ViewFlush.objects.filter(batch=batch_id).exists():
            raise  # not ours to forget: the batch waits for the next flush
        # This batch was committed by a flush that died before deleting its key.
        _forget(client, batch_key)
        return 0
    _forget(client, batch_key)
    return sum(totals.values())


def _forget(client, batch_key):
    pipe = client.pipeline(transaction=True)
    pipe.delete(batch_key)
    pipe.srem(BATCHES, batch_key)
    pipe.execute()
