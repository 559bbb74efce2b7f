"""When the next scheduled article goes live: caches must not outlive that moment."""

from django.utils import timezone

from .models import Article


def seconds_until_next_publication():
    """Return seconds until the next scheduled article is due, or None if none is."""
    now = timezone.now()
    due = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if due is None:
        return None
    return int((due - now).total_seconds()) + 1
