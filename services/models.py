"""The agency's shop window: services (two levels), case studies and solutions."""

from django.db import models
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from agency.core.blocks import BlocksField
from agency.core.fields import RichTextField
from agency.core.models import image_field, optional_foreign_key
from agency.core.publishing import PublishedQuerySet
from agency.core.translation import Translatable, localized
from agency.core.trees import TwoLevelTree, parent_field

from .bases import PublishedFields, SeoFields, page_slug_field

ORDER_STEP = 10


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OrderedModel(models.Model):
    """A model that editors order with "move up / move down" instead of numbers."""

    order = models.PositiveIntegerField(
        _("order"),
        default=0,
        db_index=True,
        help_text=_("Use the up and down arrows in the list; new items go to the end."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding and not self.order:
            last = self.order_siblings().aggregate(last=Max("order"))["last"] or 0
            self.order = last + ORDER_STEP
        super().save(*args, **kwargs)

    def order_siblings(self):
        """Return the queryset this item is ordered among."""
        return type(self)._default_manager.all()


class Industry(OrderedModel):
    """A client industry, used to filter case studies and to group solutions."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=100, blank=True)

    display_name = localized("name")

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["order", "name"]

    def __str__(self):
        return self.display_name


class FeaturedQuerySet(PublishedQuerySet):
    """Published items an editor may feature on the home page (`featured_field`)."""

    def featured(self):
        return self.filter(featured=True)


def featured_field():
    """Return the box that puts an item on the home page."""
    return models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the home page.")
    )


class ServiceQuerySet(FeaturedQuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def in_catalogue_order(self):
        """Order as the catalogue lists them: each parent, then its sub-services."""
        return self.order_by(
            Coalesce("parent__order", "order"),
            F("parent_id").asc(nulls_first=True),
            "order",
            "name",
        )


class Service(TwoLevelTree, OrderedModel, SeoFields, PublishedFields):
    """A service the agency sells; a top-level service may have sub-services."""

    parent = parent_field(
        _("parent service"),
        help_text=_("Leave empty for a top-level service. Two levels only."),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = page_slug_field(
        _("The last part of the address, as in /services/mini-program/."),
        max_length=100,
    )
    image = image_field(
        _("image"),
        "services/",
        help_text=_("An icon or picture for cards and the sidebar (1200 x 675)."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences for cards and the top of the page."),
    )
    body = RichTextField(_("body"), blank=True)
    blocks = BlocksField(
        _("more blocks"),
        help_text=_(
            "Testimonials, client logos, an FAQ…: shown after the page's text, as on "
            "landing pages."
        ),
    )
    deliverables = models.TextField(
        _("what the client gets"),
        blank=True,
        help_text=_("One item per line."),
    )
    steps = models.TextField(
        _("how the work goes"),
        blank=True,
        help_text=_(
            "One step per line, in order. Start with a short name and a colon, "
            "then the detail: “Discovery: a workshop to agree on goals”."
        ),
    )
    price_note = models.CharField(
        _("price note"),
        max_length=100,
        blank=True,
        help_text=_("For example “From ¥30,000” or “Quoted per project”."),
    )
    featured = featured_field()
    published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished services and their sub-services are hidden."),
    )
    tags = TaggableManager(
        blank=True,
        verbose_name=_("article topics"),
        help_text=_(
            "Articles with any of these tags are listed as related reading "
            "on the service page."
        ),
    )
    objects = ServiceQuerySet.as_manager()
    detail_route = "services:service_detail"
    translation_section = "services:service_list"

    tree_errors = {
        "own_parent": _("A service cannot be its own parent."),
        "too_deep": _("Services have two levels only: choose a top-level service."),
        "has_children": _("This service has sub-services, so it must stay at the top."),
    }

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "name"]
        indexes = [models.Index(fields=["parent", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="service_not_own_parent",
            ),
            Translatable.one_per_language("service_one_per_language"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def published_q(cls, at=None):
        """Published services whose parent, if any, is published too (and not in the
        trash: published() leaves out the service's own trash)."""
        return Q(published=True) & (
            Q(parent__isnull=True)
            | Q(parent__published=True, parent__trashed_at__isnull=True)
        )

    @property
    def is_live(self):
        return (
            self.published
            and not self.in_trash
            and (
                self.parent is None
                or (self.parent.published and not self.parent.in_trash)
            )
        )

    def order_siblings(self):
        return Service.objects.filter(parent_id=self.parent_id)

    @property
    def deliverable_list(self):
        return _lines(self.deliverables)

    @property
    def step_list(self):
        """Return the steps as (name, detail) pairs; detail may be empty."""
        steps = []
        for line in _lines(self.steps):
            # A Chinese editor types the full-width colon.
            name, sep, detail = line.replace("：", ":", 1).partition(":")
            if sep and name.strip() and len(name) <= 60:
                steps.append((name.strip(), detail.strip()))
            else:
                steps.append((line, ""))
        return steps


class Showcase(OrderedModel, SeoFields, PublishedFields):
    """A page showing the agency's work in an industry: a case study or a solution."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = RichTextField(_("body"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


def showcase_links(to, verbose_name, related_name):
    """Return a showcase's links to other items of the shop window: any, or none."""
    return models.ManyToManyField(
        to, verbose_name=verbose_name, related_name=related_name, blank=True
    )


def industry_field(related_name):
    """Return a showcase's industry: optional, and kept while a showcase uses it."""
    return optional_foreign_key(
        Industry, _("industry"), on_delete=models.PROTECT, related_name=related_name
    )


class CaseStudy(Showcase):
    """A project the agency delivered, with its client and its results."""

    slug = page_slug_field(
        _("The last part of the address, as in /cases/fresh-food-mall/.")
    )
    client_name = models.CharField(_("client name"), max_length=120)
    client_logo = image_field(_("client logo"), "cases/logos/")
    industry = industry_field(related_name="case_studies")
    cover = image_field(
        _("cover image"),
        "cases/",
        help_text=_("Shown on cards and at the top of the page (1200 x 675)."),
    )
    services = showcase_links(Service, _("services used"), "case_studies")
    featured = featured_field()
    objects = FeaturedQuerySet.as_manager()

    detail_route = "services:case_detail"
    translation_section = "services:case_list"
    translation_copy_related = ("images", "results")

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        ordering = ["order", "-created_at"]
        constraints = [Translatable.one_per_language("casestudy_one_per_language")]


class CaseStudyPart(models.Model):
    """A row of one case study (an image, a result), ordered within it."""

    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def save(self, *args, **kwargs):
        # Rows added without an order go after the others.
        if self._state.adding and not self.order and self.case_study_id:
            last = type(self).objects.filter(case_study_id=self.case_study_id)
            self.order = (last.aggregate(last=Max("order"))["last"] or 0) + ORDER_STEP
        super().save(*args, **kwargs)


def case_study_field(related_name):
    """Return the case study a part belongs to: gone with it."""
    return models.ForeignKey(
        CaseStudy,
        verbose_name=_("case study"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


class CaseStudyImage(CaseStudyPart):
    case_study = case_study_field("images")
    image = image_field(_("image"), "cases/gallery/", blank=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta(CaseStudyPart.Meta):
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery")

    def __str__(self):
        return self.caption or self.image.name


class CaseStudyResult(CaseStudyPart):
    case_study = case_study_field("results")
    value = models.CharField(
        _("figure"), max_length=30, help_text=_("For example “+320%” or “1.2M”.")
    )
    label = models.CharField(
        _("label"), max_length=100, help_text=_("For example “orders” or “users”.")
    )

    class Meta(CaseStudyPart.Meta):
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return f"{self.value} {self.label}"


class Solution(Showcase):
    """An industry solution, such as a fresh-food mini program."""

    slug = page_slug_field(
        _("The last part of the address, as in /solutions/clinic-booking/.")
    )
    industry = industry_field(related_name="solutions")
    cover = image_field(_("cover image"), "solutions/")
    services = showcase_links(Service, _("services"), "solutions")
    case_studies = showcase_links(CaseStudy, _("case studies"), "solutions")

    detail_route = "services:solution_detail"
    translation_section = "services:solution_list"

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["order", "title"]
        constraints = [Translatable.one_per_language("solution_one_per_language")]


# Campaign landing pages are part of the shop window, in a module of their own.
from services.landing.models import (  # noqa: E402, F401
    LandingPage,
    LandingVariant,
    LandingVisitor,
)
