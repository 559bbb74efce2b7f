from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agency.core.images import RandomName, validate_image_file


def image_field(verbose_name, folder, *, blank=True, **options):
    """Return an upload field: validated, re-encoded, stored in `folder` at random.

    Every image the site stores goes through here, so none skips the validator or
    keeps its uploader's name (see agency.core.images).
    """
    return models.ImageField(
        verbose_name,
        upload_to=RandomName(folder),
        blank=blank,
        validators=[validate_image_file],
        **options,
    )


def optional_foreign_key(
    to, verbose_name=None, *, on_delete=models.SET_NULL, blank=True, **options
):
    """Return a foreign key a row may go without: null, and left empty in forms.

    By default the link is emptied when what it points to is deleted (SET_NULL).
    """
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=blank,
        **options,
    )


def user_field(verbose_name=None, *, related_name="+", **options):
    """Return a link to the user who did or owns something: optional, and emptied
    (the row kept) when the user is deleted, unless `on_delete` says otherwise."""
    return optional_foreign_key(
        settings.AUTH_USER_MODEL,
        verbose_name,
        related_name=related_name,
        **options,
    )


def profile_user_field(related_name, **options):
    """Return the user a profile row belongs to: one row each, gone with the user."""
    return models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name=related_name,
        **options,
    )


def language_field(verbose_name, help_text):
    """Return the choice of one of the site's languages, the default one at first."""
    return models.CharField(
        verbose_name,
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=help_text,
    )


def seo_title_field(verbose_name=None, **options):
    """Return a page's title for search results: optional, 200 characters at most."""
    verbose_name = verbose_name or _("SEO title")
    return models.CharField(verbose_name, max_length=200, blank=True, **options)


def seo_description_field(verbose_name=None, **options):
    """Return a page's description for search results: optional, 300 at most."""
    verbose_name = verbose_name or _("SEO description")
    return models.CharField(verbose_name, max_length=300, blank=True, **options)


class Timestamped(models.Model):
    """When the row was made and last changed, both kept by Django."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class RateCounter(models.Model):
    """Hits of one key in one rate-limit scope during its current window.

    `agency.core.ratelimit` owns it: one row per (scope, key), bumped in one statement. Keys
    are keyed hashes, never addresses or visitor ids. The table is UNLOGGED on
    PostgreSQL (no WAL: a crash of the database empties it, as if every window ended).
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    hits = models.PositiveIntegerField(default=0)
    # Unix seconds: the window ends then (plain integers compare the same in any SQL).
    window_end = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="core_ratecounter_scope_key"
            )
        ]

    def __str__(self):
        return f"{self.scope}:{self.key} = {self.hits}"


class PeriodicJob(models.Model):
    """What the worker last did with one periodic job: written by `agency.core.tasks`.

    One row per job, made on its first run. The admin shows it to superusers, with the
    backlog the job's app reports, so a stopped worker or a failing job is seen there.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    schedule = models.CharField(_("schedule"), max_length=100, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_started_at = models.DateTimeField(_("last start"), null=True, blank=True)
    last_succeeded_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_result = models.CharField(_("last result"), max_length=200, blank=True)
    last_duration = models.FloatField(_("last duration (s)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return self.name


class StaffPreference(models.Model):
    """One staff user's own settings: the language their admin and their e-mails use.

    A user without a row has the defaults (the site's language); the row is made when
    they first choose (agency.core.admin_language).
    """

    user = profile_user_field("staff_preference")
    language = language_field(
        _("admin language"),
        _("The language of the admin and of the e-mails sent to this user."),
    )

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")

    def __str__(self):
        return str(self.user)
