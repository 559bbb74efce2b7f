"""Writes with side effects: counting views, toggling likes."""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from . import counters
from .models import Article, ArticleDailyView, ArticleLike

# One view per visitor per article in this window.
VIEW_WINDOW_SECONDS = 30 * 60


@dataclass(frozen=True)
class ArticleCounts:
    view_count: int
    like_count: int
    liked: bool


def article_counts(*, article_id: int, visitor_key: str) -> ArticleCounts:
    """Return the fresh counts of an article and whether this visitor likes it.

    The view count includes views still buffered in Redis (articles.counters).
    """
    row = (
        Article.objects.filter(pk=article_id)
        .annotate(
            liked=Exists(
                ArticleLike.objects.filter(
                    article_id=OuterRef("pk"), visitor_key=visitor_key
                )
            )
        )
        .values("view_count", "like_count", "liked")
        .get()
    )
    row["view_count"] += counters.pending_views(article_id)
    return ArticleCounts(**row)


def _daily_view_add(*, article_id: int, day: date) -> None:
    # One statement, race-free: the unique (article, day) row is created or bumped.
    table = connection.ops.quote_name(ArticleDailyView._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + 1",
            [article_id, day],
        )


def article_view_record(*, article_id: int, visitor_key: str) -> bool:
    """Count one view of an article, unless this visitor was counted in the window.

    Return whether the view was counted. The dedupe mark lives in the shared cache
    (Redis in production), set atomically with `add`, so two tabs racing count once.
    """
    seen_key = f"articles:seen:{article_id}:{visitor_key}"
    if not cache.add(seen_key, 1, timeout=VIEW_WINDOW_SECONDS):
        return False
    # With Redis, the view waits there for the next flush: no database write per view.
    if counters.buffer_view(article_id=article_id, day=timezone.localdate()):
        return True
    try:
        with transaction.atomic():
            updated = Article.objects.filter(pk=article_id).update(
                view_count=F("view_count") + 1
            )
            if updated:
                _daily_view_add(article_id=article_id, day=timezone.localdate())
    except Exception:
        cache.delete(seen_key)
        raise
    return bool(updated)


def article_like_toggle(*, article_id: int, visitor_key: str) -> ArticleCounts:
    """Like the article for this visitor, or take the like back if there is one.

    The like rows and the counter change in one transaction, so the count always equals
    the number of rows, whatever runs at the same time.
    """
    with transaction.atomic():
        deleted, _detail = ArticleLike.objects.filter(
            article_id=article_id, visitor_key=visitor_key
        ).delete()
        if deleted:
            Article.objects.filter(pk=article_id).update(
                like_count=F("like_count") - deleted
            )
        else:
            try:
                with transaction.atomic():
                    ArticleLike.objects.create(
                        article_id=article_id, visitor_key=visitor_key
                    )
            except IntegrityError:
                # The same visitor's other request liked it a moment ago: it stays liked.
                pass
            else:
                Article.objects.filter(pk=article_id).update(
                    like_count=F("like_count") + 1
                )
    return article_counts(article_id=article_id, visitor_key=visitor_key)


def rate_limit_hit(*, scope: str, ident: str, limit: int, period: int) -> bool:
    """Count one hit of `ident` in `scope`; return True once it passes `limit`/`period`.

    A fixed window in the shared cache: `add` starts the window, `incr` is atomic.
    """
    window = int(timezone.now().timestamp()) // period
    key = f"articles:rate:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        hits = cache.incr(key)
    except ValueError:
        # The window expired between add and incr: this is its first hit.
        cache.set(key, 1, timeout=period + 5)
        hits = 1
    return hits > limit
