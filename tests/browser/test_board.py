"""The pipeline board in Chromium: a salesperson drags a deal to Won and sees the column
totals and the dashboard's won revenue and forecast change; moves a card by keyboard and
hears it announced; drags one to Lost and is asked why (cancel puts it back)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leads.models import Lead
from tests.factories import LeadFactory, LostReasonFactory, SalesFactory

from .conftest import admin_login

pytestmark = pytest.mark.usefixtures("transactional_db")


def column(page, status):
    return page.locator(f'.lead-board-column[data-status="{status}"]')


def card(page, name):
    return page.locator(".lead-card", has_text=name)


def test_drag_to_won_keyboard_move_and_lost_reason(open_page):
    sam = SalesFactory(username="sales-sam", first_name="Sam", last_name="Li")
    LostReasonFactory(name="Too expensive")
    mia = LeadFactory(
        name="Mia Wong",
        company="Harbour Bakery",
        owner=sam,
        status="proposal",
        estimated_value=Decimal(10000),
        expected_close=timezone.localdate() + datetime.timedelta(days=3),
    )
    tom = LeadFactory(name="Tom Lee", company="", estimated_value=Decimal(2000))

    page = open_page(1440, 900)
    admin_login(page, sam.username)
    page.goto("/admin/leads/lead/dashboard/")
    expect(page.locator("#won-total")).to_have_text("0 CNY")
    expect(page.locator("#forecast-total")).to_have_text("6,000 CNY")  # 10,000 × 60%

    page.get_by_role("link", name="Pipeline board").click()
    expect(card(page, "Mia Wong")).to_contain_text("Sam Li")
    expect(card(page, "Mia Wong")).to_contain_text("10,000 CNY")
    expect(card(page, "Mia Wong")).to_contain_text("60%")
    expect(column(page, "proposal").locator("[data-count]")).to_have_text("1")

    # Drag Mia's deal to Won: the totals change without a reload.
    card(page, "Mia Wong").drag_to(column(page, "won"))
    expect(column(page, "won").locator("[data-count]")).to_have_text("1")
    expect(column(page, "won").locator("[data-total]")).to_have_text("10,000 CNY")
    expect(column(page, "proposal").locator("[data-count]")).to_have_text("0")
    expect(page.locator("#lead-board-status")).to_have_text("Moved Mia Wong to Won")
    expect(column(page, "won").locator(".lead-card")).to_contain_text("Mia Wong")
    mia.refresh_from_db()
    assert mia.status == Lead.Status.WON

    # The dashboard's won revenue and forecast follow.
    page.goto("/admin/leads/lead/dashboard/")
    expect(page.locator("#won-total")).to_have_text("10,000 CNY")
    expect(page.locator("#forecast-total")).to_have_text("0 CNY")

    # By keyboard: focus Tom's card and press the right arrow key.
    page.goto("/admin/leads/lead/board/")
    card(page, "Tom Lee").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#lead-board-status")).to_have_text(
        "Moved Tom Lee to Contacted"
    )
    expect(column(page, "contacted").locator(".lead-card")).to_contain_text("Tom Lee")
    expect(card(page, "Tom Lee")).to_be_focused()
    tom.refresh_from_db()
    assert tom.status == Lead.Status.CONTACTED

    # Dragged to Lost: the reason is asked; cancelled, the card goes back.
    card(page, "Tom Lee").drag_to(column(page, "lost"))
    dialog = page.locator("#lead-lost-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Tom Lee")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(column(page, "contacted").locator(".lead-card")).to_contain_text("Tom Lee")
    expect(page.locator("#lead-board-status")).to_contain_text("Not moved")
    tom.refresh_from_db()
    assert tom.status == Lead.Status.CONTACTED

    # Again, with a reason: no reason chosen is said first.
    card(page, "Tom Lee").drag_to(column(page, "lost"))
    dialog.get_by_role("button", name="Mark as lost").click()
    expect(dialog.locator(".lead-lost-error")).to_be_visible()
    dialog.get_by_label("Lost reason").select_option(label="Too expensive")
    dialog.get_by_role("button", name="Mark as lost").click()
    expect(column(page, "lost").locator("[data-count]")).to_have_text("1")
    expect(page.locator("#lead-board-status")).to_have_text("Moved Tom Lee to Lost")
    tom.refresh_from_db()
    assert tom.status == Lead.Status.LOST and tom.lost_reason.name == "Too expensive"


def test_the_board_on_a_phone_moves_a_card_with_its_menu(open_page):
    sam = SalesFactory(username="sales-sam")
    lead = LeadFactory(name="Ann Ho", company="")
    page = open_page(360, 740)
    admin_login(page, sam.username)
    page.goto("/admin/leads/lead/board/")
    form = card(page, "Ann Ho").locator("form")
    form.get_by_label("Move to").select_option(label="Qualified")
    form.get_by_role("button", name="Move").click()
    expect(page.locator("#lead-board-status")).to_have_text("Moved Ann Ho to Qualified")
    lead.refresh_from_db()
    assert lead.status == Lead.Status.QUALIFIED


@pytest.mark.parametrize(("width", "language"), [(1440, "en"), (360, "zh-hans")])
def test_board_and_dashboard_have_no_serious_axe_violation(
    open_page, axe_script, width, language
):
    from .test_accessibility import AXE_RUN

    sam = SalesFactory(username="sales-sam")
    LostReasonFactory(name="Too expensive")
    LeadFactory(name="Mia Wong", owner=sam, estimated_value=Decimal(5000))
    LeadFactory(name="Tom Lee", status="won", estimated_value=Decimal(8000))
    page = open_page(width, 900 if width > 360 else 740, bypass_csp=True)
    admin_login(page, sam.username)
    if language != "en":  # the salesperson's own admin language
        page.locator("#admin-language").select_option(language)
        page.locator("#language-form button").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    found = {}
    for path in ("/admin/leads/lead/board/", "/admin/leads/lead/dashboard/"):
        page.goto(path)
        page.add_script_tag(path=axe_script)
        for violation in page.evaluate(AXE_RUN):
            # The breadcrumbs are Django admin's own, on every admin page alike.
            if ".breadcrumbs > a" not in violation:
                found.setdefault(violation, []).append(path)
    assert not found, "\n".join(f"{v} on {p}" for v, p in found.items())
