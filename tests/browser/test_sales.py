"""A salesperson works their leads in the admin in a real browser: signs in, filters to
their own, moves one along with a note, and exports the list as CSV."""

import csv
import io
import re

from playwright.sync_api import expect

from leads.models import Lead, LeadActivity
from tests.factories import LeadFactory, SalesFactory, ServiceFactory

from .conftest import admin_login


def test_salesperson_filters_updates_notes_and_exports(open_page):
    me = SalesFactory(username="sales-sam")
    colleague = SalesFactory(username="sales-li")
    service = ServiceFactory(name="Mini Program", slug="mini-program")
    mine = [
        LeadFactory(
            name="Mia Wong", company="Harbour Bakery", owner=me, service=service
        ),
        LeadFactory(name="Tom Baker", company="Baker & Co", owner=me),
    ]
    LeadFactory(name="Ann Other", owner=colleague)
    LeadFactory(name="Nobody Yet", owner=None)

    page = open_page(1440, 900)
    admin_login(page, me.username)
    page.goto("/admin/leads/lead/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(4)

    # My leads only: the owner filter's "Mine".
    page.locator("#changelist-filter").get_by_role("link", name="Mine").click()
    expect(page).to_have_url(re.compile(r"[?&]owner=me"))
    expect(rows).to_have_count(2)
    expect(page.locator("#result_list")).not_to_contain_text("Ann Other")
    expect(page.locator("#result_list")).not_to_contain_text("Nobody Yet")

    # Move Mia's lead along and write down what happened.
    page.locator("#result_list").get_by_role(
        "link", name=re.compile("Mia Wong")
    ).click()
    page.get_by_label("Status:").select_option("contacted")
    page.get_by_role("textbox", name="What happened, what is next").fill(
        "Called Mia: wants a demo next Tuesday."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    lead = Lead.objects.get(pk=mine[0].pk)
    assert lead.status == Lead.Status.CONTACTED
    note = LeadActivity.objects.get(lead=lead, kind=LeadActivity.Kind.NOTE)
    assert note.text == "Called Mia: wants a demo next Tuesday."
    assert note.author == me
    assert LeadActivity.objects.filter(
        lead=lead, kind=LeadActivity.Kind.STATUS
    ).exists()

    # The saved list keeps the filter; export exactly what it shows.
    expect(page).to_have_url(re.compile(r"[?&]owner=me"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export this list to CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    # UTF-8 with a byte-order mark, which Excel needs to read Chinese names.
    text = download.path().read_bytes().decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["Name"] for row in table) == ["Mia Wong", "Tom Baker"]
    mia = next(row for row in table if row["Name"] == "Mia Wong")
    assert mia["Status"] == "Contacted"
    assert mia["Owner"] == me.username
    assert mia["Service"] == "Mini Program"
