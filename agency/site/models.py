"""The site's frame: its settings, its menu and its simple pages."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from agency.core.blocks import BlocksField
from agency.core.fields import RichTextField
from agency.core.models import (
    image_field,
    optional_foreign_key,
    seo_description_field,
    seo_title_field,
)
from agency.core.publishing import Publishable
from agency.core.translation import (
    Translatable,
    current_language,
    localized,
)
from agency.core.trees import TwoLevelTree, parent_field


class SiteSettings(models.Model):
    """The one record of site-wide settings, shown on every page."""

    site_name = models.CharField(_("site name"), max_length=100, default="Agency")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = image_field(_("logo"), "site/")
    footer_blurb = models.TextField(_("footer blurb"), blank=True)
    hotline = models.CharField(_("hotline"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        help_text=_("First year of the copyright line in the footer."),
    )
    icp_licence = models.CharField(
        _("ICP licence number"),
        max_length=60,
        blank=True,
        help_text=_(
            "The site's 备案号, such as 沪ICP备12345678号-1: sites hosted in mainland "
            "China must show it. Shown in the footer, linked to the MIIT's register."
        ),
    )
    wechat_id = models.CharField(_("WeChat ID"), max_length=60, blank=True)
    wechat_qr = image_field(
        _("WeChat QR code"),
        "site/",
        help_text=_("Shown when a visitor opens the WeChat link in the footer."),
    )
    weibo_url = models.URLField(_("Weibo"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    default_meta_description = models.CharField(
        _("default meta description"),
        max_length=300,
        blank=True,
        help_text=_("Used by pages that have no description of their own."),
    )
    default_share_image = image_field(
        _("default share image"),
        "site/",
        help_text=_(
            "Shown by social networks for pages without an image (1200 x 630)."
        ),
    )
    # The Chinese site's wording; empty ones show the English.
    site_name_zh_hans = models.CharField(
        _("site name (Chinese)"), max_length=100, blank=True
    )
    tagline_zh_hans = models.CharField(
        _("tagline (Chinese)"), max_length=200, blank=True
    )
    footer_blurb_zh_hans = models.TextField(_("footer blurb (Chinese)"), blank=True)
    address_zh_hans = models.CharField(
        _("address (Chinese)"), max_length=200, blank=True
    )
    default_meta_description_zh_hans = models.CharField(
        _("default meta description (Chinese)"), max_length=300, blank=True
    )
    # Blocks (testimonials, client logos, an FAQ...) the home page shows above its
    # enquiry form, per language; empty Chinese ones show the English.
    home_blocks = BlocksField(
        _("home page blocks"),
        help_text=_("Shown on the home page, above its enquiry form."),
    )
    home_blocks_zh_hans = BlocksField(_("home page blocks (Chinese)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    display_site_name = localized("site_name")
    display_home_blocks = localized("home_blocks")
    display_tagline = localized("tagline")
    display_footer_blurb = localized("footer_blurb")
    display_address = localized("address")
    display_default_meta_description = localized("default_meta_description")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="site_settings_singleton"
            )
        ]

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """Return the settings record, creating it with defaults the first time."""
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    @property
    def social_links(self):
        links = [
            ("Weibo", self.weibo_url),
            ("LinkedIn", self.linkedin_url),
            ("X", self.x_url),
            ("Facebook", self.facebook_url),
        ]
        return [(name, url) for name, url in links if url]


class Page(Translatable, Publishable):
    """A simple page such as About or Privacy policy, served at /<slug>/."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    body = RichTextField(_("body"), blank=True)
    seo_title = seo_title_field()
    seo_description = seo_description_field()
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    detail_route = "page_detail"

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]
        constraints = [Translatable.one_per_language("page_one_per_language")]

    def __str__(self):
        return self.title


def menu_target(model, verbose_name):
    """Return an internal target of a menu item: the item goes when its target does."""
    return optional_foreign_key(
        model, verbose_name, on_delete=models.CASCADE, related_name="menu_items"
    )


class MenuItem(TwoLevelTree):
    """An entry of the header menu, two levels deep.

    The target is an internal page or site section chosen from a list, so a changed slug
    never breaks the menu, or else a URL typed in.
    """

    class Section(models.TextChoices):
        HOME = "home", _("Home page")
        ARTICLES = "articles:article_list", _("All articles")
        SERVICES = "services:service_list", _("Services catalogue")
        CASES = "services:case_list", _("Case studies")
        SOLUTIONS = "services:solution_list", _("Solutions")
        CONTACT = "leads:contact", _("Contact page")
        SEARCH = "articles:search", _("Search")

    parent = parent_field(
        _("parent"),
        on_delete=models.CASCADE,
        help_text=_("Leave empty for a top-level item."),
    )
    label = models.CharField(_("label"), max_length=60)
    order = models.PositiveIntegerField(_("order"), default=0)
    page = menu_target(Page, _("page"))
    category = menu_target("articles.Category", _("article category"))
    service = menu_target("services.Service", _("service"))
    case_study = menu_target("services.CaseStudy", _("case study"))
    solution = menu_target("services.Solution", _("solution"))
    section = models.CharField(
        _("site section"), max_length=40, choices=Section.choices, blank=True
    )
    url = models.CharField(
        _("URL"),
        max_length=300,
        blank=True,
        help_text=_("An external address (https://...) or a path on this site."),
    )
    new_tab = models.BooleanField(_("open in a new tab"), default=False)
    label_zh_hans = models.CharField(_("label (Chinese)"), max_length=60, blank=True)

    display_label = localized("label")

    tree_errors = {
        **TwoLevelTree.tree_errors,
        "too_deep": _("The menu has two levels only."),
    }

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("menu")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["parent", "order"])]

    def __str__(self):
        return self.display_label

    # Foreign keys to internal targets, in the order the admin shows them.
    TARGET_FOREIGN_KEYS = ["page", "service", "category", "case_study", "solution"]

    def chosen_targets(self):
        chosen = [
            name for name in self.TARGET_FOREIGN_KEYS if getattr(self, f"{name}_id")
        ]
        return chosen + [name for name in ("section", "url") if getattr(self, name)]

    def clean(self):
        chosen = self.chosen_targets()
        if len(chosen) != 1:
            raise ValidationError(
                _("Choose exactly one target: an internal page or section, or a URL.")
            )
        self.clean_tree()
        if self.url and not (
            self.url.startswith(("/", "https://", "http://", "mailto:", "tel:"))
        ):
            raise ValidationError(
                {"url": _("Start the URL with https://, http://, / , mailto: or tel:.")}
            )

    def get_url(self, translations=None):
        """Return the target's URL, or None when the target no longer resolves.

        `translations(target)`: its other languages' rows by language, when the
        caller has read them all at once (the frame); else each is asked for."""
        if self.url:
            return self.url
        if self.section:
            try:
                return reverse(self.section)
            except NoReverseMatch:
                return None
        for name in self.TARGET_FOREIGN_KEYS:
            if getattr(self, f"{name}_id"):
                target = getattr(self, name)
                # Targets visitors may not see (unpublished, scheduled, in the trash)
                # drop out of the menu instead of leading to a 404.
                if isinstance(target, Translatable):
                    # The target in the visitor's language, where it is written;
                    # the original where not.
                    found = (translations or type(target).translations)(target)
                    target = found.get(current_language(), target)
                    if not target.is_live:
                        target = getattr(self, name)
                if not getattr(target, "is_live", True):
                    return None
                return target.get_absolute_url()
        return None
