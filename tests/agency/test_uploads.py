"""Images are validated before they are stored: editor uploads and image fields alike."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agency.images import validate_image_file

pytestmark = pytest.mark.django_db


def png_bytes(size=(20, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_real_image_passes():
    validate_image_file(SimpleUploadedFile("a.png", png_bytes(), "image/png"))


def test_html_disguised_as_png_is_refused():
    fake = SimpleUploadedFile("a.png", b"<html><script>alert(1)</script>", "image/png")
    with pytest.raises(ValidationError, match="not one"):
        validate_image_file(fake)


def test_too_many_pixels_is_refused(settings):
    settings.AGENCY_MAX_IMAGE_PIXELS = 100
    with pytest.raises(ValidationError, match="pixels"):
        validate_image_file(SimpleUploadedFile("a.png", png_bytes(), "image/png"))


def test_too_large_file_is_refused(settings):
    settings.AGENCY_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="limit"):
        validate_image_file(SimpleUploadedFile("a.png", png_bytes(), "image/png"))


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile("a.svg", svg, "image/svg+xml"))


def test_editor_uploads_an_image_into_the_body(editor_client, settings):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = editor_client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == "1"
    assert data["url"].startswith("/media/uploads/")
    # Stored under a random name, not the uploader's.
    assert "photo" not in data["url"]
    assert data["url"].endswith(".png")


def test_editor_upload_of_a_non_image_is_refused(editor_client):
    upload = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", "image/png")
    response = editor_client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 400
    assert response.json()["uploaded"] == 0


def test_visitors_cannot_upload(client):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    response = client.post("/ckeditor/upload/", {"upload": upload})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_uploaded_media_is_served_with_nosniff(editor_client, client):
    upload = SimpleUploadedFile("photo.png", png_bytes(), "image/png")
    url = editor_client.post("/ckeditor/upload/", {"upload": upload}).json()["url"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
