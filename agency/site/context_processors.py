from django.utils import timezone

from agency.site.frame import get_frame, marked_menu


def site_frame(request):
    """Give every template the site settings and the menu, current item marked."""
    frame = get_frame()
    menu, menu_key = marked_menu(frame, request.path)
    return {
        "site": frame["settings"],
        "menu": menu,
        # What the header's kept HTML varies on: which items are marked current.
        "menu_key": menu_key,
        "current_year": timezone.localdate().year,
    }
