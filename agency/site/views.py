from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from agency.core import cards, seo
from agency.core.i18n import InItsOwnLanguage
from agency.site.frame import get_frame
from agency.site.models import Page


class HomeView(TemplateView):
    template_name = "agency/home.html"


class PageDetailView(InItsOwnLanguage, DetailView):
    model = Page
    template_name = "agency/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_object_or_404(Page.objects.published(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(self.object.title, None)]
        return context


@require_safe
def site_card(request):
    """The site's 1200x630 share card, for pages without a picture of their own."""
    site = get_frame()["settings"]
    return cards.share_card(
        request,
        name="site",
        title=site.display_tagline or site.display_site_name,
        subtitle=seo.site_url().split("://", 1)[-1],
        site=site,
        last_modified=site.updated_at,
        filename="share-card.png",
    )
