from django.utils import timezone

from .frame import get_frame


def _is_current(url, path):
    if not url or not url.startswith("/"):
        return False
    return path == url or (url != "/" and path.startswith(url))


def site_frame(request):
    """Give every template the site settings and the menu, current item marked."""
    frame = get_frame()
    path = request.path
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
    return {
        "site": frame["settings"],
        "menu": menu,
        "current_year": timezone.localdate().year,
    }
