"""Writes with side effects: counting views, toggling likes."""

from dataclasses import dataclass, replace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from agency.core.ratelimit import address_key, rate_hit

from . import counters
from .models import Article, ArticleLike

# One view per visitor per article in this window.
VIEW_WINDOW_SECONDS = 30 * 60


@dataclass(frozen=True)
class ArticleCounts:
    view_count: int
    like_count: int
    liked: bool
    # The like was refused: this address gave the article as many as it may.
    refused: bool = False


def article_counts(*, article_id: int, visitor_key: str) -> ArticleCounts:
    """Return the fresh counts of an article and whether this visitor likes it.

    The view count includes views not yet flushed to the article (articles.counters).
    """
    row = (
        Article.objects.filter(pk=article_id)
        .annotate(
            liked=Exists(
                ArticleLike.objects.filter(
                    article_id=OuterRef("pk"), visitor_key=visitor_key
                )
            ),
            pending=counters.pending_views_subquery(),
        )
        .values("view_count", "like_count", "liked", "pending")
        .get()
    )
    row["view_count"] += row.pop("pending")
    return ArticleCounts(**row)


def article_view_record(
    *, article_id: int, visitor_key: str, address: str | None = None
) -> bool:
    """Count one view of an article, unless this visitor was counted in the window or
    the visitor's address has given the article its share of views
    (ARTICLES_VIEWS_PER_ADDRESS). Return whether the view was counted.

    Both marks and the count live in the database (agency.core.ratelimit,
    articles.counters), atomic and independent of Redis.
    """
    seen = rate_hit(
        scope="view-seen",
        key=f"{article_id}:{visitor_key}",
        limit=1,
        period=VIEW_WINDOW_SECONDS,
    )
    if not seen.first:
        return False
    if address is not None:
        limit, period = settings.ARTICLES_VIEWS_PER_ADDRESS
        share = rate_hit(
            scope="views-per-address",
            key=f"{article_id}:{address_key(address)}",
            limit=limit,
            period=period,
        )
        if not share.allowed:
            return False
    counted = counters.buffer_view(article_id=article_id, day=timezone.localdate())
    if counted and not settings.ARTICLES_BUFFER_VIEWS:
        counters.flush_views()  # no flush worker runs (`make run`)
    return counted


def article_like_toggle(
    *, article_id: int, visitor_key: str, address: str | None = None
) -> ArticleCounts:
    """Like the article for this visitor, or take the like back if there is one.

    The like rows and the counter change in one transaction, so the count always equals
    the number of rows, whatever runs at the same time. A new like from an address that
    gave the article its share (ARTICLES_LIKES_PER_ADDRESS) is refused.
    """
    refused = False
    with transaction.atomic():
        deleted, _detail = ArticleLike.objects.filter(
            article_id=article_id, visitor_key=visitor_key
        ).delete()
        if deleted:
            Article.objects.filter(pk=article_id).update(
                like_count=F("like_count") - deleted
            )
        elif address is not None and not _like_share_left(article_id, address):
            refused = True
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
    counts = article_counts(article_id=article_id, visitor_key=visitor_key)
    return replace(counts, refused=True) if refused else counts


def _like_share_left(article_id, address):
    limit, period = settings.ARTICLES_LIKES_PER_ADDRESS
    return rate_hit(
        scope="likes-per-address",
        key=f"{article_id}:{address_key(address)}",
        limit=limit,
        period=period,
    ).allowed
