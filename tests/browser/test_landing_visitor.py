"""Visitors of a campaign landing page with a test running (issue #20): new visitors,
each in a browser of their own, are split between the original and a variant and keep
theirs on every reload and every later visit; one shown the variant sends the page's
form, and the lead names the page and that variant, in the database and on the lead's
page as a salesperson sees it; the editor's results page shows both versions with the
visitors the beacon counted, the enquiry and the conversion."""

import re

import pytest
from playwright.sync_api import expect

from agency.core.blocks import blocks_clean
from leads.models import Lead
from services.models import LandingPage, LandingVariant, LandingVisitor
from tests.factories import EditorFactory, SalesFactory
from tests.support.browser import enquiry_send, thanked_lead, watched_tab

from .conftest import admin_login, person_user_agent

TITLE = "Shop windows that sell"
SLUG = "shop-windows-that-sell"
ORIGINAL = "A shop window on WeChat"
VARIANT = "Your WeChat shop open in a week"
VARIANT_NAME = "B: a week's promise"
MOST_VISITORS = (
    16  # both versions shown to 16 visitors chosen at random: 1 in 32,768 not
)


@pytest.fixture(autouse=True)
def _leads_settings(settings):
    # The minimum fill time stops robots; this person types at machine speed.
    settings.AGENCY_LEADS_MIN_FILL_SECONDS = 0
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False


def blocks(heading):
    return blocks_clean(
        [
            {
                "type": "hero",
                "value": {
                    "heading": heading,
                    "text": "Orders, bookings and payments in the app your customers use.",
                    "cta_label": "Ask us",
                    "cta_url": "#contact",
                },
            },
            {
                "type": "benefits",
                "value": {
                    "heading": "Why shops choose us",
                    "items": [
                        {"title": "Paid in WeChat", "text": "No app to install."},
                        {"title": "Yours to change", "text": "Prices and photos."},
                    ],
                },
            },
            {"type": "contact", "value": {"heading": "Tell us about your shop"}},
        ]
    )


def seen_on_load(page, load):
    """Run `load` (a navigation) and wait for the page's beacon to be answered. (Its
    body is not read: a keepalive request's body never reaches Playwright.)"""
    with page.expect_response(
        lambda response: (
            "/lp/seen/" in response.url and response.request.method == "POST"
        )
    ) as beacon:
        load()
    assert beacon.value.ok


def test_visitors_are_split_keep_their_version_and_an_enquiry_names_it(
    browser, open_page
):
    landing = LandingPage.objects.create(
        title=TITLE, slug=SLUG, blocks=blocks(ORIGINAL)
    )
    variant = LandingVariant.objects.create(
        page=landing, name=VARIANT_NAME, blocks=blocks(VARIANT)
    )
    url = f"/lp/{SLUG}/"

    # New visitors, each in a fresh browser: shown one version or the other at random.
    shown = {ORIGINAL: [], VARIANT: []}
    while len(shown[ORIGINAL]) + len(shown[VARIANT]) < MOST_VISITORS:
        visitor = open_page(1440, 900, user_agent=person_user_agent(browser))
        seen_on_load(visitor, lambda v=visitor: v.goto(url))
        heading = visitor.get_by_role("heading", level=1)
        expect(heading).to_have_text(re.compile(f"^({ORIGINAL}|{VARIANT})$"))
        first = heading.inner_text()
        shown[first].append(visitor)

        # A reload: the same version (and the beacon, sent again, counts no one twice).
        seen_on_load(visitor, visitor.reload)
        expect(visitor.get_by_role("heading", level=1)).to_have_text(first)

        # Later, from elsewhere on the site, in another tab of the same browser.
        visitor.goto("/")
        later = watched_tab(visitor)
        seen_on_load(later, lambda t=later: t.goto(url))
        expect(later.get_by_role("heading", level=1)).to_have_text(first)
        later.close()
        visitor.goto(url)
        expect(visitor.get_by_role("heading", level=1)).to_have_text(first)

        if len(shown[ORIGINAL]) >= 2 and len(shown[VARIANT]) >= 2:
            break
    assert shown[ORIGINAL], "no visitor was shown the original"
    assert shown[VARIANT], "no visitor was shown the variant"
    originals, variants = len(shown[ORIGINAL]), len(shown[VARIANT])

    # A visitor shown the variant sends the form on the page.
    visitor = shown[VARIANT][0]
    expect(visitor.get_by_role("heading", level=1)).to_have_text(VARIANT)
    expect(
        visitor.get_by_role("heading", name="Tell us about your shop")
    ).to_be_visible()
    enquiry_send(
        visitor,
        name="Zhou Min",
        company="Lantern Tea House",
        email="zhou.min@lantern-tea.example",
        project="A WeChat shop for our teas, by spring.",
    )

    lead = thanked_lead(visitor, "Zhou Min")
    assert (lead.landing_page, lead.landing_variant) == (landing, variant)
    assert lead.placement == Lead.Placement.LANDING_PAGE
    assert not lead.is_spam

    # Counted by the beacon: each visitor once, with the version they were shown,
    # however often they came back.
    assert LandingVisitor.objects.filter(page=landing, variant=None).count() == (
        originals
    )
    assert LandingVisitor.objects.filter(page=landing, variant=variant).count() == (
        variants
    )

    # The lead's page, as a salesperson sees it: the landing page and the version.
    SalesFactory(username="sales-sam")
    sales = open_page(1440, 900)
    admin_login(sales, "sales-sam")
    sales.goto(f"/admin/leads/lead/{lead.pk}/change/")
    row = sales.locator(".form-row.field-landing_display")
    expect(row).to_contain_text("Landing page")
    expect(row.get_by_role("link", name=TITLE)).to_have_attribute("href", url)
    expect(row).to_contain_text(f"{TITLE} ({VARIANT_NAME})")

    # The results, as an editor sees them: both versions, their visitors, the enquiry.
    EditorFactory(username="editor-ling")
    editor = open_page(1440, 900)
    admin_login(editor, "editor-ling")
    editor.goto(f"/admin/services/landingpage/{landing.pk}/results/")
    table = editor.get_by_role("table")

    def version_row(name):
        return table.get_by_role("row").filter(
            has=editor.get_by_role("rowheader", name=name, exact=True)
        )

    original_cells = version_row("Original").get_by_role("cell")
    variant_cells = version_row(VARIANT_NAME).get_by_role("cell")
    # State, visitors, enquiries, conversion, …
    expect(original_cells.nth(0)).to_have_text("Running")
    expect(original_cells.nth(1)).to_have_text(str(originals))
    expect(original_cells.nth(2)).to_have_text("0")
    expect(original_cells.nth(3)).to_have_text("0.0%")
    expect(variant_cells.nth(0)).to_have_text("Running")
    expect(variant_cells.nth(1)).to_have_text(str(variants))
    expect(variant_cells.nth(2)).to_have_text("1")
    expect(variant_cells.nth(3)).to_have_text(f"{round(100 / variants, 1)}%")
