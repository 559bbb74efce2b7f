"""The fields the shop window's pages share: search-engine text, and whether and in
which language visitors see a page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.models import Timestamped, seo_description_field, seo_title_field
from agency.core.publishing import Publishable
from agency.core.translation import Translatable


def page_slug_field(help_text, *, max_length=200, **options):
    """Return the unique slug a shop-window page is addressed by."""
    return models.SlugField(
        _("slug"), max_length=max_length, unique=True, help_text=help_text, **options
    )


class SeoFields(models.Model):
    seo_title = seo_title_field(
        help_text=_(
            "Shown in search results and the browser tab; defaults to the name."
        ),
    )
    seo_description = seo_description_field(
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


class PublishedFields(Translatable, Publishable, Timestamped):
    """Whether visitors see the item, in which language, and when it was made and last
    changed."""

    class Meta:
        abstract = True
