"""The catalogue pages. Each runs a fixed number of queries whatever the catalogue size."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from agency.core.i18n import InItsOwnLanguage

from .models import CaseStudy, Industry, Service, Solution

RELATED_ARTICLES = 4
RELATED_CASES = 3


def published_children():
    return Prefetch(
        "children",
        queryset=Service.objects.published().order_by("order", "name"),
        to_attr="published_children",
    )


def published_services(to_attr="published_services"):
    """Prefetch the published services in catalogue order (parents' order first)."""
    return Prefetch(
        "services",
        queryset=Service.objects.published().in_catalogue_order(),
        to_attr=to_attr,
    )


def case_cards():
    """Case studies as cards show their industry and their headline figures."""
    return CaseStudy.objects.published().select_related("industry")


class PreviewMixin:
    """Show unpublished items to staff who may view them, never cached nor indexed."""

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        obj = get_object_or_404(queryset, slug=self.kwargs["slug"])
        if not self.is_public(obj):
            if not self.can_preview():
                raise Http404
            self.preview = True
        return obj

    def is_public(self, obj):
        return obj.is_live

    def can_preview(self):
        user = self.request.user
        opts = self.model._meta
        return (
            user.is_active
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        )

    preview = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.preview, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class CatalogueListView(ListView):
    """A catalogue page listing every published item: its crumb and its meta."""

    crumb = None
    meta_title = None
    meta_description = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=[(self.crumb, None)],
            meta_title=self.meta_title,
            meta_description=self.meta_description,
            **kwargs,
        )


class ServiceListView(CatalogueListView):
    template_name = "services/service_list.html"
    context_object_name = "services"
    crumb = meta_title = _("Services")
    meta_description = _(
        "What we design, build and market: mini programs, H5 pages, apps, "
        "websites, SEO, short video and social media."
    )

    def get_queryset(self):
        return (
            Service.objects.published()
            .top_level()
            .prefetch_related(published_children())
        )


class ServiceDetailView(InItsOwnLanguage, PreviewMixin, DetailView):
    model = Service

    def get_queryset(self):
        # All children, prefetched: the page lists the published ones and the
        # structured data (agency.core.seo) reads service.children.all().
        return Service.objects.select_related("parent").prefetch_related(
            Prefetch("children", queryset=Service.objects.order_by("order", "name"))
        )

    def get_context_data(self, **kwargs):
        service = self.object
        if service.parent_id:
            # Sub-services list their siblings so visitors can compare them.
            siblings = (
                Service.objects.published()
                .filter(parent_id=service.parent_id)
                .exclude(pk=service.pk)
            )
            sub_services = []
        else:
            siblings = []
            # The parent is public (the page shows), so a published child is too.
            sub_services = [c for c in service.children.all() if c.published]
        # A parent's page also shows the work done under its sub-services.
        used = CaseStudy.objects.filter(
            Q(services=service) | Q(services__parent=service)
        ).values("pk")
        case_studies = case_cards().filter(pk__in=used).prefetch_related("results")[:6]
        solutions = Solution.objects.published().filter(services=service)
        crumbs = [(_("Services"), reverse("services:service_list"))]
        if service.parent_id:
            crumbs.append((service.parent.name, service.parent.get_absolute_url()))
        crumbs.append((service.name, None))
        return super().get_context_data(
            sub_services=list(sub_services),
            siblings=list(siblings),
            case_studies=list(case_studies),
            solutions=list(solutions),
            related_articles=related_articles(service),
            breadcrumbs=crumbs,
            **kwargs,
        )


def related_articles(service, limit=RELATED_ARTICLES):
    """Return the newest published articles sharing a tag with `service` (one query)."""
    from articles.models import Article  # here: articles may import services

    tag_ids = service.tags.through.objects.filter(
        content_type__app_label="services",
        content_type__model="service",
        object_id=service.pk,
    ).values("tag_id")
    return list(
        Article.objects.published()
        .filter(tags__in=tag_ids)
        .distinct()
        .order_by("-published_at", "-pk")[:limit]
    )


class CaseStudyListView(ListView):
    template_name = "services/casestudy_list.html"
    context_object_name = "case_studies"
    paginate_by = 12

    def get_filters(self):
        """Return the filter choices and the chosen service and industry."""
        if not hasattr(self, "_filters"):
            # Top-level services only: a parent's filter includes its sub-services.
            services = list(
                Service.objects.published()
                .top_level()
                .filter(
                    Q(case_studies__published=True)
                    | Q(children__case_studies__published=True)
                )
                .distinct()
                .order_by("order", "name")
            )
            # Industries of this language's published case studies.
            industries = list(
                Industry.objects.filter(
                    case_studies__in=CaseStudy.objects.published().values("pk")
                )
                .distinct()
                .order_by("order", "name")
            )
            service_slug = self.request.GET.get("service", "")
            industry_slug = self.request.GET.get("industry", "")
            service = next((s for s in services if s.slug == service_slug), None)
            if service is None and service_slug:
                # A sub-service (linked from its page) filters too, shown as a choice.
                service = Service.objects.published().filter(slug=service_slug).first()
                if service is not None:
                    services.append(service)
            self._filters = {
                "services": services,
                "industries": industries,
                "service": service,
                "industry": next(
                    (i for i in industries if i.slug == industry_slug), None
                ),
            }
        return self._filters

    def get_queryset(self):
        filters = self.get_filters()
        queryset = case_cards().prefetch_related("results")
        if filters["service"]:
            queryset = queryset.filter(
                pk__in=CaseStudy.objects.filter(
                    Q(services=filters["service"])
                    | Q(services__parent=filters["service"])
                ).values("pk")
            )
        if filters["industry"]:
            queryset = queryset.filter(industry=filters["industry"])
        return queryset

    def meta_title(self, service, industry):
        chosen = ", ".join(str(item) for item in (service, industry) if item)
        if chosen:
            return _("Case studies: %(chosen)s") % {"chosen": chosen}
        return _("Case studies")

    def filter_url(self, service, industry):
        query = {}
        if service:
            query["service"] = service.slug
        if industry:
            query["industry"] = industry.slug
        return self.request.path + (f"?{urlencode(query)}" if query else "")

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        service, industry = filters["service"], filters["industry"]
        service_filters = [
            (_("All services"), self.filter_url(None, industry), service is None)
        ] + [
            (item.name, self.filter_url(item, industry), item == service)
            for item in filters["services"]
        ]
        industry_filters = [
            (_("All industries"), self.filter_url(service, None), industry is None)
        ] + [
            (item.display_name, self.filter_url(service, item), item == industry)
            for item in filters["industries"]
        ]
        query = {}
        if service:
            query["service"] = service.slug
        if industry:
            query["industry"] = industry.slug
        return super().get_context_data(
            service_filters=service_filters if len(service_filters) > 2 else [],
            industry_filters=industry_filters if len(industry_filters) > 2 else [],
            current_service=service,
            current_industry=industry,
            filtered=bool(query),
            filter_query=urlencode(query),
            breadcrumbs=[(_("Case studies"), None)],
            meta_title=self.meta_title(service, industry),
            meta_description=_(
                "Projects we delivered and the figures they moved: mini programs, "
                "apps, websites and campaigns."
            ),
            **kwargs,
        )


class CaseStudyDetailView(InItsOwnLanguage, PreviewMixin, DetailView):
    model = CaseStudy
    template_name = "services/casestudy_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return CaseStudy.objects.select_related("industry").prefetch_related(
            published_services(), "images", "results"
        )

    def get_context_data(self, **kwargs):
        case = self.object
        more = case_cards().exclude(pk=case.pk).prefetch_related("results")
        if case.industry_id:
            more = more.filter(industry_id=case.industry_id)
        solutions = Solution.objects.published().filter(case_studies=case)
        return super().get_context_data(
            service=case.published_services[0] if case.published_services else None,
            more_cases=list(more[:RELATED_CASES]),
            solutions=list(solutions),
            breadcrumbs=[
                (_("Case studies"), reverse("services:case_list")),
                (case.title, None),
            ],
            **kwargs,
        )


class SolutionListView(CatalogueListView):
    template_name = "services/solution_list.html"
    context_object_name = "solutions"
    crumb = _("Solutions")
    meta_title = _("Industry solutions")
    meta_description = _(
        "Proven combinations of our services for one industry each, with the "
        "projects that proved them."
    )

    def get_queryset(self):
        return (
            Solution.objects.published()
            .select_related("industry")
            .prefetch_related(published_services())
        )


class SolutionDetailView(InItsOwnLanguage, PreviewMixin, DetailView):
    model = Solution

    def get_queryset(self):
        return Solution.objects.select_related("industry").prefetch_related(
            published_services(),
            Prefetch(
                "case_studies",
                queryset=case_cards().prefetch_related("results"),
                to_attr="published_cases",
            ),
        )

    def get_context_data(self, **kwargs):
        solution = self.object
        services = solution.published_services
        return super().get_context_data(
            service=services[0] if services else None,
            breadcrumbs=[
                (_("Solutions"), reverse("services:solution_list")),
                (solution.title, None),
            ],
            **kwargs,
        )
