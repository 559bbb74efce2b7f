"""Uploaded images: validated (a real image, of a sane size, decoded by Pillow),
re-encoded (nothing of the uploaded bytes but the pixels survives: no metadata, where a
phone writes GPS coordinates, and no script or page hidden in a polyglot), and stored
under a random name whose extension is the format Pillow found.
"""

import contextlib
import functools
import os
import uuid
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# The one extension each format is stored under: never the uploader's.
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# What /media/ serves as an image (agency.core.views.media); anything else is a download.
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def random_name(extension):
    """Return a name nobody can guess from a title, slug or date: 32 random hex digits."""
    extension = extension.lower()
    return uuid.uuid4().hex + (extension if extension in IMAGE_TYPES else "")


@deconstructible(path="agency.core.images.RandomName")
class RandomName:
    """An `upload_to` that stores each file under `folder` with a random name.

    `folder` may hold strftime codes (`articles/covers/%Y/%m/`); the extension is the
    one `reencode_upload` gave the file, which is the format Pillow found.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        folder = timezone.now().strftime(self.folder)
        return folder + random_name(os.path.splitext(filename)[1])

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.folder == other.folder


def validate_image_file(file):
    """Refuse anything that is not a JPEG, PNG, GIF or WebP within the size limits.

    Model fields run this on every full_clean(), the unchanged file of an existing
    object included: a file already stored was checked when it was uploaded (and its
    storage handle may be closed), so only a new upload is read.
    """
    if getattr(file, "_committed", False):
        return
    file = getattr(file, "file", file) if hasattr(file, "_committed") else file
    max_bytes = settings.AGENCY_MAX_UPLOAD_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    with _opened_image(file, NOT_AN_IMAGE) as image:
        image.verify()


# What Pillow raises for a file that is not an image it may open.
NOT_AN_IMAGE = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
)


@contextlib.contextmanager
def _opened_image(file, errors):
    """Open the image in `file` from its start, its pixels checked, then put the
    file back where it was; `errors` raised meanwhile become a ValidationError."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file, formats=ALLOWED_FORMATS) as image:
            check_pixels(image)
            yield image
    except ValidationError:
        raise
    except errors:
        raise ValidationError(
            _("Upload a JPEG, PNG, GIF or WebP image; this file is not one."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(position)


def check_pixels(image):
    """Refuse an image whose frames hold more pixels together than the limit.

    Read from the header and the frame count, before any frame is decoded: an
    animation of thousands of large frames is a few kilobytes on disk and gigabytes
    in memory once re-encoded. (GIF counts its frames by skipping their data blocks,
    APNG and WebP read the count from a header.)
    """
    max_pixels = settings.AGENCY_MAX_IMAGE_PIXELS
    width, height = image.size
    if width * height > max_pixels:
        raise ValidationError(
            _("The image is %(w)s x %(h)s pixels; the limit is %(limit)s pixels.")
            % {"w": width, "h": height, "limit": f"{max_pixels:,}"},
            code="too_many_pixels",
        )
    frames = getattr(image, "n_frames", 1)
    if frames * width * height > max_pixels:
        raise ValidationError(
            _(
                "The animation has %(n)s frames of %(w)s x %(h)s pixels; the limit is "
                "%(limit)s pixels in all frames together."
            )
            % {"n": frames, "w": width, "h": height, "limit": f"{max_pixels:,}"},
            code="too_many_pixels",
        )


# Re-encoding keeps the colour profile (icc_profile, it changes how the image looks) and
# drops every metadata block that may say where or by whom a photo was taken.
ORIENTATION = 0x0112


def reencode(file):
    """Return (bytes, extension) of the image in `file`, encoded again by Pillow.

    Every upload goes through this, with or without metadata: only the pixels (and the
    colour profile, frames and timing) survive, so bytes appended to an image or hidden
    in its blocks (a polyglot that is also a script or a page) do not. Raise
    ValidationError for anything that is not an allowed image within the limits.
    """
    with _opened_image(file, (*NOT_AN_IMAGE, ValueError)) as image:
        fmt = image.format
        return _encode_without_metadata(image), EXTENSIONS[fmt]


def _encode_without_metadata(image):
    fmt = image.format
    options = {"icc_profile": image.info.get("icc_profile")}
    if getattr(image, "is_animated", False):
        # GIF, APNG and WebP animations keep their frames and timing.
        options.update(save_all=True, loop=image.info.get("loop", 0))
        if "duration" in image.info:
            options["duration"] = image.info["duration"]
    elif fmt == "JPEG":
        if image.getexif().get(ORIENTATION, 1) == 1:
            # The encoder reuses the original's quantisation tables: no visible loss.
            options.update(quality="keep", subsampling="keep")
        else:
            # The orientation tag goes with the rest, so turn the pixels instead.
            image = ImageOps.exif_transpose(image)
            options.update(quality=90)
    if fmt in ("GIF", "JPEG"):
        # These encoders copy a comment over from the original unless given one.
        options["comment"] = b""
    elif fmt == "WEBP":
        options.update(lossless=image.info.get("lossless", False), quality=90)
    buffer = BytesIO()
    image.save(buffer, fmt, **{k: v for k, v in options.items() if v is not None})
    return buffer.getvalue()


@functools.cache
def _image_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ImageField)]


@receiver(pre_save, dispatch_uid="agency.core.images.reencode_uploaded_images")
def reencode_uploaded_images(sender, instance, raw=False, **kwargs):
    """Re-encode every image a model is about to store for the first time.

    The file is renamed to the extension of its format, so the field's `upload_to`
    (a RandomName) stores it under a random name with that extension. Every model that
    has an image field imports this module for its validator, so the receiver is
    connected before any of them saves; files already stored are left be.
    """
    if raw:
        return
    for field in _image_fields(sender):
        field_file = getattr(instance, field.attname)
        if not field_file or field_file._committed:
            continue
        data, extension = reencode(field_file.file)
        # Random even before upload_to sees it: a field with a plain folder as its
        # upload_to still stores nothing guessable.
        name = random_name(extension)
        field_file.file = ContentFile(data, name=name)
        field_file.name = name
        # Turning a photo by its orientation tag swaps its width and height.
        field_file.__dict__.pop("_dimensions_cache", None)
        field.update_dimension_fields(instance, force=True)
