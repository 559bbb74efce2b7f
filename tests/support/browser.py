"""Watched browser pages: what went wrong on a page fails the test that opened it."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from leads.models import Lead


class PageWatch:
    """What went wrong on the pages a test opened."""

    def __init__(self, origin):
        self.origin = origin
        self.problems = []
        self.expected_error_pages = set()
        self.expected_dialogs = set()

    def expect_error_page(self, url):
        """A page the test opens knowing it answers 403 or 404, which the browser logs
        as an error."""
        self.expected_error_pages.add(url)

    def expect_dialog(self, kind):
        """A dialog of this kind ("beforeunload", "confirm") the test means to answer."""
        self.expected_dialogs.add(kind)

    def on_dialog(self, dialog):
        if dialog.type not in self.expected_dialogs:
            self.problems.append(f"dialog: {dialog.message}")

    def on_console(self, message):
        if message.type != "error":
            return
        if (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") in self.expected_error_pages
        ):
            return
        self.problems.append(f"console error: {message.text}")

    def on_request(self, request):
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request to another host: {url}")

    def on_request_failed(self, request):
        failure = request.failure or ""
        # A navigation that replaces a pending beacon or download aborts it: not a fault.
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"failed request: {request.url} ({failure})")

    def on_response(self, response):
        if response.status >= 500:
            self.problems.append(f"server error {response.status}: {response.url}")


def open_watched(browser, base_url, viewport, **options):
    """Open a page in a new browser context, watched; return (context, page, watch)."""
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    page = context.new_page()
    watch = PageWatch(base_url)
    watched(page, watch)
    return context, page, watch


def watched_tab(page):
    """Another tab in the same browser (context) as `page`, watched as `page` is."""
    return watched(page.context.new_page(), page.watch)


def watched(page, watch):
    """`page`, its console, errors, requests and dialogs reported to `watch`."""
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    page.on("request", watch.on_request)
    page.on("requestfailed", watch.on_request_failed)
    page.on("response", watch.on_response)
    page.on("dialog", watch.on_dialog)
    page.watch = watch
    return page


def enquiry_send(page, *, name, company, email, project):
    """Fill in and send the enquiry form on `page`, as a visitor does."""
    form = page.locator("form[data-lead-form]")
    form.get_by_label("Your name").fill(name)
    form.get_by_label("Company").fill(company)
    form.get_by_role("textbox", name="E-mail").fill(email)
    form.get_by_label("Your project").fill(project)
    form.get_by_label("I agree").check()
    form.get_by_role("button", name="Send my enquiry").click()
    return form


def thanked_lead(page, name):
    """The lead of visitor `name`, once `page` has thanked them for their enquiry."""
    expect(page).to_have_url(re.compile(r"/contact/thanks/$"))
    return Lead.objects.get(name=name)
