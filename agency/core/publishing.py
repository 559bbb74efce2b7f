"""What visitors may see: one `published()` for every kind of content.

A model says once, in `published_q()`, which rows are public; `PublishedQuerySet.published()`
filters by it and `is_live` answers the same question for one row, so views, feeds,
sitemaps and the menu never write the rule again. `Publishable` is the plain case (a
"published" box); a model with another rule (an article's status and its scheduled
time, a sub-service under an unpublished parent) overrides both.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.translation import Translatable, current_language
from agency.core.trash import Trashable

ACTIVE = object()  # published()'s default language: the active one


class PublishedQuerySet(models.QuerySet):
    def published(self, language=ACTIVE, *, at=None):
        """Return the rows visitors may see (the model's `published_q()`) at the moment
        `at` (now unless told), never what is in the Trash; of content written per
        language, those in `language`: the active one unless told, all with None
        (sitemaps, language-neutral routes)."""
        published = self.filter(self.model.published_q(at=at))
        if issubclass(self.model, Trashable):
            published = published.filter(trashed_at__isnull=True)
        if issubclass(self.model, Translatable) and language is not None:
            if language is ACTIVE:
                language = current_language()
            published = published.filter(language=language)
        return published


class Publishable(Trashable):
    """Content an editor shows or hides with one box."""

    published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def published_q(cls, at=None):
        """The rows visitors may see at the moment `at` (now when None)."""
        return models.Q(published=True)

    @property
    def is_live(self):
        """Whether visitors may see this row (the same rule as `published()`)."""
        return self.published and not self.in_trash
