"""A Chinese-speaking salesperson's admin is Chinese (issue #17): in a real browser,
each salesperson reads the admin in the language they chose, works a lead in it, and
switching one's own language leaves a colleague's as it was.

Django's own admin strings ("注销" for "Log out", "选择 … 来修改") are asserted first:
they are translated whatever our catalogue holds; "线索" (our "lead") checks that our
catalogue is compiled and read too.
"""

import re

from playwright.sync_api import expect

from agency.core.models import StaffPreference
from leads.models import Lead
from tests.factories import LeadFactory, SalesFactory

from .conftest import ADMIN_PASSWORD

ZH = "zh-hans"


def sign_in(page, username, *, log_out):
    """Sign in through the admin's login form (in the browser's English)."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=log_out, exact=True)).to_be_visible()


def choose_language(page, name, button):
    page.locator("#language-form select").select_option(label=name)
    page.locator("#language-form").get_by_role("button", name=button).click()


def test_a_chinese_speaking_salespersons_admin_is_chinese(open_page):
    li = SalesFactory(username="sales-li")
    StaffPreference.objects.create(user=li, language=ZH)
    sam = SalesFactory(username="sales-sam")
    lead = LeadFactory(name="Wang Fang", company="Fresh Foods", language=ZH)

    # Li chose Chinese: the admin is Chinese from the first page after signing in.
    li_page = open_page(1440, 900, locale="en-US")
    sign_in(li_page, li.username, log_out="注销")
    expect(li_page.locator("html")).to_have_attribute("lang", ZH)
    expect(li_page.get_by_role("button", name="Log out")).to_have_count(0)

    # The lead list, titled in Chinese (Django's words around our model's name).
    li_page.goto("/admin/leads/lead/")
    heading = li_page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^选择 .+ 来修改$"))
    expect(heading).to_have_text("选择 线索 来修改")

    # The daily path, in Chinese: open the lead, change it, save it.
    li_page.locator("#result_list").get_by_role(
        "link", name=re.compile("Wang Fang")
    ).click()
    expect(li_page.locator("#id_language")).to_have_value(ZH)
    li_page.locator("#id_status").select_option("contacted")
    li_page.get_by_role("button", name="保存", exact=True).click()
    expect(li_page.locator(".messagelist .success")).to_contain_text("成功修改")
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONTACTED

    # Sam chose nothing: English. Sam switches to Chinese and sees it at once, on the
    # same page.
    sam_page = open_page(1440, 900, locale="en-US")
    sign_in(sam_page, sam.username, log_out="Log out")
    sam_page.goto("/admin/leads/lead/?status__exact=contacted")
    expect(sam_page.get_by_role("heading", level=1)).to_have_text(
        "Select lead to change"
    )
    choose_language(sam_page, "简体中文", "Change")
    expect(sam_page.get_by_role("button", name="注销", exact=True)).to_be_visible()
    expect(sam_page).to_have_url(re.compile(r"/admin/leads/lead/\?status__exact="))
    expect(sam_page.get_by_role("heading", level=1)).to_have_text("选择 线索 来修改")
    assert StaffPreference.objects.get(user=sam).language == ZH

    # Li switches back to English: Li's admin changes, Sam's stays Chinese.
    choose_language(li_page, "English", "切换")  # our "Change", in Chinese
    expect(li_page.get_by_role("button", name="Log out", exact=True)).to_be_visible()
    assert StaffPreference.objects.get(user=li).language == "en"
    sam_page.reload()
    expect(sam_page.get_by_role("button", name="注销", exact=True)).to_be_visible()
    assert StaffPreference.objects.get(user=sam).language == ZH
