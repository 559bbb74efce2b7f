"""Security headers on every response.

Django's SecurityMiddleware sets nosniff, Referrer-Policy, COOP and HSTS from settings, and
XFrameOptionsMiddleware sets X-Frame-Options; this adds the Content-Security-Policy and the
Permissions-Policy, which Django 5.2 does not have.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


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
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                render_to_string(
                    "400.html",
                    {
                        "message": "The address contains a NUL character, which no page here accepts."
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
        query = request.GET.get("q", "")
        if request.path.startswith(self.prefix) and len(query.split()) > self.MAX_WORDS:
            params = request.GET.copy()
            params["q"] = " ".join(query.split()[: self.MAX_WORDS])
            request.GET = params
        return self.get_response(request)
