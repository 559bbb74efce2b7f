"""A visitor's path through the site in a real browser: the menu at phone and desktop
widths, an article (its view counted once), a like taken back, the poster, a related
article and a search."""

import re

from playwright.sync_api import expect

from articles.counters import flush_views
from articles.models import Article

from .conftest import person_user_agent


def is_beacon(response):
    return response.request.method == "POST" and response.url.endswith("/view/")


def slug_of(link):
    return link.get_attribute("href").strip("/").split("/")[-1]


def test_visitor_reads_likes_shares_and_searches(browser, open_page, demo_site):
    page = open_page(360, 740, user_agent=person_user_agent(browser))
    page.goto("/")

    # The menu at phone width: a button opens it, a link leaves it.
    nav = page.locator("#site-nav")
    toggle = page.locator("[data-nav-toggle]")
    expect(nav).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    news_link = nav.get_by_role("link", name="News", exact=True)
    target = news_link.get_attribute("href")
    news_link.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(nav).to_be_hidden()

    # The same menu at desktop width: always shown, a dropdown on hover.
    page.set_viewport_size({"width": 1440, "height": 900})
    expect(toggle).to_be_hidden()
    expect(nav).to_be_visible()
    news = nav.locator(".menu-item.has-children", has_text="News")
    # Hover once the page has settled: a late layout shift (lazy images, fonts) moved
    # the menu from under the pointer and closed the dropdown before the click.
    page.wait_for_load_state("networkidle")
    news.hover()
    industry = news.locator(".submenu").get_by_role("link", name="Industry Analysis")
    expect(industry).to_be_visible()
    # Followed from the keyboard: a pointer's click raced the page's own scrolling on
    # a loaded machine (the item moved from under the pointer, the dropdown closed).
    industry.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/articles/category/industry-analysis/$"))

    # An article: the beacon counts the view once, the page shows the new count.
    link = page.locator(".article-card .card-title a").first
    article = Article.objects.get(slug=slug_of(link))
    views, likes = article.view_count, article.like_count
    with page.expect_response(is_beacon) as beacon:
        link.click()
    assert beacon.value.json()["counted"] is True
    expect(page.locator("h1")).to_have_text(article.title)
    view_count = page.locator("[data-view-count]")
    expect(view_count).to_have_text(f"{views + 1:,}")
    flush_views()  # counted views wait for the flush worker
    article.refresh_from_db()
    assert article.view_count == views + 1

    # Reading it again within half an hour does not count again.
    with page.expect_response(is_beacon) as beacon:
        page.reload()
    assert beacon.value.json()["counted"] is False
    expect(view_count).to_have_text(f"{views + 1:,}")
    flush_views()  # counted views wait for the flush worker
    article.refresh_from_db()
    assert article.view_count == views + 1

    # Like, then take the like back: a toggle button, no reload.
    button = page.locator("[data-like-button]")
    like_count = button.locator("[data-like-count]")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(like_count).to_have_text(f"{likes + 1:,}")
    article.refresh_from_db()
    assert article.like_count == likes + 1
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(like_count).to_have_text(f"{likes:,}")
    article.refresh_from_db()
    assert article.like_count == likes

    # The share poster opens in a dialog with the image, and closes again.
    page.get_by_role("link", name="Generate poster").click()
    dialog = page.get_by_role("dialog", name="Share poster")
    expect(dialog.locator("img")).to_be_visible()
    assert dialog.locator("img").evaluate("img => img.naturalWidth") > 0
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # A related article.
    related = page.locator(".related .card-title a").first
    title = related.inner_text()
    related.click()
    expect(page.locator("h1")).to_have_text(title)

    # A search from the header.
    search = page.get_by_role("searchbox", name="Search the site")
    search.fill("mini program")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=mini\+program$"))
    expect(page.locator(".search-summary")).to_contain_text("match “mini program”")
    results = page.locator(".search-result h2 a")
    expect(results.first).to_be_visible()
    assert results.count() >= 2
