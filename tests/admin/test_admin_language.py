"""Each staff user chooses the admin's language for themselves (issue #17).

Asserted on Django's own admin strings ("Log out" is "注销" in zh_Hans), which are
translated whatever our own catalogue holds.
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from agency.core.admin_language import languages_of_addresses, preferred_language
from agency.core.models import StaffPreference
from leads.models import Lead
from tests.admin.forms import as_post, form_data
from tests.factories import LeadFactory, SalesFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG_OUT_ZH = "注销"
LANGUAGE_URL = "/admin/language/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def chinese(user):
    StaffPreference.objects.create(user=user, language="zh-hans")
    return user


def test_the_admin_is_in_the_language_the_user_chose():
    zh = signed_in(chinese(SalesFactory()))
    en = signed_in(SalesFactory())
    page = zh.get("/admin/").content.decode()
    assert LOG_OUT_ZH in page
    assert ">Log out<" not in page
    assert '<html lang="zh-hans"' in page
    other = en.get("/admin/").content.decode()
    assert ">Log out<" in other
    assert LOG_OUT_ZH not in other


def test_a_user_without_a_choice_gets_the_default_whatever_the_browser_says():
    client = signed_in(SalesFactory())
    page = client.get("/admin/", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert ">Log out<" in page.content.decode()


def test_choosing_a_language_saves_it_for_that_user_only_and_returns_there():
    me, colleague = SalesFactory(), chinese(SalesFactory())
    client = signed_in(me)
    response = client.post(
        LANGUAGE_URL, {"language": "zh-hans", "next": "/admin/leads/lead/?o=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/leads/lead/?o=1"
    assert StaffPreference.objects.get(user=me).language == "zh-hans"
    assert LOG_OUT_ZH in client.get("/admin/leads/lead/").content.decode()

    client.post(LANGUAGE_URL, {"language": "en", "next": "/admin/"})
    assert StaffPreference.objects.get(user=me).language == "en"
    assert ">Log out<" in client.get("/admin/").content.decode()
    # The colleague's own choice is untouched.
    assert StaffPreference.objects.get(user=colleague).language == "zh-hans"
    assert LOG_OUT_ZH in signed_in(colleague).get("/admin/").content.decode()


def test_the_language_view_refuses_unknown_languages_gets_and_strangers():
    me = SalesFactory()
    client = signed_in(me)
    assert client.post(LANGUAGE_URL, {"language": "fr"}).status_code == 400
    assert client.get(LANGUAGE_URL).status_code == 405
    assert not StaffPreference.objects.filter(user=me).exists()
    # Not staff: sent to the login page, nothing saved.
    visitor = UserFactory()
    response = signed_in(visitor).post(LANGUAGE_URL, {"language": "zh-hans"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not StaffPreference.objects.filter(user=visitor).exists()
    # Without the CSRF token a forged post changes nothing.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(me)
    assert strict.post(LANGUAGE_URL, {"language": "zh-hans"}).status_code == 403
    assert not StaffPreference.objects.filter(user=me).exists()


def test_next_may_only_lead_back_into_the_admin():
    client = signed_in(SalesFactory())
    for elsewhere in ("https://evil.example/admin/", "//evil.example/admin/", "/"):
        response = client.post(LANGUAGE_URL, {"language": "zh-hans", "next": elsewhere})
        assert response["Location"] == "/admin/"


def test_the_login_page_follows_the_browser_then_the_cookie_the_choice_left():
    anonymous = Client()
    page = anonymous.get("/admin/login/", headers={"accept-language": "zh-CN"})
    assert "登录" in page.content.decode()
    assert "Accept-Language" in page["Vary"]
    english = anonymous.get("/admin/login/", headers={"accept-language": "en"})
    assert "登录" not in english.content.decode()

    user = SalesFactory()
    client = signed_in(user)
    response = client.post(LANGUAGE_URL, {"language": "zh-hans", "next": "/admin/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zh-hans"
    assert cookie["path"] == "/admin/"  # never sent to the public site
    client.post(reverse("admin:logout"))
    page = client.get("/admin/login/", headers={"accept-language": "en"})
    assert "登录" in page.content.decode()


def test_the_public_site_is_not_left_in_the_admins_language():
    signed_in(chinese(SalesFactory())).get("/admin/")
    assert translation.get_language() == settings.LANGUAGE_CODE
    page = Client().get("/contact/").content.decode()
    assert '<html lang="en"' in page


def test_a_csv_export_streams_in_the_users_language(monkeypatch):
    """The CSV is written after the view returns: the language must hold until then."""
    import leads.export

    # A Django string as the column title: translated whatever our catalogue holds.
    monkeypatch.setattr(
        leads.export, "columns", lambda: [(gettext("Log out"), lambda lead: lead.pk)]
    )
    lead = LeadFactory(name="Mia Wong")
    client = signed_in(chinese(SalesFactory()))
    response = client.get("/admin/leads/lead/export/")
    assert response.status_code == 200
    assert translation.get_language() == settings.LANGUAGE_CODE
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == [LOG_OUT_ZH, str(lead.pk)]
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_open_change_and_save_a_lead_in_chinese():
    """The daily path in Chinese: open a lead, change it, save it."""
    me = chinese(SalesFactory())
    lead = LeadFactory(
        name="Mia Wong",
        status=Lead.Status.NEW,
        owner=me,
        next_follow_up=datetime.date(2031, 3, 4),
        estimated_value=Decimal("12345.50"),
    )
    client = signed_in(me)
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert LOG_OUT_ZH in html
    assert "保存" in html  # Django's "Save"
    data = as_post(form_data(html, "lead_form"))
    assert data["name"] == ["Mia Wong"]
    data["status"] = ["contacted"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONTACTED
    # Dates and amounts shown in Chinese formats read back as they were.
    assert lead.next_follow_up == datetime.date(2031, 3, 4)
    assert lead.estimated_value == Decimal("12345.50")
    assert lead.owner == me
    listing = client.get(response["Location"]).content.decode()
    assert "成功" in listing  # Django's "was changed successfully", in Chinese


def test_preferences_resolve_addresses_to_languages():
    zh = chinese(SalesFactory(email="Li.Na@agency.example"))
    SalesFactory(email="sam@agency.example")
    assert preferred_language(zh) == "zh-hans"
    assert languages_of_addresses(
        ["li.na@agency.example", "sam@agency.example", "team@agency.example"]
    ) == {
        "li.na@agency.example": "zh-hans",
        "sam@agency.example": "en",
        "team@agency.example": "en",
    }


def test_the_editors_image_browser_speaks_the_staff_members_language(client):
    from agency.core.models import StaffPreference
    from tests.factories import EditorFactory

    editor = EditorFactory()
    StaffPreference.objects.create(user=editor, language="zh-hans")
    client.force_login(editor)
    response = client.get("/ckeditor/browse/")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"


def test_a_persons_name_reads_as_a_persons_in_chinese():
    """姓名 for a lead's or contact's name, 名称 for a thing's (a category's)."""
    from django.utils import translation

    from articles.models import Category
    from leads.models import Contact, Lead

    with translation.override("zh-hans"):
        assert str(Lead._meta.get_field("name").verbose_name) == "姓名"
        assert str(Contact._meta.get_field("name").verbose_name) == "姓名"
        assert str(Category._meta.get_field("name").verbose_name) == "名称"
