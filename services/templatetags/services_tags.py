"""The catalogue's blocks on pages of other apps: home page, footer, article sidebar.

Each block reads the database at most once or twice, then serves from the cache until a
service, case study or solution changes (see services.signals). The timeout bounds how
stale another server process's copy can get.
"""

from django import template
from django.core.cache import cache
from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce

register = template.Library()

CACHE_PREFIX = "services:block:"
CACHE_TIMEOUT = 60 * 60
HOME_SERVICES = 8
HOME_CASES = 3
SIDEBAR_SERVICES = 10
BLOCK_NAMES = ("home_services", "home_cases", "footer_services", "sidebar_services")


def invalidate_block_cache():
    cache.delete_many([CACHE_PREFIX + name for name in BLOCK_NAMES])


def cached_block(name, build):
    key = CACHE_PREFIX + name
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def _featured_services():
    from services.models import Service

    return list(
        Service.objects.published()
        .featured()
        .select_related("parent")
        .order_by(
            Coalesce("parent__order", "order"),
            F("parent_id").asc(nulls_first=True),
            "order",
            "name",
        )[:HOME_SERVICES]
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
    return {"services": cached_block("home_services", _featured_services)}


@register.inclusion_tag("services/blocks/home_cases.html")
def home_cases():
    """The home page's featured case studies."""
    return {"case_studies": cached_block("home_cases", _featured_cases)}


@register.inclusion_tag("services/blocks/footer_services.html")
def footer_services():
    """The footer column of top-level services."""
    return {"services": cached_block("footer_services", _top_level_services)}


@register.inclusion_tag("services/blocks/sidebar_services.html")
def sidebar_services():
    """The article sidebar's services, with their images."""
    return {"services": cached_block("sidebar_services", _sidebar_services)}
