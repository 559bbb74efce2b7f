"""View counts without an update of the article's row per view.

A counted view adds 1 to one `PendingView` row (its article, today) in PostgreSQL, in
one statement; `flush_views()` moves the pending counts to the article totals and the
per-day rows Hot topics reads, and deletes them, in one transaction: exactly once,
whatever races or crashes (a flush that dies before its commit changed nothing, and two
flushes at once cannot both take a row).

Nothing here lives in Redis: a view counted while Redis is down, full or evicting keys
is counted all the same (the buffer used to be a Redis hash, which `allkeys-lru` could
evict and an outage could strand). The view's row is written with
`synchronous_commit = off`: the visitor does not wait for the disk, and a crash of
PostgreSQL itself can lose at most the last moment of views.
"""

from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import Article, ArticleDailyView, PendingView


def buffer_view(*, article_id: int, day: date) -> bool:
    """Add one pending view; return False when the article is gone."""
    table = connection.ops.quote_name(PendingView._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(
                f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT (article_id, day) DO UPDATE "
                f"SET views = {table}.views + 1",
                [article_id, day],
            )
    except IntegrityError:  # deleted since the view was asked for
        return False
    return True


def pending_views_subquery():
    """An expression of an article's pending views, for `.annotate()`."""
    return Coalesce(
        Subquery(
            PendingView.objects.filter(article_id=OuterRef("pk"))
            .values("article_id")
            .annotate(total=Sum("views"))
            .values("total")
        ),
        0,
    )


def flush_views() -> int:
    """Move pending views to the articles and their days; return how many moved."""
    table = connection.ops.quote_name(PendingView._meta.db_table)
    daily = connection.ops.quote_name(ArticleDailyView._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} RETURNING article_id, day, views"  # noqa: S608
        )
        rows = cursor.fetchall()
        if not rows:
            return 0
        totals = {}
        for article_id, _day, views in rows:
            totals[article_id] = totals.get(article_id, 0) + views
        # In id order, so two flushes lock the articles in the same order.
        for article_id, views in sorted(totals.items()):
            Article.objects.filter(pk=article_id).update(
                view_count=F("view_count") + views
            )
        cursor.executemany(
            f"INSERT INTO {daily} (article_id, day, views) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (article_id, day) DO UPDATE "
            f"SET views = {daily}.views + EXCLUDED.views",
            rows,
        )
    return sum(totals.values())
