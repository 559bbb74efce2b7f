"""The site's frame in a real browser: the menu at phone and desktop widths, by keyboard."""

import re

from playwright.sync_api import expect


def test_phone_menu_opens_and_leads_to_a_page(phone_page, demo_site):
    page = phone_page
    page.goto("/")
    nav = page.locator("#site-nav")
    expect(nav).to_be_hidden()
    toggle = page.locator("[data-nav-toggle]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="About", exact=True).click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    expect(page.locator("h1")).to_have_text("About Bluepeak Digital")


def test_phone_menu_works_without_javascript(browser, live_server, demo_site):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("#site-nav")).to_be_hidden()
    page.locator("[data-nav-toggle]").click()
    expect(page.locator("#site-nav")).to_be_visible()
    context.close()


def test_desktop_dropdown_opens_by_keyboard_and_marks_current_item(page, demo_site):
    page.goto("/about/")
    current = page.locator('#site-nav a[aria-current="page"]')
    expect(current).to_have_text("About")
    submenu = page.locator(
        ".menu-item.has-children", has_text="WeChat Development"
    ).locator(".submenu")
    expect(submenu).to_be_hidden()
    toggle = page.get_by_role("button", name="WeChat Development submenu")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(submenu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(submenu).to_be_hidden()
    expect(toggle).to_be_focused()


def test_desktop_dropdown_opens_on_hover(page, demo_site):
    page.goto("/")
    item = page.locator(".menu-item.has-children", has_text="WeChat Development")
    item.hover()
    expect(item.locator(".submenu")).to_be_visible()


def test_focus_is_visible_on_links(page, demo_site):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_be_visible()
