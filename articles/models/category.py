"""The magazine's sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.models import seo_description_field, seo_title_field
from agency.core.translation import current_language, localized, url_in
from agency.core.trees import TwoLevelTree, parent_field

from .slugs import SLUG_MAX_LENGTH, unique_slug


class Category(TwoLevelTree):
    """A section of the magazine, two levels deep (News > Industry Analysis)."""

    parent = parent_field(
        _("parent"), help_text=_("Leave empty for a top-level category.")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    seo_title = seo_title_field()
    seo_description = seo_description_field()
    # The Chinese site's wording (the structure and the slug are shared).
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    description_zh_hans = models.TextField(_("description (Chinese)"), blank=True)
    seo_title_zh_hans = seo_title_field(_("SEO title (Chinese)"))
    seo_description_zh_hans = seo_description_field(_("SEO description (Chinese)"))

    display_name = localized("name")
    display_description = localized("description")
    display_seo_title = localized("seo_title")
    display_seo_description = localized("seo_description")

    tree_errors = {
        "own_parent": _("A category cannot be its own parent."),
        "too_deep": _("Categories have two levels only."),
        "has_children": _("This category has sub-categories, so it stays on top."),
    }

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self):
        # In the reader's language: a Chinese admin lists the Chinese names.
        if self.parent_id:
            return f"{self.parent} > {self.display_name}"
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Category, self.name, exclude_pk=self.pk, fallback_prefix="category"
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_in(current_language(), "articles:category", slug=self.slug)
