"""Uploaded images are stored without location metadata (EXIF GPS), whichever way in."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from agency.core.images import reencode
from tests.factories import ArticleFactory, CaseStudyImageFactory, ServiceFactory

pytestmark = pytest.mark.django_db

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (13.0, 24.0, 1.0),
}


def image_with_gps(fmt="JPEG", size=(640, 360), orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = GPS
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt, exif=exif.tobytes())
    data = buffer.getvalue()
    assert gps_of(data), "the fixture image must carry GPS to begin with"
    return data


def gps_of(data):
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def stored(name):
    with default_storage.open(name, "rb") as f:
        return f.read()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_reencode_removes_gps(fmt):
    cleaned, extension = reencode(io.BytesIO(image_with_gps(fmt)))
    assert extension == {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt]
    assert gps_of(cleaned) == {}
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == fmt
        assert not image.getexif()


def test_rotated_photo_keeps_its_orientation_in_the_pixels():
    # Orientation 6: shown rotated 90 degrees; with the tag gone the pixels turn.
    cleaned, _ = reencode(io.BytesIO(image_with_gps(orientation=6)))
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (360, 640)


def test_image_without_metadata_is_reencoded_too():
    """Every upload is encoded again: bytes after the image (a polyglot's script) go."""
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "navy").save(buffer, "PNG")
    payload = b"<script>alert(document.domain)</script>"
    cleaned, extension = reencode(io.BytesIO(buffer.getvalue() + payload))
    assert extension == ".png"
    assert payload not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (20, 10)


def test_editor_upload_is_stored_without_gps(editor_client, settings):
    upload = SimpleUploadedFile("photo.jpg", image_with_gps(), "image/jpeg")
    response = editor_client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 200
    url = response.json()["url"]
    name = url.removeprefix(settings.MEDIA_URL)
    assert gps_of(stored(name)) == {}


def test_article_cover_is_stored_without_gps():
    article = ArticleFactory(
        cover=SimpleUploadedFile("cover.jpg", image_with_gps(size=(1600, 900)))
    )
    assert gps_of(stored(article.cover.name)) == {}
    # The renditions are made from the cleaned original.
    for size, entry in article.cover_renditions.items():
        if size != "source":
            assert gps_of(stored(entry["jpeg"])) == {}


def test_service_and_gallery_images_are_stored_without_gps():
    service = ServiceFactory(image=SimpleUploadedFile("s.jpg", image_with_gps()))
    gallery = CaseStudyImageFactory(image=SimpleUploadedFile("g.jpg", image_with_gps()))
    assert gps_of(stored(service.image.name)) == {}
    assert gps_of(stored(gallery.image.name)) == {}


def test_admin_form_upload_of_a_cover_is_stored_without_gps(admin_client):
    from articles.models import Article

    article = ArticleFactory()
    # Saving through the model with a fresh upload is what the admin form does.
    article.cover = SimpleUploadedFile("c.jpg", image_with_gps())
    article.save()
    article = Article.objects.get(pk=article.pk)
    assert gps_of(stored(article.cover.name)) == {}


def test_animated_gif_keeps_its_frames_and_loses_its_comment():
    buffer = io.BytesIO()
    first, second = (
        Image.new("RGB", (40, 30), "red"),
        Image.new("RGB", (40, 30), "blue"),
    )
    first.save(
        buffer,
        "GIF",
        save_all=True,
        append_images=[second],
        duration=100,
        comment=b"Taken at 52.52N 13.40E",
    )
    cleaned, _ = reencode(buffer)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.n_frames == 2
        assert not image.info.get("comment")
