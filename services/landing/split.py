"""Which version of a landing page a visitor is shown.

`LandingSplitMiddleware` runs outside the page cache (like the campaign cookie's), so
that a page served from it still splits visitors: a visitor without a choice for the
page is given one of its running versions at random, remembered in a cookie for the
page (`lp<id>`), so they see the same one on every visit; crawlers always get the
original and no cookie. The page cache keeps one copy per version (`key_varies_with`).
"""

import random
import re

from django.conf import settings

from agency.core import fragments
from agency.core.visitors import is_bot

ORIGINAL = "0"
COOKIE_AGE = 180 * 24 * 60 * 60
_PATH = re.compile(r"^/(?:(?P<language>[a-z]{2}(?:-[a-z]+)?)/)?lp/(?P<slug>[^/]+)/$")
_chooser = random.SystemRandom()


def page_versions(language, slug):
    """(page id, [its running variants' ids]) for the published page at this slug in
    this language, or None; kept with the page cache's generation, so a change of
    variants shows at once."""
    from services.models import LandingPage

    def make():
        page = (
            LandingPage.objects.published(language=language)
            .filter(slug=slug)
            .only("pk")
            .first()
        )
        if page is None:
            return 0, []  # kept too: an unknown address costs no query the next time
        running = list(
            page.variants.filter(is_running=True).values_list("pk", flat=True)
        )
        return page.pk, [str(pk) for pk in running]

    return fragments.kept("landing-versions", make, vary=(language, slug))


def cookie_name(page_id):
    return f"lp{page_id}"


class LandingSplitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.landing_version = ""
        split, remember = False, None
        if request.method in ("GET", "HEAD"):
            split, remember = self.choose(request)
        response = self.get_response(request)
        if remember is not None:
            name, version = remember
            response.set_cookie(
                name, version, max_age=COOKIE_AGE, httponly=True, samesite="Lax"
            )
        if split:
            # Each visitor has their version: no shared cache (a CDN) may keep any
            # answer of this page for others while its test runs, and the browser asks
            # again each time, as for every page.
            response.headers["Cache-Control"] = "private, max-age=0"
        return response

    def choose(self, request):
        """Set request.landing_version; return (whether the page's visitors are split,
        (cookie, version) to remember or None)."""
        match = _PATH.match(request.path_info)
        if match is None:
            return False, None
        language = match["language"] or settings.LANGUAGE_CODE
        found = page_versions(language, match["slug"])
        if not found or not found[1]:
            return False, None  # no such page, or no test running on it: one version
        page_id, running = found
        versions = [ORIGINAL, *running]
        if is_bot(request):
            return True, None  # crawlers: the original, which is what the page is
        name = cookie_name(page_id)
        remembered = request.COOKIES.get(name)
        if remembered in versions:
            request.landing_version = "" if remembered == ORIGINAL else remembered
            return True, None
        version = _chooser.choice(versions)
        request.landing_version = "" if version == ORIGINAL else version
        return True, (name, version)


def page_cache_version(request):
    """The page cache's word for this visitor's version (registered with
    `key_varies_with` by the app): "" for the original."""
    version = getattr(request, "landing_version", "")
    return f"lpv{version}" if version else ""
