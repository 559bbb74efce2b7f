"""The catalogue's blocks on pages of other apps: home page, footer, article sidebar.

Each block reads the database at most once or twice, then its rows are kept
(agency.core.fragments.kept) until a change to the catalogue retires the page cache's
generation (the models services/apps.py registers).
"""

from django import template
from django.db.models import F, Prefetch

from agency.core.fragments import kept

register = template.Library()

HOME_SERVICES = 8
HOME_CASES = 3
SIDEBAR_SERVICES = 10


def _featured_services():
    from services.models import Service

    return list(
        Service.objects.published()
        .featured()
        .select_related("parent")
        .in_catalogue_order()[:HOME_SERVICES]
    )


def _featured_cases():
    from services.models import CaseStudy, CaseStudyResult

    return list(
        CaseStudy.objects.published()
        .featured()
        .select_related("industry")
        .prefetch_related(
            Prefetch("results", queryset=CaseStudyResult.objects.order_by("order"))
        )[:HOME_CASES]
    )


def _top_level_services():
    from services.models import Service

    return list(Service.objects.published().top_level().only("name", "slug"))


def _sidebar_services():
    from services.models import Service

    # Top-level services first, then sub-services, each in the editors' order.
    return list(
        Service.objects.published()
        .exclude(image="")
        .select_related("parent")
        .order_by(F("parent__order").asc(nulls_first=True), "order", "name")
        .only("name", "slug", "image", "parent__order")[:SIDEBAR_SERVICES]
    )


@register.inclusion_tag("services/blocks/home_services.html")
def home_services():
    """The home page's featured services."""
    return {"services": kept("home-services", _featured_services)}


@register.inclusion_tag("services/blocks/home_cases.html")
def home_cases():
    """The home page's featured case studies."""
    return {"case_studies": kept("home-cases", _featured_cases)}


@register.inclusion_tag("services/blocks/footer_services.html")
def footer_services():
    """The footer column of top-level services."""
    return {"services": kept("footer-services", _top_level_services)}


@register.inclusion_tag("services/blocks/sidebar_services.html")
def sidebar_services():
    """The article sidebar's services, with their images."""
    return {"services": kept("sidebar-services", _sidebar_services)}
