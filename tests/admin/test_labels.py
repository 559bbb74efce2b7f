"""Labels in the admin read as a person would: "Tags", "1 lead", a title for one's role."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leads.models import Lead
from tests.factories import EditorFactory, LeadFactory, SalesFactory

pytestmark = pytest.mark.django_db


# --- Tags, not Taggit -----------------------------------------------------------------


def test_the_tags_app_is_called_tags_on_the_index_and_its_own_page(editor_client):
    index = editor_client.get(reverse("admin:index")).content.decode()
    app_page = editor_client.get(reverse("admin:app_list", args=["taggit"]))
    assert app_page.status_code == 200
    for html in (index, app_page.content.decode()):
        assert "Taggit" not in html and "TAGGIT" not in html
    assert 'title="Models in the Tags application"' in index
    assert "<title>Tags administration | Agency admin</title>" in (
        app_page.content.decode()
    )


# --- The index's title fits the role ---------------------------------------------------


def index_title(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.context["title"]


def test_an_editors_index_promises_content_and_settings_not_leads(editor_client):
    assert index_title(editor_client) == "Content and settings"
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "<h1>Content and settings</h1>" in html
    assert "leads" not in html.split("<title>")[1].split("</title>")[0].lower()


def test_a_salespersons_index_is_titled_leads(sales_client):
    assert index_title(sales_client) == "Leads"


def test_a_superusers_index_names_everything(admin_client):
    assert index_title(admin_client) == "Content, leads and settings"


def test_someone_in_both_roles_gets_both(client):
    user = EditorFactory()
    user.groups.add(*SalesFactory().groups.all())
    client.force_login(user)
    assert index_title(client) == "Content, leads and settings"


def test_staff_without_a_role_get_a_neutral_title(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    assert index_title(client) == "Site administration"


# --- One lead, two leads ---------------------------------------------------------------


def run_action(client, action, leads, query="", **extra):
    """Run a bulk action of the leads list; return the message it left."""
    data = {
        "action": action,
        "_selected_action": [lead.pk for lead in leads],
        "index": 0,
        **extra,
    }
    response = client.post(reverse("admin:leads_lead_changelist") + query, data)
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


@pytest.mark.parametrize(
    ("action", "extra", "one", "two"),
    [
        ("assign_to_me", {}, "1 lead assigned to you.", "2 leads assigned to you."),
        (
            "set_status",
            {"status": "contacted"},
            "1 lead set to “Contacted”.",
            "2 leads set to “Contacted”.",
        ),
        ("mark_spam", {}, "1 lead moved to spam.", "2 leads moved to spam."),
    ],
)
def test_bulk_action_messages_count_in_the_singular_and_plural(
    sales_client, action, extra, one, two
):
    assert run_action(sales_client, action, [LeadFactory()], **extra) == one
    assert run_action(sales_client, action, LeadFactory.create_batch(2), **extra) == two


def test_assigning_to_a_colleague_and_restoring_from_spam_count_right(sales_client):
    colleague = SalesFactory(username="mei")
    message = run_action(
        sales_client, "assign_owner", [LeadFactory()], owner=colleague.pk
    )
    assert message.startswith("1 lead assigned to ")
    spam = [LeadFactory(is_spam=True)]
    message = run_action(sales_client, "mark_not_spam", spam, query="?spam=yes")
    assert message == "1 lead restored from spam."


def test_erasing_one_persons_data_says_one_lead(sales_client):
    lead = LeadFactory()
    message = run_action(sales_client, "erase_personal_data", [lead], confirm="yes")
    assert message == "Personal data erased from 1 lead; its count remains."


# --- The sales dashboard ---------------------------------------------------------------


def dashboard(client):
    response = client.get(reverse("admin:leads_lead_dashboard"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_dashboard_counts_one_lead_in_the_singular(sales_client):
    LeadFactory(next_follow_up="2020-01-01")
    html = dashboard(sales_client)
    assert "<strong>1</strong> lead in the last 7 days" in html
    assert "<strong>1</strong> open lead without an owner" in html
    assert "<strong>1</strong> follow-up overdue" in html
    assert "Pipeline: where the 1 lead is now" in html
    assert "1 leads" not in html


def test_the_dashboard_counts_two_leads_in_the_plural(sales_client):
    LeadFactory.create_batch(2, next_follow_up="2020-01-01")
    html = dashboard(sales_client)
    assert "<strong>2</strong> leads in the last 7 days" in html
    assert "<strong>2</strong> open leads without an owner" in html
    assert "<strong>2</strong> follow-ups overdue" in html
    assert "Pipeline: where the 2 leads are now" in html
    assert Lead.objects.count() == 2
