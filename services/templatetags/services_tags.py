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


def kept_block(template_name, context_name):
    """Register the decorated function as the inclusion tag of its name: its rows are
    kept under that name and given to `template_name` as `context_name`."""

    def register_block(rows):
        name = rows.__name__

        def block():
            return {context_name: kept(name.replace("_", "-"), rows)}

        block.__doc__ = rows.__doc__
        return register.inclusion_tag(template_name, name=name)(block)

    return register_block


@kept_block("services/blocks/home_services.html", "services")
def home_services():
    """The home page's featured services."""
    from services.models import Service

    return list(
        Service.objects.published()
        .featured()
        .select_related("parent")
        .in_catalogue_order()[:HOME_SERVICES]
    )


@kept_block("services/blocks/home_cases.html", "case_studies")
def home_cases():
    """The home page's featured case studies."""
    from services.models import CaseStudy, CaseStudyResult

    return list(
        CaseStudy.objects.published()
        .featured()
        .select_related("industry")
        .prefetch_related(
            Prefetch("results", queryset=CaseStudyResult.objects.order_by("order"))
        )[:HOME_CASES]
    )


@kept_block("services/blocks/footer_services.html", "services")
def footer_services():
    """The footer column of top-level services."""
    from services.models import Service

    return list(
        Service.objects.published().top_level().only("name", "slug", "language")
    )


@kept_block("services/blocks/sidebar_services.html", "services")
def sidebar_services():
    """The article sidebar's services, with their images."""
    from services.models import Service

    # Top-level services first, then sub-services, each in the editors' order.
    return list(
        Service.objects.published()
        .exclude(image="")
        .select_related("parent")
        .order_by(F("parent__order").asc(nulls_first=True), "order", "name")
        .only("name", "slug", "image", "language", "parent__order")[:SIDEBAR_SERVICES]
    )
