"""The interface in Simplified Chinese (#17), and the check that keeps it complete."""

import importlib.util
import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from agency.core.models import StaffPreference
from agency.site.models import SiteSettings
from leads.forms import LeadForm
from tests.factories import LeadFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))

_spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts/i18n.py")
i18n = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n)


@pytest.fixture(scope="module", autouse=True)
def compiled_messages():
    """The .mo files as `make` builds them, read afresh by Django (changing
    LOCALE_PATHS empties its catalogue cache, as a new process would start)."""
    i18n.command_compile(None)
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        yield


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


# --- Pages, forms and e-mails in Chinese ---------------------------------------------


@pytest.mark.django_db
def test_404_page_reads_in_chinese(rf, zh):
    html = render_to_string("404.html", request=rf.get("/no-such-page/"))
    assert "我们找不到这个页面" in html
    assert "页面未找到" in html
    assert "We could not find that page" not in html


@pytest.mark.django_db
def test_footer_names_social_networks_in_chinese(rf, zh):
    SiteSettings.objects.create(site_name="Testpeak", weibo_url="https://weibo.com/t")
    html = render_to_string("404.html", request=rf.get("/no-such-page/"))
    assert 'target="_blank">微博</a>' in html


@pytest.mark.parametrize(
    ("template", "heading"),
    [("500.html", "我们这边出了点问题"), ("503.html", "我们马上回来")],
)
def test_standalone_error_pages_read_in_chinese_with_html_lang(template, heading, zh):
    html = render_to_string(template)
    assert heading in html
    assert '<html lang="zh-hans">' in html


def test_standalone_error_page_keeps_english_html_lang_in_english():
    with translation.override("en"):
        html = render_to_string("500.html")
    assert '<html lang="en">' in html
    assert "Something went wrong on our side" in html


def test_400_for_a_nul_character_under_zh_hans_address_is_chinese(client):
    """Refused before the language middleware runs: the address still decides."""
    response = client.get("/zh-hans/articles/", {"q": "a\x00b"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "网址中含有 NUL 字符" in html
    assert '<html lang="zh-hans">' in html


@pytest.mark.django_db
def test_contact_form_errors_are_chinese(zh):
    form = LeadForm(data={"name": "", "message": "想做一个小程序"})
    assert not form.is_valid()
    assert "请勾选同意，以便我们使用您的信息进行答复。" in form.errors["consent"]
    assert "这个字段是必填项。" in form.errors["name"]  # Django's own catalogue
    assert form.fields["name"].label == "您的姓名"


@pytest.mark.django_db
def test_contact_form_without_email_or_phone_asks_in_chinese(zh):
    form = LeadForm(
        data={"name": "王先生", "consent": "on", "preferred_contact": "any"}
    )
    assert not form.is_valid()
    assert "请留下电子邮箱或电话号码，以便我们答复。" in form.errors["email"]


@pytest.mark.django_db
def test_new_lead_email_body_is_chinese(zh):
    lead = LeadFactory()
    body = render_to_string(
        "leads/email/new_lead.txt", {"lead": lead, "admin_url": "https://x/"}
    )
    assert "收到一条新咨询。" in body
    assert "打开线索：https://x/" in body
    assert "姓名：" in body


@pytest.mark.django_db
def test_sales_dashboard_reads_in_chinese_for_a_chinese_speaking_user(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    StaffPreference.objects.create(user=user, language="zh-hans")
    LeadFactory()
    client.force_login(user)
    response = client.get(reverse("admin:leads_lead_dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>销售看板</h1>" in html
    assert "按来源统计的每周线索" in html
    assert re.search(r"\d{1,2}月\d{1,2}日", html)  # the chart's weeks, dated in Chinese
    assert "Sales dashboard" not in html


def test_admin_javascript_catalogue_carries_our_strings(rf, zh):
    """The admin's jsi18n (loaded by every change form) includes locale/'s djangojs."""
    response = admin.site.i18n_javascript(rf.get("/admin/jsi18n/"))
    script = response.content.decode()
    # The catalogue is written as JSON, non-ASCII characters escaped.
    assert json.dumps("Restore the draft") + ": " + json.dumps("恢复草稿") in script


def test_every_committed_translation_reaches_django(zh):
    """Each msgid of locale/*.po comes back translated through Django's gettext."""
    catalogue = polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))
    missed = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            found = (
                translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                if entry.msgctxt
                else translation.ngettext(entry.msgid, entry.msgid_plural, 2)
            )
            expected = entry.msgstr_plural[0]
        else:
            found = (
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            )
            expected = entry.msgstr
        if found != expected:
            missed.append(entry.msgid)
    assert len(catalogue.translated_entries()) > 700
    assert missed == []


# --- Every string a person reads is marked ------------------------------------------

TEMPLATES = sorted(
    path
    for path in (ROOT / "templates").rglob("*")
    if path.suffix in {".html", ".txt"} and path.name != "robots.txt"
)
# What a template leaves as text once its tags, comments, markup, scripts and entities
# are taken out. Left alone: words of CSS classes filled into a block (page-home).
MARKED = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S),
]
PEOPLE_READ = re.compile(
    r'\b(alt|title|placeholder|aria-label)="([^"{]*[A-Za-z]{2}[^"]*)"'
)
LEFT_OUT = [re.compile(r"{%.*?%}", re.S), re.compile(r"{{.*?}}", re.S)]
MARKUP = [re.compile(r"<[^>]*>", re.S), re.compile(r"&#?\w+;")]
CSS_WORDS = re.compile(r"[a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)*")


def unmarked_text(source):
    for pattern in MARKED:
        source = pattern.sub(" ", source)
    found = [f'{name}="{value}"' for name, value in PEOPLE_READ.findall(source)]
    for pattern in LEFT_OUT + MARKUP:
        source = pattern.sub("\n", source)
    for line in source.splitlines():
        text = line.strip()
        if re.search(r"[A-Za-z]{2}", text) and not CSS_WORDS.fullmatch(text):
            found.append(text)
    return found


def test_templates_leave_no_text_unmarked():
    """Words a visitor, editor or salesperson reads are inside translate tags."""
    assert TEMPLATES
    unmarked = {
        str(path.relative_to(ROOT)): found
        for path in TEMPLATES
        if (found := unmarked_text(path.read_text(encoding="utf-8")))
    }
    assert unmarked == {}


def test_unmarked_text_finds_what_it_should():
    assert unmarked_text("<p>Hello world</p>") == ["Hello world"]
    assert unmarked_text('<img alt="A cat">') == ['alt="A cat"']
    assert (
        unmarked_text('{% translate "Hello" %}<img alt="{% translate "Cat" %}">') == []
    )
    assert unmarked_text("{% block body_class %}page-home{% endblock %}") == []


# --- scripts/i18n.py check -----------------------------------------------------------

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_Hans\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""


def write_po(tmp_path, body, header=HEADER):
    path = tmp_path / "django.po"
    path.write_text(header + body, encoding="utf-8")
    return path


def run_check(path, capsys):
    status = i18n.main(["check", str(path)])
    return status, capsys.readouterr().err


GOOD = """msgid "Contact us"
msgstr "联系我们"

#, python-format
msgid "%(n)d lead assigned to %(owner)s."
msgid_plural "%(n)d leads assigned to %(owner)s."
msgstr[0] "已将 %(n)d 条线索分配给 %(owner)s。"

#, python-brace-format
msgid "As the <a href=\\"{url}\\">privacy policy</a> explains."
msgstr "详见<a href=\\"{url}\\">隐私政策</a>。"

#~ msgid "Gone"
#~ msgstr ""
"""


def test_check_passes_a_complete_po_and_ignores_obsolete_entries(tmp_path, capsys):
    status, errors = run_check(write_po(tmp_path, GOOD), capsys)
    assert status == 0, errors


@pytest.mark.parametrize(
    ("body", "reported"),
    [
        ('msgid "Contact us"\nmsgstr ""\n', "'Contact us': untranslated"),
        (
            '#, fuzzy\nmsgid "Contact us"\nmsgstr "联系我们"\n',
            "'Contact us': fuzzy",
        ),
        (
            '#, python-format\nmsgid "%(n)d day"\nmsgid_plural "%(n)d days"\n'
            'msgstr[0] ""\n',
            "untranslated (a plural form is empty)",
        ),
        (
            '#, python-format\nmsgid "Search: %(query)s"\nmsgstr "搜索：%(q)s"\n',
            "placeholders [%(q)s]",
        ),
        (
            '#, python-format\nmsgid "Search: %(query)s"\nmsgstr "搜索"\n',
            "expected [%(query)s]",
        ),
        (
            '#, python-format\nmsgid "%d item restored."\nmsgstr "已恢复 %s 项。"\n',
            "placeholders [%s]",
        ),
        (
            '#, python-brace-format\nmsgid "See {url}"\nmsgstr "见 {link}"\n',
            "placeholders ['link']",
        ),
        (
            # No flag, but a named placeholder all the same (a template's variable).
            'msgid "Talk to us about %(name)s"\nmsgstr "和我们聊聊"\n',
            "expected [%(name)s]",
        ),
    ],
)
def test_check_fails_and_names_the_entry(tmp_path, capsys, body, reported):
    status, errors = run_check(write_po(tmp_path, body), capsys)
    assert status == 1
    assert reported in errors


def test_check_fails_on_a_fuzzy_header(tmp_path, capsys):
    status, errors = run_check(
        write_po(tmp_path, GOOD, header="#, fuzzy\n" + HEADER), capsys
    )
    assert status == 1
    assert "header is marked fuzzy" in errors


def test_check_compares_the_po_with_the_source_strings(tmp_path):
    fresh = write_po(tmp_path, 'msgid "New"\nmsgstr ""\n\nmsgid "Kept"\nmsgstr ""\n')
    committed = tmp_path / "committed.po"
    committed.write_text(
        HEADER + 'msgid "Kept"\nmsgstr "保留"\n\nmsgid "Old"\nmsgstr "旧"\n',
        encoding="utf-8",
    )
    lines = i18n.compare_keys(fresh, committed)
    assert lines == [
        f"{committed}: not in the .po yet: 'New'",
        f"{committed}: no longer in the source: 'Old'",
    ]


def test_committed_po_files_have_no_entry_problems():
    assert PO_FILES
    assert [line for path in PO_FILES for line in i18n.check_file(path)] == []
