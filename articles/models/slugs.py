"""Slugs the magazine's pages are addressed by: readable, unique, Unicode kept."""

import uuid

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

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


def unique_slug(model, text, *, exclude_pk=None, fallback_prefix="article"):
    """Return a slug for `text` that no other row of `model` uses.

    Unicode letters are kept, so a Chinese title gives a readable Chinese slug; a title
    with nothing sluggable in it (only punctuation or emoji) gets `article-<random>`.
    """
    base = slugify(text, allow_unicode=True)[:SLUG_MAX_LENGTH].strip("-")
    if not base:
        base = f"{fallback_prefix}-{uuid.uuid4().hex[:8]}"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = f"{base[: SLUG_MAX_LENGTH - len(suffix)]}{suffix}"
        n += 1
    return slug
