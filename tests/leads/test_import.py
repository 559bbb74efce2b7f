"""Leads brought in from a CSV or Excel file: preview, confirm, the row report."""

import csv
import io
import time
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from leads.export import csv_rows
from leads.models import Contact, Lead, LeadActivity, LeadNotification
from tests.factories import ContactFactory, LeadFactory, SalesFactory, ServiceFactory

pytestmark = pytest.mark.django_db

IMPORT = "admin:leads_lead_import"

ENGLISH = [
    "Name",
    "Company",
    "E-mail",
    "Phone",
    "Service",
    "Message",
    "Value",
    "Created",
]
CHINESE = ["姓名", "公司", "邮箱", "电话", "服务", "留言", "金额", "日期"]


def csv_file(rows, name="leads.csv", encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), "text/csv")


def xlsx_file(rows, name="leads.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def preview(client, upload, *, owner=None, source="manual"):
    data = {"file": upload, "source": source, "owner": owner.pk if owner else ""}
    response = client.post(reverse(IMPORT), data)
    assert response.status_code == 200
    return response


def confirm(client, response):
    form = response.context["confirm"]
    assert form is not None, response.context["form"].errors
    data = {name: form[name].value() or "" for name in form.fields}
    data["confirm"] = "1"
    result = client.post(reverse(IMPORT), data)
    assert result.status_code == 200
    return result


@pytest.fixture
def web(db):
    return ServiceFactory(name="Web design", slug="web-design")


def test_the_page_is_for_sales_and_editors_get_403(client, salesperson, editor):
    client.force_login(salesperson)
    assert client.get(reverse(IMPORT)).status_code == 200
    client.force_login(editor)
    assert client.get(reverse(IMPORT)).status_code == 403
    upload = csv_file([["Name", "E-mail"], ["Ann", "ann@client.example"]])
    response = client.post(reverse(IMPORT), {"file": upload, "source": "manual"})
    assert response.status_code == 403
    assert not Lead.objects.exists()


def test_the_lead_list_links_to_the_import(sales_client):
    response = sales_client.get(reverse("admin:leads_lead_changelist"))
    assert response.context["can_import"] is True


@pytest.mark.parametrize("headers", [ENGLISH, CHINESE], ids=["english", "chinese"])
@pytest.mark.parametrize("make", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_preview_changes_nothing_and_confirm_imports(
    sales_client, salesperson, web, headers, make, smtp
):
    upload = make(
        [
            headers,
            ["Ann Lee", "Shop Ltd", "ann@client.example", "+86 138 0000 0001",
             "Web design", "A new site", "50000", "2026-03-01"],
            ["王伟", "", "", "13900000002", "", "小程序", "¥12,000.50", "2026/02/15"],
        ],
        name=f"old leads.{'xlsx' if make is xlsx_file else 'csv'}",
    )  # fmt: skip
    response = preview(sales_client, upload, owner=salesperson)
    report = response.context["report"]
    assert [line for line, _name in report.new] == [2, 3]
    assert not report.refused
    assert not Lead.objects.exists() and not Contact.objects.exists()
    assert "nothing is saved yet" in response.content.decode()

    done = confirm(sales_client, response)
    assert done.context["report"].imported == 2
    ann = Lead.objects.get(email="ann@client.example")
    assert ann.service == web
    assert ann.estimated_value == Decimal("50000.00")
    assert timezone.localdate(ann.created_at).isoformat() == "2026-03-01"
    assert (ann.owner, ann.source, ann.placement) == (salesperson, "manual", "none")
    assert ann.dispatched_at is not None and ann.assigned_at is not None
    assert ann.response_due_at is None
    assert ann.contact.email == "ann@client.example"
    wang = Lead.objects.get(name="王伟")
    assert wang.phone_normalised == "13900000002"
    assert wang.estimated_value == Decimal("12000.50")
    created = LeadActivity.objects.get(lead=ann)
    assert created.kind == LeadActivity.Kind.CREATED
    assert created.author == salesperson
    assert upload.name in created.text and "Imported" in created.text
    # Old business: no e-mail to the team, nothing queued for one.
    assert not LeadNotification.objects.exists()
    assert smtp.messages == []


def test_bad_rows_are_reported_by_line_and_column_and_the_rest_imported(
    sales_client, web
):
    upload = csv_file(
        [
            ["Name", "E-mail", "Phone", "Service", "Value", "Created", "Fax"],
            ["Good", "good@client.example", "", "web-design", "", "", "x"],
            ["", "", "", "", "", "", ""],
            ["", "noname@client.example", "", "", "", "", ""],
            ["No contact", "", "", "", "", "", ""],
            ["Bad mail", "not-an-email", "", "", "", "", ""],
            ["Bad service", "svc@client.example", "", "Catering", "", "", ""],
            ["Bad value", "val@client.example", "", "", "lots", "", ""],
            ["Bad date", "date@client.example", "", "", "", "yesterday", ""],
        ]
    )
    response = preview(sales_client, upload)
    report = response.context["report"]
    refused = {(line, column): message for line, column, message in report.refused}
    assert refused.keys() == {
        (4, "Name"), (5, "E-mail"), (6, "E-mail"), (7, "Service"), (8, "Value"),
        (9, "Created"),
    }  # fmt: skip
    assert refused[(7, "Service")] == "No service has this name."
    assert report.ignored == ["Fax"]
    page = response.content.decode()
    assert "Fax" in page and "No service has this name." in page

    done = confirm(sales_client, response)
    # Only the good row; nothing of the refused ones, not even a contact.
    assert list(Lead.objects.values_list("name", flat=True)) == ["Good"]
    assert list(Contact.objects.values_list("email", flat=True)) == [
        "good@client.example"
    ]
    assert done.context["report"].refused_lines == [4, 5, 6, 7, 8, 9]


def test_a_file_without_a_name_column_is_refused_whole(sales_client):
    response = preview(
        sales_client, csv_file([["Who", "Mail"], ["Ann", "a@b.example"]])
    )
    assert response.context["report"].refused == [
        (1, "Name", "No column is called Name or 姓名.")
    ]
    assert 'name="confirm"' not in response.content.decode()


def test_not_a_spreadsheet_gets_a_message_not_a_500(sales_client):
    upload = SimpleUploadedFile("leads.xlsx", b"this is not a zip file")
    response = preview(sales_client, upload)
    assert response.context["form"].errors["file"] == [
        "This is not an Excel (.xlsx) file."
    ]
    upload = SimpleUploadedFile("leads.pdf", b"%PDF")
    response = preview(sales_client, upload)
    assert "Upload a .csv or .xlsx file." in response.context["form"].errors["file"]


def test_the_page_reads_in_chinese(sales_client, web):
    upload = csv_file(
        [
            ["姓名", "邮箱", "来源"],
            ["王伟", "bad-mail", "Search engine"],
            ["李娜", "", ""],
        ]
    )
    response = sales_client.post(
        reverse(IMPORT),
        {"file": upload, "source": "manual", "owner": ""},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    refused = response.context["report"].refused
    assert [(line, column) for line, column, _message in refused] == [
        (2, "邮箱"),
        (3, "邮箱"),
    ]
    assert "邮箱" in response.content.decode()


def test_short_rows_and_blank_lines_are_read(sales_client):
    upload = SimpleUploadedFile(
        "short.csv",
        b"Name,E-mail,Company\r\nAnn,ann@client.example\r\n\r\n,,\r\n",
    )
    response = preview(sales_client, upload)
    assert response.context["report"].refused == []
    assert response.context["report"].new == [(2, "Ann")]


def test_excel_csv_saved_in_chinese_windows_encoding_is_read(sales_client):
    upload = csv_file([["姓名", "电话"], ["李娜", "13900000009"]], encoding="gb18030")
    confirm(sales_client, preview(sales_client, upload))
    assert Lead.objects.get().name == "李娜"


def test_contacts_are_deduplicated_and_repeats_imported_marked(sales_client):
    person = ContactFactory(email="known@client.example", phone="+86 138 1111 2222")
    known = LeadFactory(
        email="known@client.example", phone="+86 138 1111 2222", contact=person
    )
    upload = csv_file(
        [
            ["Name", "E-mail", "Phone"],
            ["Known again", "KNOWN@client.example", ""],
            ["Same phone", "", "+86 13811112222"],
            ["First", "twice@client.example", ""],
            ["Second", "twice@client.example", ""],
        ]
    )
    response = preview(sales_client, upload)
    repeats = {
        line: what for line, _name, what, _id in response.context["report"].repeats
    }
    assert repeats == {
        2: f"the same e-mail as lead #{known.pk}",
        3: f"the same phone as lead #{known.pk}",
        5: "the same e-mail as line 4",
    }
    assert [line for line, _name in response.context["report"].new] == [4]
    confirm(sales_client, response)
    again = Lead.objects.get(name="Known again")
    same_phone = Lead.objects.get(name="Same phone")
    assert again.is_repeat and same_phone.is_repeat
    assert again.contact == same_phone.contact == person
    first, second = Lead.objects.get(name="First"), Lead.objects.get(name="Second")
    assert not first.is_repeat and second.is_repeat
    assert first.contact == second.contact
    assert Contact.objects.filter(email_normalised="twice@client.example").count() == 1


def test_formula_cells_are_stored_as_text_and_exported_inert(sales_client):
    upload = xlsx_file(
        [
            ["Name", "Company", "E-mail", "Phone", "Message"],
            ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0",
             "f@client.example", "@SUM(1+1)", "-2+3"],
            ["Ann", "\tTabbed", "", "+86 138 0000 0003", "Fine"],
        ]
    )  # fmt: skip
    response = preview(sales_client, upload)
    assert response.context["report"].refused == []
    confirm(sales_client, response)
    evil = Lead.objects.get(email="f@client.example")
    assert evil.name == '\'=HYPERLINK("http://evil.example","x")'
    assert evil.company == "'+cmd|' /C calc'!A0"
    assert evil.phone == "'@SUM(1+1)"
    assert evil.message == "'-2+3"
    ann = Lead.objects.get(name="Ann")
    assert ann.company == "'\tTabbed"
    # A phone number's "+" is a calling code, not a formula (the export makes it inert).
    assert ann.phone == "+86 138 0000 0003"
    exported = [cell for row in csv_rows(Lead.objects.all()) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in exported
    assert not [c for c in exported if str(c).startswith(("=", "+", "-", "@", "\t"))]


def test_formula_cells_in_csv_are_stored_as_text(sales_client):
    upload = csv_file(
        [["Name", "Phone", "Message"], ["\rCR", "=1+1", "\t=cmd"], ["@me", "1390", "-"]]
    )
    response = preview(sales_client, upload)
    assert response.context["report"].refused == []
    confirm(sales_client, response)
    leads = {lead.name: lead for lead in Lead.objects.all()}
    assert set(leads) == {"'\rCR", "'@me"}
    assert leads["'\rCR"].phone == "'=1+1"
    assert leads["'\rCR"].message == "'\t=cmd"
    assert leads["'@me"].message == "'-"


def test_batch_owner_and_source_and_a_source_column(sales_client):
    owner = SalesFactory()
    upload = csv_file(
        [
            ["Name", "E-mail", "来源"],
            ["Fair", "fair@client.example", ""],
            ["Referred", "ref@client.example", "Other website"],
            ["搜索", "search@client.example", "搜索引擎"],
            ["Odd", "odd@client.example", "Carrier pigeon"],
        ]
    )
    response = preview(sales_client, upload, owner=owner, source="campaign")
    assert response.context["report"].refused == [
        (5, "来源", "Not a source the CRM knows.")
    ]
    confirm(sales_client, response)
    sources = dict(Lead.objects.values_list("name", "source"))
    assert sources == {"Fair": "campaign", "Referred": "referral", "搜索": "search"}
    assert set(Lead.objects.values_list("owner", flat=True)) == {owner.pk}


def test_no_owner_leaves_leads_unassigned_but_not_dispatched_again(sales_client):
    upload = csv_file([["Name", "WeChat"], ["Wei", "wei_2026"]])
    confirm(sales_client, preview(sales_client, upload))
    lead = Lead.objects.get()
    assert lead.owner is None and lead.assigned_at is None
    assert lead.wechat_id == "wei_2026" and lead.dispatched_at is not None
    assert lead.contact is None  # no e-mail or phone to match a person by


def test_confirming_twice_imports_once(sales_client):
    upload = csv_file([["Name", "E-mail"], ["Ann", "ann@client.example"]])
    response = preview(sales_client, upload)
    confirm(sales_client, response)
    again = confirm(sales_client, response)
    assert "upload it again" in again.content.decode()
    assert Lead.objects.count() == 1


def test_a_confirm_without_the_stored_file_asks_to_upload_again(sales_client):
    response = sales_client.post(
        reverse(IMPORT),
        {"confirm": "1", "stored": "gone", "file_name": "x.csv", "source": "manual"},
    )
    assert response.status_code == 200
    assert "upload it again" in response.content.decode()
    assert not Lead.objects.exists()


def test_five_thousand_rows_import_within_a_request(sales_client, web):
    rows = [["Name", "Company", "E-mail", "Phone", "Service", "Value", "Created"]]
    for n in range(5000):
        rows.append(
            [f"Person {n}", f"Company {n}", f"p{n}@client.example",
             f"+86 139 {n:04d} {n:04d}", "Web design", str(n), "2026-01-05"]
        )  # fmt: skip
    upload = csv_file(rows)
    started = time.monotonic()
    response = preview(sales_client, upload)
    previewed = time.monotonic() - started
    started = time.monotonic()
    confirm(sales_client, response)
    imported = time.monotonic() - started
    print(f"5,000 rows: preview {previewed:.1f} s, import {imported:.1f} s")
    assert Lead.objects.count() == 5000
    assert Contact.objects.count() == 5000
    assert LeadActivity.objects.count() == 5000
    assert previewed < 30 and imported < 60
