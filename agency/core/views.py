"""Views every deployment needs whatever its content: health, media, the error pages."""

import posixpath
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views import static
from django.views.decorators.cache import never_cache

from agency.core.images import IMAGE_TYPES


@never_cache
def healthz(request):
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Every media response: the browser neither guesses a type nor runs anything in it.
MEDIA_CSP = "sandbox; default-src 'none'"


def media(request, path):
    """Serve an uploaded file: as an image only by an allow-list of extensions.

    Anything else (an `.html`, `.svg` or `.js` stored before uploads were re-encoded
    and renamed) is a download of `application/octet-stream`, never a page or a script
    of this origin. docs/deploy.md gives the web server the same rule.
    """
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    extension = posixpath.splitext(path)[1].lower()
    if extension in IMAGE_TYPES:
        content_type = IMAGE_TYPES[extension]
    else:
        content_type = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    if response.status_code == 200:  # a 304 has no body, so no type
        response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cache-Control"] = "public, max-age=86400"
    return response


def server_error(request):
    """The 500 page, or a 503 when the database is what failed (it will be back)."""
    error = sys.exc_info()[1]
    # No context processors here: they would ask the database that just failed.
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
