"""When the next scheduled article goes live: caches must not outlive that moment."""

from django.apps import apps
from django.utils import timezone


def seconds_until_next_publication():
    """Return seconds until the next scheduled article is due, or None if none is."""
    try:
        Article = apps.get_model("articles", "Article")
    except LookupError:
        return None
    field_names = {field.name for field in Article._meta.get_fields()}
    if "published_at" not in field_names:
        return None
    now = timezone.now()
    due = (
        Article.objects.filter(status="published", published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if due is None:
        return None
    return int((due - now).total_seconds()) + 1
