import posixpath
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from . import cards, seo
from .frame import get_frame
from .images import IMAGE_TYPES
from .models import Page


class HomeView(TemplateView):
    template_name = "agency/home.html"


class PageDetailView(DetailView):
    template_name = "agency/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_object_or_404(Page.objects.published(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(self.object.title, None)]
        return context


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


@require_safe
def site_card(request):
    """The site's 1200x630 share card, for pages without a picture of their own."""
    site = get_frame()["settings"]
    inputs = {
        "title": site.tagline or site.site_name,
        "subtitle": seo.site_url().split("://", 1)[-1],
        "site_name": site.site_name,
    }
    version = cards.version_key(
        *inputs.values(), site.logo.name if site.logo else "", cards.font_signature()
    )
    path = cards.stored_png(
        "cards",
        "site",
        version,
        lambda: cards.render_card(
            **inputs, logo=cards.open_image(site.logo, max_size=(600, 200))
        ),
    )
    return cards.png_response(
        request,
        path,
        etag=version,
        last_modified=site.updated_at,
        filename="share-card.png",
        max_age=settings.AGENCY_POSTER_MAX_AGE,
    )


def server_error(request):
    """The 500 page, or a 503 when the database is what failed (it will be back)."""
    error = sys.exc_info()[1]
    # No context processors here: they would ask the database that just failed.
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
