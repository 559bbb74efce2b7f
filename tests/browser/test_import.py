"""A salesperson brings old leads in from a spreadsheet in a real browser: uploads a
file with a bad row and a person already in the CRM, reads the preview and its report,
confirms, and finds the leads in the list."""

import pytest
from playwright.sync_api import expect

from leads.models import Contact, Lead
from tests.factories import ContactFactory, LeadFactory, SalesFactory

from .conftest import admin_login

CSV = (
    "Name,Company,E-mail,Phone,Fax\n"
    "Mia Wong,Harbour Bakery,mia@bakery.example,+86 138 0000 0001,x\n"
    "No Mail,,not-an-email,,\n"
    "Tom Known,,tom@known.example,,\n"
    '=HYPERLINK("http://evil.example"),,eve@client.example,,\n'
)


@pytest.mark.parametrize("width", [1440, 360], ids=["desktop", "phone"])
def test_sales_preview_the_file_then_import_it(open_page, tmp_path, width):
    me = SalesFactory(username="sales-sam", first_name="Sam", last_name="Li")
    tom = ContactFactory(email="tom@known.example")
    known = LeadFactory(name="Tom Known", email="tom@known.example", contact=tom)
    upload = tmp_path / "old leads.csv"
    upload.write_text(CSV, encoding="utf-8")

    page = open_page(width, 900)
    admin_login(page, me.username)
    page.goto("/admin/leads/lead/import/")
    page.get_by_label("File:").set_input_files(upload)
    page.get_by_label("Owner of these leads:").select_option(label="Sam Li")
    expect(page.get_by_label("Source:")).to_have_value("manual")
    page.get_by_role("button", name="Preview").click()

    # The preview: what will happen, nothing saved yet.
    expect(
        page.get_by_role("heading", name="Preview: nothing is saved yet")
    ).to_be_visible()
    refused = page.locator("#import-refused-rows tbody tr")
    expect(refused).to_have_count(1)
    expect(refused.first).to_contain_text("3")
    expect(refused.first).to_contain_text("E-mail")
    expect(refused.first).to_contain_text("Not an e-mail address.")
    repeat = page.locator("#import-repeat-rows tbody tr")
    expect(repeat).to_have_count(1)
    expect(repeat.first).to_contain_text(f"the same e-mail as lead #{known.pk}")
    expect(repeat.first.get_by_role("link")).to_have_attribute(
        "href", f"/admin/leads/lead/{known.pk}/change/"
    )
    expect(page.locator("#import-ignored")).to_contain_text("Fax")
    expect(page.locator("#import-new")).to_contain_text("2 new leads")
    assert Lead.objects.count() == 1

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "3 leads imported from “old leads.csv”."
    )
    expect(page.locator("#import-refused-rows tbody tr")).to_have_count(1)
    page.get_by_role("link", name="See the leads").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator("#result_list")).to_contain_text("Mia Wong")
    expect(page.locator("#result_list")).not_to_contain_text("No Mail")

    mia = Lead.objects.get(email="mia@bakery.example")
    assert mia.owner == me and mia.source == "manual"
    assert Lead.objects.get(email="tom@known.example", is_repeat=True).contact == tom
    assert Lead.objects.get(email="eve@client.example").name.startswith("'=")
    assert Contact.objects.count() == 3

    # The imported lead opens and saves like any other.
    page.goto(f"/admin/leads/lead/{mia.pk}/change/")
    expect(page.locator("#content")).to_contain_text("Imported from old leads.csv")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
