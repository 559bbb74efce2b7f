"""Slugs the magazine's pages are addressed by: readable, unique, Unicode kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.slugs import unique_slug

__all__ = ["SLUG_MAX_LENGTH", "slug_field", "unique_slug"]

SLUG_MAX_LENGTH = 80


def slug_field(help_text):
    """Return the slug of a page that `save()` fills with `unique_slug` when empty."""
    return models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=help_text,
    )
