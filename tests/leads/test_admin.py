"""The sales admin: permissions, the list sales work from, the timeline, export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead, LeadActivity, LeadNotification
from tests.factories import (
    ContactFactory,
    LeadActivityFactory,
    LeadFactory,
    LostReasonFactory,
    PageFactory,
    SalesFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:leads_lead_changelist"


def changelist(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return response


def listed(response):
    return {lead.pk for lead in response.context["cl"].result_list}


# --- Permissions ----------------------------------------------------------------------


# Every page of the leads admin that a GET opens.
LEADS_PAGES = [
    "admin:leads_lead_changelist",
    "admin:leads_lead_add",
    "admin:leads_lead_export",
    "admin:leads_lead_dashboard",
    "admin:leads_contact_changelist",
    "admin:leads_contact_add",
    "admin:leads_lostreason_changelist",
    "admin:leads_blockedphrase_changelist",
    "admin:leads_blockeddomain_changelist",
    "admin:leads_leadnotification_changelist",
    "admin:leads_lead_import",
    "admin:leads_lead_my_day",
    "admin:leads_lead_board",
    "admin:leads_notificationchannel_changelist",
    "admin:leads_delivery_changelist",
    "admin:leads_assignmentrule_changelist",
    "admin:leads_salesprofile_changelist",
    "admin:leads_emailtemplate_changelist",
    "admin:leads_stageprobability_changelist",
]


@pytest.mark.parametrize("url_name", LEADS_PAGES)
def test_editors_get_403_on_every_leads_page(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def status(client, url_name, *args, method="get"):
    """The status code of the admin page `url_name` (with args) for this client."""
    return getattr(client, method)(reverse(url_name, args=args)).status_code


def test_editors_get_403_on_a_lead_and_its_actions(editor_client):
    lead = LeadFactory(is_spam=True)
    contact = ContactFactory()
    assert status(editor_client, "admin:leads_lead_change", lead.pk) == 403
    assert status(editor_client, "admin:leads_contact_change", contact.pk) == 403
    assert (
        status(editor_client, "admin:leads_lead_not_spam", lead.pk, method="post")
        == 403
    )
    lead.refresh_from_db()
    assert lead.is_spam


def test_editors_do_not_see_leads_on_the_admin_index(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "/leads/lead/" not in html


def test_sales_cannot_change_content(sales_client):
    page = PageFactory()
    assert status(sales_client, "admin:agency_page_changelist") == 403
    assert status(sales_client, "admin:agency_page_change", page.pk) == 403
    assert status(sales_client, "admin:services_service_add") == 403
    assert status(sales_client, "admin:articles_article_changelist") == 403


@pytest.mark.parametrize("url_name", LEADS_PAGES)
def test_sales_reach_every_leads_page(sales_client, url_name):
    assert sales_client.get(reverse(url_name)).status_code == 200


# --- The list -----------------------------------------------------------------------


def test_the_list_hides_spam_unless_asked(sales_client):
    genuine = LeadFactory()
    junk = LeadFactory(is_spam=True, spam_reasons="honeypot")
    assert listed(changelist(sales_client)) == {genuine.pk}
    assert listed(changelist(sales_client, spam="yes")) == {junk.pk}
    assert listed(changelist(sales_client, spam="all")) == {genuine.pk, junk.pk}


def test_the_list_filters_mine_unassigned_and_by_owner(sales_client, salesperson):
    other = SalesFactory()
    mine = LeadFactory(owner=salesperson)
    theirs = LeadFactory(owner=other)
    nobody = LeadFactory()
    assert listed(changelist(sales_client, owner="me")) == {mine.pk}
    assert listed(changelist(sales_client, owner="none")) == {nobody.pk}
    assert listed(changelist(sales_client, owner=str(other.pk))) == {theirs.pk}


def test_the_list_filters_overdue_follow_ups(sales_client):
    today = timezone.localdate()
    overdue = LeadFactory(next_follow_up=today - datetime.timedelta(days=2))
    LeadFactory(next_follow_up=today + datetime.timedelta(days=2))
    LeadFactory(
        next_follow_up=today - datetime.timedelta(days=2),
        status=Lead.Status.WON,
    )
    response = changelist(sales_client, follow_up="overdue")
    assert listed(response) == {overdue.pk}
    assert "overdue" in response.content.decode()


def test_the_list_filters_status_service_source_and_date(sales_client):
    service = ServiceFactory()
    qualified = LeadFactory(status=Lead.Status.QUALIFIED)
    with_service = LeadFactory(service=service)
    from_search = LeadFactory(source=Lead.Source.SEARCH)
    old = LeadFactory(created_at=timezone.now() - datetime.timedelta(days=40))
    assert listed(changelist(sales_client, status__exact="qualified")) == {qualified.pk}
    assert listed(changelist(sales_client, service__id__exact=service.pk)) == {
        with_service.pk
    }
    assert listed(changelist(sales_client, source__exact="search")) == {from_search.pk}
    since = (timezone.now() - datetime.timedelta(days=7)).isoformat()
    recent = listed(changelist(sales_client, created_at__gte=since))
    assert old.pk not in recent and qualified.pk in recent


@pytest.mark.parametrize(
    "term", ["Zhang", "Panda Tea", "zhang.min@panda", "138 1111 2222", "13811112222"]
)
def test_the_list_searches_name_company_e_mail_and_phone(sales_client, term):
    lead = LeadFactory(
        name="Zhang Min",
        company="Panda Tea House",
        email="zhang.min@pandatea.example",
        phone="+86 138-1111-2222",
    )
    LeadFactory(name="Someone Else", company="Other", phone="+1 555 0100")
    assert listed(changelist(sales_client, q=term)) == {lead.pk}


def test_the_list_shows_what_sales_work_from(sales_client, salesperson):
    service = ServiceFactory(name="Mini Program")
    LeadFactory(
        name="Wang Fang",
        company="Tea Co",
        owner=salesperson,
        service=service,
        status=Lead.Status.PROPOSAL,
        is_repeat=True,
    )
    html = changelist(sales_client).content.decode()
    for text in ["Wang Fang", "Tea Co", "Mini Program", "Proposal sent", "repeat"]:
        assert text in html
    assert "Sales dashboard" in html
    assert "Export this list to CSV" in html


def test_the_list_keeps_its_queries_flat(sales_client, django_assert_max_num_queries):
    LeadFactory.create_batch(30, owner=SalesFactory(), service=ServiceFactory())
    changelist(sales_client)
    with django_assert_max_num_queries(20):
        response = changelist(sales_client)
    assert len(response.context["cl"].result_list) == 30


def test_the_list_does_not_count_the_whole_table(sales_client):
    from leads.admin import CappedCountPaginator, LeadAdmin

    assert LeadAdmin.show_full_result_count is False
    assert LeadAdmin.paginator is CappedCountPaginator
    LeadFactory.create_batch(3)
    paginator = CappedCountPaginator(Lead.objects.all(), 2)
    paginator.CAP = 2
    assert paginator.count == 3  # stops at CAP + 1


# --- Bulk actions -------------------------------------------------------------------


def run_action(client, action, leads, **extra):
    data = {
        "action": action,
        "_selected_action": [lead.pk for lead in leads],
        "index": 0,
        **extra,
    }
    return client.post(reverse(CHANGELIST), data)


def test_assign_to_me_records_the_change(sales_client, salesperson):
    lead = LeadFactory()
    response = run_action(sales_client, "assign_to_me", [lead])
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.owner == salesperson
    entry = lead.activities.get(kind=LeadActivity.Kind.OWNER)
    assert entry.author == salesperson
    assert entry.new_value == (salesperson.get_full_name() or salesperson.username)


def test_set_status_in_bulk(sales_client, salesperson):
    leads = LeadFactory.create_batch(2)
    run_action(sales_client, "set_status", leads, status="contacted")
    for lead in leads:
        lead.refresh_from_db()
        assert lead.status == Lead.Status.CONTACTED
        entry = lead.activities.get(kind=LeadActivity.Kind.STATUS)
        assert (entry.old_value, entry.new_value) == ("New", "Contacted")
        assert entry.author == salesperson


def test_lost_needs_a_reason_in_bulk(sales_client):
    lead = LeadFactory()
    run_action(sales_client, "set_status", [lead], status="lost")
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW
    reason = LostReasonFactory(name="Price")
    run_action(sales_client, "set_status", [lead], status="lost", lost_reason=reason.pk)
    lead.refresh_from_db()
    assert lead.status == Lead.Status.LOST
    assert lead.lost_reason == reason
    assert "Lost: Price" in lead.activities.get(kind=LeadActivity.Kind.STATUS).new_value


def test_lost_needs_a_reason_in_the_database():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        LeadFactory(status=Lead.Status.LOST)


def test_mark_spam_and_restore_with_one_click(sales_client, salesperson):
    lead = LeadFactory()
    LeadNotification.objects.create(lead=lead)
    run_action(sales_client, "mark_spam", [lead])
    lead.refresh_from_db()
    assert lead.is_spam
    assert not LeadNotification.objects.filter(lead=lead).exists()
    spam_list = changelist(sales_client, spam="yes").content.decode()
    restore_url = reverse("admin:leads_lead_not_spam", args=[lead.pk])
    # The button brings sales back to this list: its filters ride along.
    assert f'formaction="{restore_url}?_changelist_filters=spam%3Dyes"' in spam_list
    response = sales_client.post(restore_url)
    assert response.status_code == 302
    lead.refresh_from_db()
    assert not lead.is_spam
    assert LeadNotification.objects.filter(lead=lead).exists()
    kinds = set(lead.activities.values_list("kind", flat=True))
    assert {LeadActivity.Kind.SPAM, LeadActivity.Kind.NOT_SPAM} <= kinds


def test_restore_is_a_post(sales_client):
    lead = LeadFactory(is_spam=True)
    response = sales_client.get(reverse("admin:leads_lead_not_spam", args=[lead.pk]))
    assert response.status_code == 405


# --- The change form and the timeline --------------------------------------------------


def change_data(page, lead, note="", **overrides):
    """The change form's POST: the lead's fields and every inline as the page drew it."""
    data = {
        "status": lead.status,
        "lost_reason": "",
        "owner": lead.owner_id or "",
        "priority": lead.priority,
        "next_follow_up": "",
        "estimated_value": "",
        "name": lead.name,
        "company": lead.company,
        "email": lead.email,
        "phone": lead.phone,
        "preferred_contact": lead.preferred_contact,
        "language": lead.language,
        "service": "",
        "budget": "",
        "message": lead.message,
    }
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[form.add_prefix(name)] = value
            if "text" in form.fields and not form.instance.pk:
                data[form.add_prefix("text")] = note
    data.update(overrides)
    return data


def save_lead(client, lead, note="", **changes):
    """Opens the lead's change page, makes `changes` (and writes `note`) and saves: the
    save must go through. `lead` is read again afterwards."""
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, change_data(page, lead, note, **changes))
    assert response.status_code == 302, response.context["errors"]
    lead.refresh_from_db()


def test_the_timeline_records_status_owner_and_notes(sales_client, salesperson):
    lead = LeadFactory()
    save_lead(
        sales_client,
        lead,
        note="Called: budget confirmed, wants a demo.",
        status="qualified",
        owner=salesperson.pk,
    )
    assert lead.status == Lead.Status.QUALIFIED
    entries = {a.kind: a for a in lead.activities.all()}
    assert entries[LeadActivity.Kind.STATUS].new_value == "Qualified"
    assert entries[LeadActivity.Kind.STATUS].author == salesperson
    assert entries[LeadActivity.Kind.OWNER].author == salesperson
    note = entries[LeadActivity.Kind.NOTE]
    assert note.text == "Called: budget confirmed, wants a demo."
    assert note.author == salesperson
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    page = sales_client.get(url).content.decode()
    assert "Called: budget confirmed" in page
    assert "New → Qualified" in page


def test_saving_without_changes_adds_nothing_to_the_timeline(sales_client):
    lead = LeadFactory()
    LeadActivityFactory(lead=lead, kind=LeadActivity.Kind.CREATED, text="")
    save_lead(sales_client, lead)
    assert lead.activities.count() == 1


def test_the_change_form_refuses_lost_without_a_reason(sales_client):
    lead = LeadFactory()
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    page = sales_client.get(url)
    response = sales_client.post(url, change_data(page, lead, status="lost"))
    assert response.status_code == 200
    assert "lost_reason" in response.context["adminform"].form.errors
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW


def test_the_contact_shows_all_their_leads(sales_client):
    contact = ContactFactory(name="Chen Jie")
    leads = LeadFactory.create_batch(3, contact=contact)
    html = sales_client.get(
        reverse("admin:leads_contact_change", args=[contact.pk])
    ).content.decode()
    for lead in leads:
        assert reverse("admin:leads_lead_change", args=[lead.pk]) in html


def test_a_lead_page_links_the_other_leads_of_the_person(sales_client):
    contact = ContactFactory()
    first, second = LeadFactory.create_batch(2, contact=contact)
    html = sales_client.get(
        reverse("admin:leads_lead_change", args=[second.pk])
    ).content.decode()
    assert reverse("admin:leads_lead_change", args=[first.pk]) in html


def test_a_timeline_entry_shows_who_and_when(sales_client, salesperson):
    lead = LeadFactory()
    LeadActivityFactory(lead=lead, author=salesperson, text="Sent the proposal.")
    html = sales_client.get(
        reverse("admin:leads_lead_change", args=[lead.pk])
    ).content.decode()
    assert "Sent the proposal." in html
    assert salesperson.username in html


# --- Export -------------------------------------------------------------------------


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain Co", "Plain Co"),
        ("张伟科技", "张伟科技"),
    ],
)
def test_export_makes_formulas_inert(sales_client, typed, exported):
    LeadFactory(company=typed)
    rows = read_csv(sales_client.get(reverse("admin:leads_lead_export")))
    header = rows[0]
    company = header.index("Company")
    assert rows[1][company] == exported


def test_export_follows_the_filters_and_the_search(sales_client):
    LeadFactory(name="Wanted Person", status=Lead.Status.QUALIFIED)
    LeadFactory(name="Other Person", status=Lead.Status.NEW)
    LeadFactory(name="Wanted Spam", status=Lead.Status.QUALIFIED, is_spam=True)
    response = sales_client.get(
        reverse("admin:leads_lead_export"),
        {"status__exact": "qualified", "q": "Wanted"},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    names = [row[rows[0].index("Name")] for row in rows[1:]]
    assert names == ["Wanted Person"]


def test_export_of_the_selected_leads(sales_client):
    chosen = LeadFactory(name="Chosen")
    LeadFactory(name="Not chosen")
    response = run_action(sales_client, "export_selected", [chosen])
    rows = read_csv(response)
    assert [row[rows[0].index("Name")] for row in rows[1:]] == ["Chosen"]


# --- Dashboard ----------------------------------------------------------------------


def test_the_dashboard_draws_its_figures(sales_client):
    service = ServiceFactory(name="Website Development")
    reason = LostReasonFactory()
    LeadFactory.create_batch(3, service=service, source=Lead.Source.SEARCH)
    LeadFactory(service=service, status=Lead.Status.WON, source=Lead.Source.CAMPAIGN)
    LeadFactory(service=service, status=Lead.Status.LOST, lost_reason=reason)
    LeadFactory(
        placement=Lead.Placement.SERVICE_PAGE,
        page_url="/services/website-development/",
    )
    LeadFactory(is_spam=True, source=Lead.Source.SEARCH)
    response = sales_client.get(reverse("admin:leads_lead_dashboard"), {"days": 30})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<rect" in html
    assert "Search engine" in html
    assert "Website Development" in html
    assert "/services/website-development/" in html
    service_row = next(
        row
        for row in response.context["by_service"]
        if row["service"] == "Website Development"
    )
    assert service_row == {
        "service": "Website Development",
        "total": 5,
        "won": 1,
        "lost": 1,
        "open": 3,
        "win_rate": 50,
    }
    funnel = {
        step["status"]: step["count"] for step in response.context["funnel"]["steps"]
    }
    assert funnel["new"] == 4  # spam excluded
    weekly = response.context["weekly"]
    assert weekly["bars"][-1]["total"] == 6


# --- Erasure ------------------------------------------------------------------------


def test_erasing_a_person_keeps_the_counts(sales_client):
    contact = ContactFactory(email="erase.me@client.example")
    service = ServiceFactory()
    leads = LeadFactory.create_batch(
        2, contact=contact, email="erase.me@client.example", service=service
    )
    LeadActivityFactory(lead=leads[0], text="Her husband's number is 138...")
    keep = LeadFactory()
    confirm = run_action(sales_client, "erase_personal_data", [leads[0]])
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    response = run_action(
        sales_client, "erase_personal_data", [leads[0]], confirm="yes"
    )
    assert response.status_code == 302
    for lead in leads:
        lead.refresh_from_db()
        assert lead.erased_at is not None
        assert lead.name == lead.email == lead.phone == lead.message == ""
        assert lead.service == service
    assert not LeadActivity.objects.filter(text__contains="husband").exists()
    contact.refresh_from_db()
    assert contact.email == "" and contact.erased_at is not None
    keep.refresh_from_db()
    assert keep.erased_at is None
    assert Lead.objects.count() == 3


def test_the_search_has_trigram_indexes_on_postgresql():
    """A million leads: every OR branch of the search must be indexed (see 0002, 0003)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'leads_lead' "
            "AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "leads_lead_name_trgm",
        "leads_lead_company_trgm",
        "leads_lead_email_trgm",
        "leads_lead_phone_trgm",
        "leads_lead_phone_normalised_trgm",
        "leads_lead_phone_digits_trgm",
    }


def test_sales_add_a_lead_from_a_phone_call(sales_client, salesperson):
    page = sales_client.get(reverse("admin:leads_lead_add"))
    assert page.context["adminform"].form.initial["owner"] == salesperson.pk
    known = LeadFactory(
        email="caller@client.example",
        contact=ContactFactory(email="caller@client.example"),
    )
    data = change_data(
        page,
        Lead(name="Caller", email="caller@client.example", priority=2),
        note="Rang the hotline about an app.",
        owner=salesperson.pk,
    )
    response = sales_client.post(reverse("admin:leads_lead_add"), data)
    assert response.status_code == 302, response.context["errors"]
    lead = Lead.objects.exclude(pk=known.pk).get()
    assert lead.source == Lead.Source.MANUAL
    assert lead.placement == Lead.Placement.NONE
    assert lead.contact == known.contact and lead.is_repeat
    kinds = set(lead.activities.values_list("kind", flat=True))
    assert {"created", "owner", "note"} <= kinds
    assert not LeadNotification.objects.filter(lead=lead).exists()


def test_a_huge_list_says_more_than_instead_of_counting(sales_client, monkeypatch):
    from leads.admin import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 2)
    LeadFactory.create_batch(4)
    html = changelist(sales_client).content.decode()
    assert "More than 2 leads" in html


def test_the_contact_list_counts_enquiries_per_contact(sales_client):
    contact = ContactFactory(name="Counted Person")
    LeadFactory.create_batch(3, contact=contact)
    response = sales_client.get(reverse("admin:leads_contact_changelist"))
    row = next(c for c in response.context["cl"].result_list if c.pk == contact.pk)
    assert row.lead_count == 3


def test_sales_cannot_delete_a_lead(sales_client):
    lead = LeadFactory()
    response = sales_client.get(reverse("admin:leads_lead_delete", args=[lead.pk]))
    assert response.status_code == 403
    assert "delete_selected" not in changelist(sales_client).content.decode()
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_a_superuser_may_delete_a_lead(admin_client):
    lead = LeadFactory()
    response = admin_client.post(
        reverse("admin:leads_lead_delete", args=[lead.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Lead.objects.filter(pk=lead.pk).exists()


def test_sales_erase_a_contact_from_the_contact_list(sales_client):
    contact = ContactFactory(email="gone@client.example")
    lead = LeadFactory(contact=contact, email="gone@client.example")
    response = sales_client.post(
        reverse("admin:leads_contact_changelist"),
        {"action": "erase_personal_data", "_selected_action": [contact.pk], "index": 0},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    contact.refresh_from_db()
    assert lead.erased_at is not None and lead.email == ""
    assert contact.erased_at is not None and contact.email == ""


def test_exports_are_logged_with_who_and_which_list(sales_client, salesperson, caplog):
    LeadFactory()
    with caplog.at_level("INFO", logger="leads.export"):
        response = sales_client.get(
            reverse("admin:leads_lead_export"), {"status__exact": "new"}
        )
        b"".join(response.streaming_content)
    assert f"Lead export by {salesperson.username}: status__exact=new" in caplog.text
