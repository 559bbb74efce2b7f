"""The fields the shop window's pages share: search-engine text, and whether and in
which language visitors see a page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.publishing import Publishable
from agency.core.translation import Translatable


class SeoFields(models.Model):
    seo_title = models.CharField(
        _("SEO title"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown in search results and the browser tab; defaults to the name."
        ),
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown under the title in search results; defaults to the summary."
        ),
    )

    class Meta:
        abstract = True

    @property
    def meta_title(self):
        """The title search engines show: the SEO title, else the item's own."""
        return self.seo_title or str(self)

    @property
    def meta_description(self):
        return self.seo_description or self.summary


class PublishedFields(Translatable, Publishable):
    """Whether visitors see the item, in which language, and when it was made and last
    changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
