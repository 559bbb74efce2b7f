"""A landing page for visitors, and its beacon that counts who saw which version."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from agency.core.i18n import InItsOwnLanguage
from agency.core.visitors import (
    is_bot,
    remember_visitor,
    too_many,
    visitor_id,
)

from .models import LandingPage
from .services import landing_visit_record

BEACON_RATE = (120, 60)  # per address: more than a person opens in a minute


class LandingPageView(InItsOwnLanguage, DetailView):
    model = LandingPage
    template_name = "services/landing_page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_object_or_404(
            LandingPage.objects.published(), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        variant = None
        version = getattr(self.request, "landing_version", "")
        if version.isdigit():
            variant = page.variants.filter(pk=version, is_running=True).first()
        blocks = variant.blocks if variant is not None else page.blocks
        context.update(
            blocks=blocks,
            variant=variant,
            # What the enquiry form sends back: this page, and the version seen.
            landing=f"{page.pk}.{variant.pk if variant else 0}",
        )
        return context


@csrf_exempt  # Counting a visit changes nothing a forger could want.
@never_cache
@require_POST
def landing_seen(request, pk):
    """Count this visitor once for the page, with the version they were shown."""
    page = LandingPage.objects.published(language=None).filter(pk=pk).first()
    if page is None:
        raise Http404
    vid, new_visitor = visitor_id(request)
    counted = False
    if not (
        is_bot(request)
        or request.user.is_staff
        or too_many(request, "landing-beacon", BEACON_RATE)
    ):
        counted = landing_visit_record(
            page=page, version=request.POST.get("version", ""), visitor=vid
        )
    response = JsonResponse({"counted": counted})
    if new_visitor:
        remember_visitor(request, response, vid)
    return response
