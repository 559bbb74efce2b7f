"""/media/ serves images as images and nothing else as anything a browser would run."""

import io

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db

SANDBOX = "sandbox; default-src 'none'"
ACTIVE = b"<html><script>alert(document.domain)</script></html>"


def put(settings, name, data):
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"/media/{name}"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name",
    [
        "uploads/old.html",
        "uploads/old.htm",
        "uploads/old.svg",
        "uploads/old.SVG",
        "uploads/old.xhtml",
        "uploads/old.xml",
        "uploads/old.js",
        "uploads/old.mjs",
        "uploads/old.css",
        "uploads/old.pdf",
        "uploads/old.png.html",
        "uploads/noextension",
        "articles/covers/2024/01/.hidden",
    ],
)
def test_a_file_already_stored_under_an_active_name_is_only_a_download(
    client, settings, name
):
    """Files stored before uploads were renamed are never served as a page or script."""
    response = client.get(put(settings, name, ACTIVE))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("a.png", "image/png"),
        ("a.PNG", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("a.jpeg", "image/jpeg"),
        ("a.gif", "image/gif"),
        ("a.webp", "image/webp"),
    ],
)
def test_images_are_served_as_images_with_nosniff(client, settings, name, content_type):
    response = client.get(put(settings, f"uploads/{name}", png_bytes()))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_an_image_name_with_html_inside_is_still_not_a_page(client, settings):
    """nosniff: the browser takes the declared image type, never the bytes' look."""
    response = client.get(put(settings, "uploads/x.png", ACTIVE))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_revalidation_keeps_the_headers(client, settings):
    url = put(settings, "uploads/old.html", ACTIVE)
    first = client.get(url)
    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == SANDBOX
    assert again["X-Content-Type-Options"] == "nosniff"


def test_media_outside_the_folder_is_not_served(client, settings):
    put(settings, "uploads/a.png", png_bytes())
    assert client.get("/media/%2e%2e/manage.py").status_code in (400, 404)
    assert client.get("/media/uploads/").status_code == 404
