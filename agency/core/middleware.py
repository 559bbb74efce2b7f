"""Security headers on every response.

Django's SecurityMiddleware sets nosniff, Referrer-Policy, COOP and HSTS from settings, and
XFrameOptionsMiddleware sets X-Frame-Options; this adds the Content-Security-Policy and the
Permissions-Policy, which Django 5.2 does not have.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import is_same_domain
from django.utils.translation import gettext

from agency.core.block_types import PLAYER_HOSTS


def _address_language(request):
    """The language of the address (/zh-hans/...), for an answer given before the
    middleware that activates it has run."""
    return translation.override(
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )


def _policy(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


# Public pages: no inline script, nothing from other hosts.
PUBLIC_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
    # The video players a landing page's video block may embed, once played.
    "frame-src": f"'self' {PLAYER_HOSTS}",
}
# The admin's rich-text editor (CKEditor 4) writes inline event handlers and styles and
# answers uploads with an inline script in a frame of its own page: it gets what it
# needs there, and only there.
EDITOR_CSP = {
    **PUBLIC_CSP,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "frame-src": "'self'",
    "frame-ancestors": "'self'",
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public_csp = _policy(PUBLIC_CSP)
        self.editor_csp = _policy(EDITOR_CSP)
        self.editor_prefixes = (f"/{settings.AGENCY_ADMIN_URL}", "/ckeditor/")

    def __call__(self, request):
        response = self.get_response(request)
        editor = request.path.startswith(self.editor_prefixes)
        response.setdefault(
            "Content-Security-Policy", self.editor_csp if editor else self.public_csp
        )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if editor and request.path.startswith("/ckeditor/"):
            # The upload dialog posts into a frame of the admin page.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class RejectNulMiddleware:
    """Answer 400 to a query string carrying a NUL character.

    PostgreSQL cannot store or compare text with NUL in it, so such a value reaching a
    filter (the admin's list filters, say) would end in a 500. Forms already refuse it
    field by field; this covers every GET parameter at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" not in request.path and "%00" not in query and "\x00" not in query:
            return self.get_response(request)
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            with _address_language(request):
                return HttpResponseBadRequest(
                    render_to_string(
                        "400.html",
                        {
                            "message": gettext(
                                "The address contains a NUL character, which no page "
                                "here accepts."
                            )
                        },
                    )
                )
        return self.get_response(request)


class AdminSearchLimitMiddleware:
    """Keep an admin search to its first words.

    Django's admin adds one clause per search word for every search field: a pasted page
    of text would take longer than any server timeout. The search box shows what was
    searched for, so a trimmed query is visible to the person who typed it.
    """

    MAX_WORDS = 10

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.AGENCY_ADMIN_URL}"

    def __call__(self, request):
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        query = request.GET.get("q", "")
        if len(query.split()) > self.MAX_WORDS:
            params = request.GET.copy()
            params["q"] = " ".join(query.split()[: self.MAX_WORDS])
            request.GET = params
        return self.get_response(request)


class CrossSiteMiddleware:
    """Refuse a state-changing request that a page on another site made the browser send.

    The contact form, likes and view beacons take posts without a session (their pages
    are cached for everyone), so Django's CSRF token cannot guard them all; the browser
    says where a request comes from instead. Refused, with a 403 page: `Sec-Fetch-Site:
    cross-site`, and an `Origin` (when sent) that is neither this host, SITE_URL nor one
    of CSRF_TRUSTED_ORIGINS (`null`, an opaque origin, is never ours). A request with
    neither header (old browsers, scripts) passes: it is not a visitor's browser being
    used by another site, and each view's own limits apply to it.
    """

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS and self.is_cross_site(request):
            return HttpResponseForbidden(
                render_to_string("403_cross_site.html", request=request)
            )
        return self.get_response(request)

    def is_cross_site(self, request):
        if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
            return True
        origin = request.headers.get("Origin")
        if origin is None:
            return False
        return not self.origin_allowed(request, origin.strip().rstrip("/").lower())

    @staticmethod
    def origin_allowed(request, origin):
        if origin in (
            f"{request.scheme}://{request.get_host()}".lower(),
            settings.SITE_URL.lower(),
        ):
            return True
        parts = urlsplit(origin)
        if not parts.scheme or not parts.netloc:
            return False
        for trusted in settings.CSRF_TRUSTED_ORIGINS:
            trusted = urlsplit(trusted.rstrip("/").lower())
            # "https://*.example.com" trusts the subdomains, as Django's CSRF check does.
            if trusted.scheme == parts.scheme and is_same_domain(
                parts.netloc, trusted.netloc.lstrip("*")
            ):
                return True
        return False
