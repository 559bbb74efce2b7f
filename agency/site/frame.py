"""What every page shows around its content: site settings and the menu, cached.

The frame is built once and kept in the cache until the pages retire (any content
change: the page cache's one rule); it is read in the same round trip as the page
cache's generation.
"""

from django.core.cache import cache

from agency.core.pagecache import generation, request_memo

FRAME_CACHE_KEY = "agency:frame:v1"


def build_frame():
    from agency.site.models import MenuItem, SiteSettings

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
    memo = request_memo()
    if memo is not None:
        if "frame" not in memo:
            generation()  # reads the frame along with the generation, in one round trip
        frame = memo.get("frame")
    else:
        frame = cache.get(FRAME_CACHE_KEY)
    if frame is None:
        frame = build_frame()
        cache.set(FRAME_CACHE_KEY, frame, timeout=None)
        if memo is not None:
            memo["frame"] = frame
    return frame


def marked_menu(frame, path):
    """The menu with the items for `path` marked current, and a key of those marks."""
    menu = []
    for node in frame["menu"]:
        children = [
            {**child, "current": _is_current(child["url"], path)}
            for child in node["children"]
        ]
        current = _is_current(node["url"], path)
        menu.append(
            {
                **node,
                "children": children,
                "current": current,
                "current_ancestor": any(child["current"] for child in children),
            }
        )
    key = tuple(
        (index, item["current"], [child["current"] for child in item["children"]])
        for index, item in enumerate(menu)
        if item["current"] or item["current_ancestor"]
    )
    return menu, key


def _is_current(url, path):
    if not url or not url.startswith("/"):
        return False
    return path == url or (url != "/" and path.startswith(url))


def invalidate_frame():
    cache.delete(FRAME_CACHE_KEY)
    memo = request_memo()
    if memo is not None:
        memo.pop("frame", None)


def page_fragments(request):
    """The fragments of the frame around every page: the header (for `request.path`,
    its current menu item marked) and the footer. Names and vary values as base.html
    gives them."""
    _menu, menu_key = marked_menu(get_frame(), request.path)
    return [("header", [menu_key]), ("footer", [])]
