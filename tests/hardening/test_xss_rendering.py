"""No payload of the XSS corpus comes out of any page as markup a browser would run."""

import pytest
from django.conf import settings

from tests.hardening.content import (
    BATCH,
    BATCH_ADMIN,
    BATCH_PUBLIC,
    fill_site,
    fill_site_settings,
)
from tests.hardening.markup import executable_markup, load_payloads

pytestmark = pytest.mark.django_db

PAYLOADS = load_payloads()


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 100
    for kind in ("<script", "onerror", "javascript:", "data:", "<svg", "{{", "{%"):
        assert any(kind in p.lower() for p in PAYLOADS), kind


def test_the_checker_catches_what_would_run():
    """The checker itself: each of these would run in a browser."""
    for html in (
        "<p><script>alert(1)</script></p>",
        '<img src=x onerror="alert(1)">',
        '<a href=" jaVa\tscript:alert(1)">x</a>',
        '<script type="application/ld+json">{"a": "</script><b>"}</script>',
        "<iframe srcdoc='x'></iframe>",
        '<script src="https://evil.example/x.js"></script>',
    ):
        assert executable_markup(html), html
    assert not executable_markup(
        '<script src="/static/js/site.js"></script>'
        '<script type="application/ld+json">{"a": "\\u003c/script\\u003e"}</script>'
        '<img src="data:image/png;base64,AAAA" alt="">'
    )


def assert_inert(response, path, payload, mark=None):
    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    assert executable_markup(html) == [], (path, payload)
    assert settings.SECRET_KEY not in html
    if mark is not None:
        assert mark in html, f"{path} does not show the content under test"


BATCHES = [
    list(enumerate(PAYLOADS))[start : start + BATCH]
    for start in range(0, len(PAYLOADS), BATCH)
]


@pytest.mark.parametrize(
    "batch", BATCHES, ids=[f"payloads-{b[0][0]}-{b[-1][0]}" for b in BATCHES]
)
def test_payloads_are_inert_in_every_page_and_admin_page(client, batch):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_superuser("xss-admin", "a@example.com")
    fill_site_settings([payload for _number, payload in batch])
    filled = [
        (payload, *fill_site(payload, number, staff)) for number, payload in batch
    ]
    marks = [mark for _payload, mark, _public, _admin in filled]
    for payload, mark, public, _admin in filled:
        for path in public:
            assert_inert(client.get(path), path, payload, mark)
        assert_inert(client.get("/search/", {"q": payload}), "/search/", payload)
    for path in BATCH_PUBLIC:
        assert_inert(client.get(path), path, "a batch")
    client.force_login(staff)
    for payload, mark, _public, admin in filled:
        for path in admin:
            assert_inert(client.get(path), path, payload, mark)
    for path in BATCH_ADMIN:
        response = client.get(path)
        assert_inert(response, path, "a batch")
        if "sitesettings" not in path and "taggit" not in path:
            assert any(m in response.content.decode() for m in marks), path
