"""The header's search and "Get a quote" on phones: in the opened menu, with and
without JavaScript; on a desktop only the header's own."""

import re

from playwright.sync_api import expect


def open_menu_and_search(page, words):
    page.goto("/")
    search = page.get_by_role("searchbox", name="Search the site")
    expect(search).to_be_hidden()
    page.locator("[data-nav-toggle]").click()
    expect(search).to_be_visible()
    search.fill(words)
    search.press("Enter")


def test_phone_menu_searches_the_site(open_page, demo_site):
    page = open_page(390, 844)
    open_menu_and_search(page, "mini program")
    expect(page).to_have_url(re.compile(r"/search/\?q=mini\+program$"))
    expect(page.locator(".search-elsewhere")).to_contain_text("Mini Program")
    expect(page.locator(".search-result").first).to_be_visible()


def test_phone_menu_searches_without_javascript(open_page, demo_site):
    page = open_page(360, 740, java_script_enabled=False)
    open_menu_and_search(page, "seo")
    expect(page).to_have_url(re.compile(r"/search/\?q=seo$"))
    expect(page.locator("h1")).to_have_text("Search")


def test_phone_menu_has_get_a_quote(phone_page, demo_site):
    page = phone_page
    page.goto("/")
    quote = page.get_by_role("link", name="Get a quote")
    expect(quote).to_be_hidden()
    page.locator("[data-nav-toggle]").click()
    expect(quote).to_be_visible()
    quote.click()
    expect(page).to_have_url(re.compile(r"/contact/$"))


def test_phone_menu_search_is_reached_by_keyboard(phone_page, demo_site):
    page = phone_page
    page.goto("/")
    toggle = page.locator("[data-nav-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # Close menu
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox", name="Search the site")).to_be_focused()


def test_desktop_shows_one_search_box_and_one_quote_link(page, demo_site):
    page.goto("/")
    expect(page.get_by_role("searchbox", name="Search the site")).to_be_visible()
    expect(page.locator("#header-q")).to_be_visible()
    expect(page.locator("#nav-q")).to_be_hidden()
    expect(page.get_by_role("link", name="Get a quote")).to_be_visible()
    expect(page.locator(".nav-cta")).to_be_hidden()
