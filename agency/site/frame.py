"""What every page shows around its content: site settings and the menu, cached.

The frame is built once and kept in the cache under the release's key (agency.core.
pagecache.release: a deploy's code may build it otherwise), stored with the page cache's
generation it was made in and used only while that is current (any content change
retires it: the page cache's one rule); it is read in the same round trip as the
generation. It holds the menu of every language (labels and links differ, the structure
is shared), so one key serves both.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from agency.core.i18n import switcher_fragment
from agency.core.pagecache import generation, release, request_memo
from agency.core.translation import current_language


def frame_key():
    """The frame's key: one per release, as every key of what is kept."""
    return f"agency:frame:{release()}"


# The frame as this process last read or built it, (generation, frame): used while its
# generation is current, with no round trip (the page cache knows it).
_here = [None]


def build_frame():
    """{language: {"settings", "menu"}} for every language of the site."""
    from agency.site.models import MenuItem, SiteSettings

    # A target's parent too, where it has one: whether it is live depends on it.
    related = [
        *MenuItem.TARGET_FOREIGN_KEYS,
        *(
            f"{name}__parent"
            for name in MenuItem.TARGET_FOREIGN_KEYS
            if _has_parent(MenuItem._meta.get_field(name).related_model)
        ),
    ]
    items = list(MenuItem.objects.select_related(*related).order_by("order", "pk"))
    site = SiteSettings.load()
    translations = _translations_of(items)
    frames = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            frames[code] = {"settings": site, "menu": _menu(items, translations)}
    return frames


def _has_parent(model):
    return any(field.name == "parent" for field in model._meta.fields)


def _translations_of(items):
    """translations(target) for the menu's targets, read in one query per kind of
    target rather than one per item and language."""
    from agency.core.translation import Translatable

    targets = [
        getattr(item, name)
        for item in items
        for name in item.TARGET_FOREIGN_KEYS
        if getattr(item, f"{name}_id")
    ]
    rows = {}
    for model in {type(t) for t in targets if isinstance(t, Translatable)}:
        keys = {t.translation_key for t in targets if type(t) is model}
        found = model._default_manager.filter(translation_key__in=keys)
        if _has_parent(model):
            found = found.select_related("parent")
        for row in found:
            rows.setdefault((model, row.translation_key), []).append(row)

    def translations(target):
        return {
            row.language: row
            for row in rows.get((type(target), target.translation_key), ())
            if row.pk != target.pk
        }

    return translations


def _menu(items, translations):
    nodes = {}
    menu = []
    for item in items:
        if item.parent_id is None:
            url = item.get_url(translations)
            if url is None:
                continue
            node = {
                "label": item.display_label,
                "url": url,
                "new_tab": item.new_tab,
                "children": [],
            }
            nodes[item.pk] = node
            menu.append(node)
    for item in items:
        if item.parent_id in nodes:
            url = item.get_url(translations)
            if url is not None:
                nodes[item.parent_id]["children"].append(
                    {"label": item.display_label, "url": url, "new_tab": item.new_tab}
                )
    return menu


def get_frame():
    """The settings and the menu in the active language."""
    return _frames()[current_language()]


def _frames():
    # In a request, the generation is read with the kept frame in one round trip.
    made_in = generation()
    here = _here[0]
    if here is not None and here[0] == made_in:
        return here[1]
    memo = request_memo()
    if memo is None:
        stored = cache.get(frame_key())
    elif "frame" in memo:
        stored = memo["frame"]
    else:  # the page cache read the generation with the page, not with the frame
        stored = memo["frame"] = cache.get(frame_key())
    if isinstance(stored, tuple) and stored[0] == made_in:
        _here[0] = stored
        return stored[1]
    frame = build_frame()
    if generation() != made_in:
        # This request changed content while building (the settings' first use makes
        # them): build again under the new generation, which the next request will read.
        made_in = generation()
        frame = build_frame()
    # Made after the generation was read: a change meanwhile has raised it already.
    stored = (made_in, frame)
    cache.set(frame_key(), stored, timeout=None)
    _here[0] = stored
    if memo is not None:
        memo["frame"] = stored
    return frame


def marked_menu(frame, path):
    """The menu with the items for `path` marked current, and a key of those marks:
    worked out once a request (the view prefetches the header by the key, the
    template shows the menu)."""
    memo = request_memo()
    if memo is not None:
        made = memo.get(("marked-menu", path))
        if made is not None and made[0] is frame:
            return made[1]
    marked = _marked_menu(frame, path)
    if memo is not None:
        memo["marked-menu", path] = (frame, marked)
    return marked


def _marked_menu(frame, path):
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


def page_fragments(request):
    """The fragments of the frame around every page: the header (for `request.path`,
    its current menu item marked) and the footer. Names and vary values as base.html
    gives them."""
    _menu, menu_key = marked_menu(get_frame(), request.path)
    return [("header", [menu_key]), ("footer", []), switcher_fragment(request)]
