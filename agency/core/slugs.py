"""Readable, unique slugs: Unicode kept, a suffix where the address is taken."""

import uuid

from django.utils.text import slugify


def unique_slug(
    model, text, *, exclude_pk=None, fallback_prefix="article", max_length=80
):
    """Return a slug for `text` that no other row of `model` uses.

    Unicode letters are kept, so a Chinese title gives a readable Chinese slug; a title
    with nothing sluggable in it (only punctuation or emoji) gets `<prefix>-<random>`.
    """
    base = slugify(text, allow_unicode=True)[:max_length].strip("-")
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
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug
