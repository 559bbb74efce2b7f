"""Content in several languages: translations as rows linked by a key, and the few
fields of shared objects (a category's name, a menu label) kept once per language.

Two designs, each where it fits (as Wagtail, WPML and Polylang do):

- A piece of content (an article, a service, a page) is written per language: each
  translation is its own row, with its own slug, SEO fields, publish state, schedule,
  revisions and counts. `Translatable` gives the row its `language` and the
  `translation_key` its translations share. A piece may exist in one language only.
  `published()` (agency.core.publishing) gives the rows of the active language, so every
  list, feed, sidebar and related-reading block stays within the visitor's language.
- An object whose structure is shared (a category, a menu item, the site's settings)
  keeps one row and a second column per translated field, named `<field>_zh_hans`;
  `localized("name")` reads the active language's, falling back to the default's.
"""

import datetime
import functools
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .queries import WrittenOnce
from .slugs import unique_slug

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

# live_translations' queries, one a model, and the examples that stand for their values.
_live_translations = {}
_ANY_KEY = uuid.UUID(int=0)
_ANY_MOMENT = datetime.datetime(2000, 1, 1, 0, 0, 0, 123457, tzinfo=datetime.UTC)


def current_language():
    """The active language as one of settings.LANGUAGES' codes (default otherwise)."""
    try:
        return translation.get_supported_language_variant(
            translation.get_language() or DEFAULT_LANGUAGE
        )
    except LookupError:
        return DEFAULT_LANGUAGE


def field_suffix(language):
    """`zh-hans` -> `zh_hans`: how a translated column is named."""
    return language.replace("-", "_")


def other_languages():
    return [code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE]


class localized:  # noqa: N801 (used like a field declaration)
    """`name_text = localized("name")`: the active language's value of `name` (its
    `name_zh_hans` column in Chinese), the default language's where that is empty."""

    def __init__(self, field):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        language = current_language()
        if language != DEFAULT_LANGUAGE:
            value = getattr(obj, f"{self.field}_{field_suffix(language)}", "")
            if value:
                return value
        return getattr(obj, self.field)


def url_in(language, viewname, **kwargs):
    """`reverse()` as it reads in `language` (Chinese under /zh-hans/), remembered: an
    address follows from these, the URL configuration and the script prefix alone (a
    page shows a few dozen, each about 30 us to work out)."""
    return _url_in(
        language,
        viewname,
        tuple(sorted(kwargs.items())),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )


@functools.lru_cache(maxsize=4096)
def _url_in(language, viewname, kwargs, urlconf, _prefix):
    with translation.override(language):
        return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


class Translatable(models.Model):
    """A piece of content written per language, linked to its translations."""

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=DEFAULT_LANGUAGE,
        db_index=True,
    )
    translation_key = models.UUIDField(
        _("translation group"),
        default=uuid.uuid4,
        editable=False,
        db_index=True,
        help_text=_("Shared by the translations of one piece."),
    )

    # What a copy to translate leaves out besides the row's identity (a model adds its
    # counts) and the reverse relations whose rows it copies along (inline parts).
    translation_skip_fields = ()
    translation_copy_related = ()
    # The URL name of the page that shows one row, by its slug.
    detail_route = None
    # The fields get_absolute_url() reads: a subclass that reads others names them.
    url_fields = ("language", "slug")

    class Meta:
        abstract = True

    def get_absolute_url(self):
        """The row's address, in its own language (Chinese under /zh-hans/)."""
        return url_in(self.language, self.detail_route, slug=self.slug)

    @classmethod
    def one_per_language(cls, name):
        """The constraint a subclass lists in its Meta: one translation per language."""
        return models.UniqueConstraint(
            fields=["translation_key", "language"], name=name
        )

    def validate_unique(self, exclude=None):
        """One translation per language: said on the language field (the key is not
        in forms, so the database constraint would not be checked before saving)."""
        super().validate_unique(exclude=exclude)
        if exclude and "language" in exclude:
            return
        taken = (
            type(self)
            ._default_manager.filter(
                translation_key=self.translation_key, language=self.language
            )
            .exclude(pk=self.pk)
            .exists()
        )
        if taken:
            raise ValidationError(
                {
                    "language": _(
                        "This piece already has a translation in that language."
                    )
                }
            )

    def translations(self):
        """The other languages' rows of this piece (any state), by language."""
        return {
            row.language: row
            for row in type(self)
            ._default_manager.filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
        }

    def live_translations(self):
        """{language: row} of the translations visitors may see, this one included
        when it is live: each row with what its address needs (`url_fields`), not its
        text (an article's body and search vector would be read for nothing)."""
        model = type(self)
        written = _live_translations.get(model)
        if written is None:  # the SQL written once a process (a page's SEO asks)
            written = _live_translations[model] = WrittenOnce(
                lambda key, at: (
                    model._default_manager.published(language=None, at=at)
                    .filter(translation_key=key)
                    .only(*model.url_fields)
                ),
                key=_ANY_KEY,
                at=_ANY_MOMENT,
                may_ignore=["at"],
            )
        rows = written.rows(
            self._state.db or DEFAULT_DB_ALIAS,
            key=self.translation_key,
            at=timezone.now(),
        )
        return {row.language: row for row in rows}

    def absolute_url_in_language(self):
        """The row's own address, in its own language (whatever is active)."""
        with translation.override(self.language):
            return self.get_absolute_url()

    def copy_for_translation(self, language):
        """Save and return an unpublished copy of this row in `language` for an editor
        to translate (the same piece: same translation key)."""
        skip = {"id", "language", "slug", "trashed_at", "trashed_slug"}
        skip.update(self.translation_skip_fields)
        copy = type(self)()
        for field in self._meta.concrete_fields:
            if field.primary_key or field.name in skip or field.auto_created:
                continue
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                continue
            setattr(copy, field.attname, getattr(self, field.attname))
        copy.language = language
        copy.translation_key = self.translation_key
        copy.slug = self.translation_slug(language)
        copy.unpublish_for_translation()
        parent = getattr(self, "parent", None)
        if parent is not None:
            # A tree is per language: the parent's translation, or the top level.
            translated = parent.translations().get(language)
            copy.parent = translated
        copy.save()
        for field in self._meta.many_to_many:
            related = field.related_model
            if not issubclass(related, Translatable):
                continue
            # Links to other content go to its translations where they exist.
            keys = getattr(self, field.name).values_list("translation_key", flat=True)
            getattr(copy, field.name).set(
                related._default_manager.filter(
                    translation_key__in=list(keys), language=language
                )
            )
        for name in self.translation_copy_related:
            remote = self._meta.get_field(name).field.attname
            for part in getattr(self, name).all():
                part.pk = None
                part._state.adding = True
                setattr(part, remote, copy.pk)
                part.save()
        return copy

    def translation_slug(self, language):
        """A free slug for the copy in `language` (the editor changes it with the
        title)."""
        return unique_slug(
            type(self),
            f"{self.slug}-{language}",
            max_length=self._meta.get_field("slug").max_length,
        )

    def unpublish_for_translation(self):
        """Make this (a fresh copy) invisible until the editor publishes it."""
        self.published = False


def fill_translation_keys(app_label, *model_names):
    """A migration's RunPython code: give each existing row its own translation key
    (AddField's default would give every row the same one). Each row is a piece of its
    own until an editor translates it."""

    def fill(apps, schema_editor):
        connection = schema_editor.connection
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            if connection.vendor == "postgresql":
                table = connection.ops.quote_name(model._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {table} SET translation_key = gen_random_uuid()"  # noqa: S608 (a table name)
                    )
                continue
            for pk in model._default_manager.values_list("pk", flat=True):
                model._default_manager.filter(pk=pk).update(
                    translation_key=uuid.uuid4()
                )

    return fill
