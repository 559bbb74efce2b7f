"""Every page type in a real browser, at desktop and phone widths: it loads without a
console error, a failed or refused request, a request to another host or a broken
image, and nothing is wider than the screen."""

import pytest
from playwright.sync_api import expect

from .pages import LANGUAGES, LOAD_ALL_IMAGES, NOT_FOUND, page_types

WIDTHS = [1440, 768, 360]


def check_page(page, origin, path, width, bad_responses):
    missing = path.endswith(NOT_FOUND)
    if missing:
        page.watch.expect_error_page(origin + path)
    response = page.goto(path)
    assert response.status == (404 if missing else 200), path
    expect(page.locator("h1").first).to_be_visible()
    # Load every lazy image now, and wait for them all.
    page.evaluate(LOAD_ALL_IMAGES)
    broken = page.evaluate(
        """[...document.images]
            .filter(img => img.getAttribute("src") || img.srcset)
            .filter(img => img.naturalWidth === 0)
            .map(img => img.currentSrc || img.src)"""
    )
    assert not broken, f"{path}: broken images {broken}"
    overflow = page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth;
            return [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > limit + 1)
                .filter(el => !el.closest(".visually-hidden, [hidden]"))
                .map(el => el.tagName.toLowerCase() + "." + el.className)
                .slice(0, 5);
        }"""
    )
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} at {width} px: wider ({overflow})"
    assert not bad_responses, f"{path}: {bad_responses}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_loads_cleanly(
    open_page, live_server, demo_site, width, language
):
    page = open_page(width, 900 if width > 360 else 740)
    # A style sheet, script or image answered with 4xx: the watch only sees 5xx.
    bad_responses = []
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and bad_responses.append(f"{response.status} {response.url}")
        ),
    )
    for path in page_types(language).values():
        check_page(page, live_server.url, path, width, bad_responses)
