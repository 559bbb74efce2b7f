"""How a staff member appears as an author."""

from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agency.core.models import image_field, profile_user_field
from agency.core.translation import localized

from ..renditions import AVATAR_SIZE, make_square_thumbnail
from .slugs import slug_field, unique_slug


class AuthorProfile(models.Model):
    """How a staff member appears as an author: name, portrait and a few lines."""

    user = profile_user_field("author_profile", limit_choices_to={"is_staff": True})
    display_name = models.CharField(_("display name"), max_length=100)
    slug = slug_field(
        _(
            "The author page's address; made from the display name when left empty. "
            "Login names never appear on the site."
        )
    )
    avatar = image_field(_("avatar"), "authors/")
    # A 144 px square copy of the avatar (shown at 56 and 72 px), made on save.
    avatar_thumbnail = models.CharField(max_length=255, blank=True, editable=False)
    bio = models.TextField(_("bio"), blank=True)
    bio_zh_hans = models.TextField(_("bio (Chinese)"), blank=True)

    display_bio = localized("bio")

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_avatar = self.__dict__.get("avatar") or ""

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                AuthorProfile,
                self.display_name,
                exclude_pk=self.pk,
                fallback_prefix="author",
            )
        avatar_changed = self.avatar.name != self._loaded_avatar
        super().save(*args, **kwargs)
        if avatar_changed:
            self._loaded_avatar = self.avatar.name
            self.avatar_thumbnail = make_square_thumbnail(self.avatar, AVATAR_SIZE)
            AuthorProfile.objects.filter(pk=self.pk).update(
                avatar_thumbnail=self.avatar_thumbnail
            )

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def avatar_url(self):
        """The small square avatar, else the upload itself, else ""."""
        if self.avatar_thumbnail:
            return default_storage.url(self.avatar_thumbnail)
        return self.avatar.url if self.avatar else ""
