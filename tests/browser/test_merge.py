"""Two enquiries from one person, merged in a real browser: a salesperson opens the
newer lead, finds the older one under "Similar leads" (same phone), merges keeping the
older, and both pages say so."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from leads.models import Lead, LeadActivity
from tests.factories import LeadActivityFactory, LeadFactory, SalesFactory
from tests.support.merging import mia_twice

from .conftest import admin_login


def test_a_salesperson_merges_a_duplicate_into_the_older_lead(open_page):
    me = SalesFactory(username="sales-sam")
    now = timezone.now()
    older, newer = mia_twice(
        phone=("+86 138 0013 8000", "138 0013 8000"),
        owner=(me, me),
        created_at=(now - datetime.timedelta(days=12), now),
    )
    LeadActivityFactory(lead=newer, text="Called back: wants it before June.")

    page = open_page(1440, 900)
    admin_login(page, me.username)
    page.goto(f"/admin/leads/lead/{newer.pk}/change/")
    similar = page.locator(".field-similar_leads")
    expect(similar).to_contain_text("Similar leads")
    expect(similar).to_contain_text(f"#{older.pk} Mia Wong")
    expect(similar).to_contain_text("same phone")
    similar.get_by_role("link", name="Merge…").click()

    # The two side by side; the older is offered as the one to keep, and sales say so.
    expect(page).to_have_url(re.compile(rf"/{newer.pk}/merge/{older.pk}/$"))
    expect(
        page.get_by_role("table", name="The two leads side by side")
    ).to_contain_text("Harbour Bakery")
    keep_older = page.get_by_label(f"Keep #{older.pk}")
    expect(keep_older).to_be_checked()
    page.get_by_label(f"Keep #{newer.pk}").check()
    keep_older.check()
    page.get_by_role("button", name="Merge").click()

    expect(page).to_have_url(re.compile(rf"/leads/lead/{older.pk}/change/$"))
    expect(page.locator(".messagelist .success")).to_contain_text(
        f"Lead #{newer.pk} was merged into this lead"
    )
    timeline = page.locator(".lead-timeline")
    expect(timeline).to_contain_text(f"Lead #{newer.pk} merged into this one.")
    expect(timeline).to_contain_text("Called back: wants it before June.")
    # The blank company was filled from the duplicate.
    expect(page.get_by_label("Company:")).to_have_value("Harbour Bakery")

    # The duplicate's page says where it went, with a link there.
    page.goto(f"/admin/leads/lead/{newer.pk}/change/")
    expect(page.locator(".field-similar_leads")).to_contain_text(
        f"Merged into #{older.pk}"
    )
    expect(page.locator(".lead-timeline")).to_contain_text(
        f"Merged into lead #{older.pk}."
    )
    page.locator(".lead-timeline").get_by_role("link", name=f"#{older.pk}").click()
    expect(page).to_have_url(re.compile(rf"/leads/lead/{older.pk}/change/$"))

    newer.refresh_from_db()
    assert newer.merged_into_id == older.pk
    assert LeadActivity.objects.filter(kind=LeadActivity.Kind.MERGED).count() == 2
    assert Lead.objects.filter(merged_into__isnull=True).count() == 1


def test_the_merge_page_fits_a_phone(open_page):
    me = SalesFactory(username="sales-li")
    older = LeadFactory(phone="13800138000", email="a@gmail.com")
    newer = LeadFactory(
        phone="+86 138 0013 8000", email="averyveryverylongaddress@qq.com"
    )
    page = open_page(360, 740)
    admin_login(page, me.username)
    page.goto(f"/admin/leads/lead/{newer.pk}/merge/{older.pk}/")
    expect(page.get_by_role("button", name="Merge")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
