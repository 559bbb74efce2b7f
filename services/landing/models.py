"""Campaign landing pages: built from blocks, at /lp/<slug>/, with variants whose
visitors and enquiries are counted (services.landing.stats compares them)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency.core.blocks import BlocksField
from agency.core.models import optional_foreign_key
from services.bases import PublishedFields, SeoFields, page_slug_field


class LandingPage(SeoFields, PublishedFields):
    """A page made for one campaign. Its own blocks are the original; its running
    variants (LandingVariant) share the visitors with it until an editor picks a
    winner."""

    title = models.CharField(_("title"), max_length=200)
    slug = page_slug_field(
        _("The last part of the address, as in /lp/spring-offer/."),
        allow_unicode=True,
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        blank=True,
        help_text=_("For search engines and shares, when there is no SEO description."),
    )
    blocks = BlocksField(_("blocks"))
    noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_(
            "For a page made only for ads or a poster: search engines are asked not "
            "to list it, and it is left out of the sitemap."
        ),
    )

    detail_route = "services:landing_page"

    class Meta:
        verbose_name = _("landing page")
        verbose_name_plural = _("landing pages")
        ordering = ["-updated_at"]
        constraints = [PublishedFields.one_per_language("landingpage_one_per_language")]

    def __str__(self):
        return self.title

    def running_variants(self):
        return [variant for variant in self.variants.all() if variant.is_running]


class LandingVariant(models.Model):
    """Another version of a landing page (another hero, another order of blocks),
    shown to its share of the page's visitors while it runs."""

    page = models.ForeignKey(
        LandingPage,
        verbose_name=_("landing page"),
        on_delete=models.CASCADE,
        related_name="variants",
    )
    name = models.CharField(
        _("name"),
        max_length=60,
        help_text=_("For the results, as in “B: shorter form”."),
    )
    blocks = BlocksField(_("blocks"))
    is_running = models.BooleanField(
        _("running"),
        default=True,
        help_text=_("Shown to visitors. Untick to pause it; its results are kept."),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, editable=False)
    won = models.BooleanField(_("won"), default=False, editable=False)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class LandingVisitor(models.Model):
    """One visitor of a landing page and the variant shown (none: the original),
    counted once, by the first-party visitor cookie."""

    page = models.ForeignKey(
        LandingPage, on_delete=models.CASCADE, related_name="visitors"
    )
    variant = optional_foreign_key(
        LandingVariant, on_delete=models.CASCADE, related_name="visitors"
    )
    visitor = models.CharField(max_length=40)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("landing page visitor")
        verbose_name_plural = _("landing page visitors")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "visitor"], name="landing_visitor_once"
            )
        ]

    def __str__(self):
        return self.visitor
