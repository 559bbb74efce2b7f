"""What every page shows around its content: site settings and the menu, cached.

The frame is built once and kept in the cache until something shown in it changes; the
models it depends on delete it on save and delete (`invalidate_frame_on`).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

FRAME_CACHE_KEY = "agency:frame:v1"


def build_frame():
    from .models import MenuItem, SiteSettings

    items = list(
        MenuItem.objects.select_related(*MenuItem.TARGET_FOREIGN_KEYS).order_by(
            "order", "pk"
        )
    )
    nodes = {}
    menu = []
    for item in items:
        if item.parent_id is None:
            url = item.get_url()
            if url is None:
                continue
            node = {
                "label": item.label,
                "url": url,
                "new_tab": item.new_tab,
                "children": [],
            }
            nodes[item.pk] = node
            menu.append(node)
    for item in items:
        if item.parent_id in nodes:
            url = item.get_url()
            if url is not None:
                nodes[item.parent_id]["children"].append(
                    {"label": item.label, "url": url, "new_tab": item.new_tab}
                )
    return {"settings": SiteSettings.load(), "menu": menu}


def get_frame():
    frame = cache.get(FRAME_CACHE_KEY)
    if frame is None:
        frame = build_frame()
        cache.set(FRAME_CACHE_KEY, frame, timeout=None)
    return frame


def invalidate_frame(**kwargs):
    cache.delete(FRAME_CACHE_KEY)


def invalidate_frame_on(*models):
    """Rebuild the frame on the next request whenever one of `models` changes."""
    for model in models:
        post_save.connect(invalidate_frame, sender=model, dispatch_uid=f"frame-{model}")
        post_delete.connect(
            invalidate_frame, sender=model, dispatch_uid=f"frame-del-{model}"
        )
