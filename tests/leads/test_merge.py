"""Duplicate leads: which are similar (and why), merging one into another, and the
admin's merge page as sales use it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leads.merge import FREE_MAIL_DOMAINS, leads_merge, similar_leads
from leads.models import Activity, Lead, LeadActivity
from tests.factories import (
    ContactFactory,
    LeadActivityFactory,
    LeadFactory,
    ServiceFactory,
)
from tests.leads.test_admin import save_lead
from tests.support.merging import mia_twice

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def similar(lead):
    return {
        item.lead.pk: [str(why) for why in item.reasons]
        for item in similar_leads(lead=lead)
    }


def merge_url(lead, other):
    return reverse("admin:leads_lead_merge", args=[lead.pk, other.pk])


# --- Which leads are similar ----------------------------------------------------------


def test_the_same_phone_written_differently_is_similar():
    lead = LeadFactory(phone="+86 138 0013 8000", email="a@one.example")
    twin = LeadFactory(phone="+8613800138000", email="b@two.example")
    typed = LeadFactory(phone="138-0013-8000", email="")
    LeadFactory(phone="+86 139 0000 0000", email="c@three.example")
    LeadFactory(phone="+44 138 0013 8000", email="")
    assert similar(lead) == {twin.pk: ["same phone"], typed.pk: ["same phone"]}
    assert similar(typed) == {lead.pk: ["same phone"], twin.pk: ["same phone"]}


def test_the_same_wechat_id_is_similar_whatever_its_case():
    lead = LeadFactory(wechat_id="MiaWong88", email="mia@gmail.com")
    twin = LeadFactory(wechat_id="miawong88", email="mia88@qq.com")
    LeadFactory(wechat_id="", email="ann@163.com")
    assert similar(lead) == {twin.pk: ["same WeChat ID"]}
    # No WeChat ID is not a WeChat ID shared with everyone who gave none.
    assert similar(LeadFactory(wechat_id="", email="")) == {}


def test_a_colleague_at_the_same_company_domain_is_similar():
    lead = LeadFactory(email="mia@harbour-bakery.example")
    colleague = LeadFactory(email="Tom@Harbour-Bakery.example")
    LeadFactory(email="ann@other-bakery.example")
    LeadFactory(email="x@notharbour-bakery.example")
    assert similar(lead) == {colleague.pk: ["same company domain"]}


@pytest.mark.parametrize("domain", ["gmail.com", "qq.com", "163.com", "outlook.com"])
def test_free_mail_domains_never_count_as_a_company(domain):
    assert domain in FREE_MAIL_DOMAINS
    lead = LeadFactory(email=f"mia@{domain}")
    LeadFactory(email=f"tom@{domain}")
    assert similar(lead) == {}


def test_every_reason_is_named_once_and_the_newest_come_first():
    lead = LeadFactory(phone="13800138000", wechat_id="mia", email="mia@bakery.example")
    both = LeadFactory(
        phone="138 0013 8000",
        wechat_id="MIA",
        email="tom@bakery.example",
        created_at=NOW - datetime.timedelta(days=3),
    )
    newer = LeadFactory(
        phone="13800138000", created_at=NOW - datetime.timedelta(days=1)
    )
    result = similar_leads(lead=lead)
    assert [item.lead.pk for item in result] == [newer.pk, both.pk]
    assert [str(why) for why in result[1].reasons] == [
        "same phone",
        "same WeChat ID",
        "same company domain",
    ]


def test_merged_spam_and_erased_leads_are_not_offered():
    lead = LeadFactory(phone="13800138000", email="")
    survivor = LeadFactory(phone="13800138000", email="")
    merged = LeadFactory(phone="13800138000", email="", merged_into=survivor)
    LeadFactory(phone="13800138000", email="", is_spam=True)
    LeadFactory(phone="13800138000", email="", erased_at=NOW)
    assert similar(lead) == {survivor.pk: ["same phone"]}
    # A merged lead offers nothing: it points at where it went.
    assert similar(merged) == {}


def test_similar_leads_are_limited():
    lead = LeadFactory(phone="13800138000")
    for _ in range(4):
        LeadFactory(phone="13800138000")
    assert len(similar_leads(lead=lead, limit=3)) == 3


# --- Merging --------------------------------------------------------------------------


@pytest.fixture
def pair():
    """An older enquiry from the site and a newer one sales typed in from a call."""
    landing = "/articles/mini-programs/"
    return mia_twice(
        wechat_id=("", "miawong88"),
        service=(None, ServiceFactory()),
        estimated_value=(Decimal("20000"), Decimal("80000")),
        source=(Lead.Source.SEARCH, Lead.Source.MANUAL),
        placement=(Lead.Placement.ARTICLE, Lead.Placement.NONE),
        page_url=(landing, ""),
        first_touch=({"landing": landing, "referrer": "baidu.com"}, {}),
        last_touch=(
            {"landing": landing},
            {"landing": "/pricing/", "utm_campaign": "spring"},
        ),
        contact=(ContactFactory(), ContactFactory()),
        created_at=(
            NOW - datetime.timedelta(days=10),
            NOW - datetime.timedelta(days=1),
        ),
    )


def test_a_merge_moves_the_work_fills_blanks_and_keeps_the_best_of_both(
    pair, salesperson
):
    older, newer = pair
    note = LeadActivityFactory(lead=newer, text="Called: wants it by June.")
    own_contact = older.contact
    planned = Activity.objects.create(
        lead=newer, kind=Activity.Kind.CALL, due_at=NOW + datetime.timedelta(days=2)
    )
    LeadActivity.objects.create(lead=newer, kind=LeadActivity.Kind.CREATED)

    survivor = leads_merge(survivor=older, other=newer, user=salesperson)

    older.refresh_from_db()
    newer.refresh_from_db()
    assert survivor.pk == older.pk
    assert newer.merged_into_id == older.pk
    # What sales work with moved; the other's own history stayed.
    note.refresh_from_db()
    planned.refresh_from_db()
    assert note.lead_id == older.pk
    assert planned.lead_id == older.pk
    assert older.next_follow_up == timezone.localtime(planned.due_at).date()
    assert newer.next_follow_up is None
    assert newer.activities.filter(kind=LeadActivity.Kind.CREATED).exists()
    # Blanks filled; what was typed on the survivor kept.
    assert older.name == "Mia Wong"
    assert older.email == "mia@harbour-bakery.example"
    assert older.company == "Harbour Bakery"
    assert older.wechat_id == "miawong88"
    assert older.service_id == newer.service_id
    assert older.estimated_value == Decimal("80000")
    # Attribution: the older one's first visit, the newer one's latest.
    assert older.source == Lead.Source.SEARCH
    assert older.placement == Lead.Placement.ARTICLE
    assert older.first_touch["referrer"] == "baidu.com"
    assert older.last_touch == {"landing": "/pricing/", "utm_campaign": "spring"}
    # Each keeps its contact: they may be two people.
    assert older.contact_id == own_contact.pk
    assert newer.contact_id != own_contact.pk
    # Both timelines say so, by number.
    on_survivor = older.activities.get(kind=LeadActivity.Kind.MERGED)
    on_other = newer.activities.get(kind=LeadActivity.Kind.MERGED)
    for entry in (on_survivor, on_other):
        assert (entry.old_value, entry.new_value) == (str(newer.pk), str(older.pk))
        assert entry.author == salesperson
    assert "estimated_value" in on_survivor.text.split(",")
    assert similar(older) == {}


def test_the_newer_survivor_takes_the_older_ones_first_visit(pair, salesperson):
    older, newer = pair
    leads_merge(survivor=newer, other=older, user=salesperson)
    newer.refresh_from_db()
    assert newer.source == Lead.Source.SEARCH
    assert newer.page_url == "/articles/mini-programs/"
    assert newer.first_touch["landing"] == "/articles/mini-programs/"
    assert newer.last_touch == {"landing": "/pricing/", "utm_campaign": "spring"}
    assert newer.company == "Harbour Bakery"  # typed by sales: kept
    assert newer.email == "mia@harbour-bakery.example"  # blank: filled
    assert newer.estimated_value == Decimal("80000")


def test_leads_merged_into_the_other_follow_it(pair, salesperson):
    older, newer = pair
    earlier = LeadFactory(merged_into=newer)
    leads_merge(survivor=older, other=newer, user=salesperson)
    earlier.refresh_from_db()
    assert earlier.merged_into_id == older.pk


def test_refusals_say_why_and_change_nothing(pair, salesperson):
    older, newer = pair
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        leads_merge(survivor=older, other=older, user=salesperson)
    third = LeadFactory()
    leads_merge(survivor=older, other=newer, user=salesperson)
    with pytest.raises(ValidationError, match=rf"#{newer.pk} was already merged"):
        leads_merge(survivor=newer, other=third, user=salesperson)
    with pytest.raises(ValidationError, match=rf"#{newer.pk} was already merged"):
        leads_merge(survivor=third, other=newer, user=salesperson)
    erased = LeadFactory(erased_at=NOW)
    with pytest.raises(ValidationError, match="personal data erased"):
        leads_merge(survivor=third, other=erased, user=salesperson)
    third.refresh_from_db()
    erased.refresh_from_db()
    assert erased.merged_into_id is None
    assert not third.activities.filter(kind=LeadActivity.Kind.MERGED).exists()


# --- The admin ------------------------------------------------------------------------


def lead_admin():
    return admin.site._registry[Lead]


def test_the_similar_leads_field_says_why_and_links_the_merge_page(pair):
    older, newer = pair
    html = str(lead_admin().similar_leads(older))
    assert f"#{newer.pk}" in html
    assert "same phone" in html
    assert merge_url(older, newer) in html


def test_editors_get_403_on_the_merge_page_and_merge_nothing(editor_client, pair):
    older, newer = pair
    assert editor_client.get(merge_url(older, newer)).status_code == 403
    response = editor_client.post(merge_url(older, newer), {"survivor": older.pk})
    assert response.status_code == 403
    newer.refresh_from_db()
    assert newer.merged_into_id is None


def test_the_merge_page_shows_both_and_a_get_changes_nothing(sales_client, pair):
    older, newer = pair
    response = sales_client.get(merge_url(newer, older))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harbour Bakery" in html and "Mia Wong" in html
    # The older one is offered as the one to keep.
    assert f'value="{older.pk}" checked' in html
    assert "csrfmiddlewaretoken" in html
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.merged_into_id is None and newer.merged_into_id is None


def test_merging_from_the_page_keeps_the_chosen_one(sales_client, pair):
    older, newer = pair
    response = sales_client.post(merge_url(newer, older), {"survivor": older.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:leads_lead_change", args=[older.pk])
    newer.refresh_from_db()
    assert newer.merged_into_id == older.pk
    page = sales_client.get(response["Location"]).content.decode()
    assert f"Lead #{newer.pk} was merged into this lead" in page
    # The merged lead's page says where it went, on its timeline.
    merged_page = sales_client.get(
        reverse("admin:leads_lead_change", args=[newer.pk])
    ).content.decode()
    assert "Merged into lead" in merged_page
    assert reverse("admin:leads_lead_change", args=[older.pk]) in merged_page
    assert "Merged into" in str(lead_admin().similar_leads(newer))


def test_bad_merge_posts_get_a_message_not_a_500(sales_client, pair):
    older, newer = pair
    response = sales_client.post(merge_url(older, newer), {})
    assert response.status_code == 400
    assert "Choose which lead to keep" in response.content.decode()
    response = sales_client.post(merge_url(older, newer), {"survivor": "999999"})
    assert response.status_code == 400
    response = sales_client.post(merge_url(older, older), {"survivor": older.pk})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()
    sales_client.post(merge_url(older, newer), {"survivor": older.pk})
    response = sales_client.post(merge_url(older, newer), {"survivor": older.pk})
    assert response.status_code == 400
    assert "already merged" in response.content.decode()
    # Opened again later, the page says so before anyone confirms.
    response = sales_client.get(merge_url(older, newer))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Lead #{newer.pk} was already merged into lead #{older.pk}" in html
    assert 'value="Merge" disabled' in html
    assert (
        sales_client.get(
            reverse("admin:leads_lead_merge", args=[older.pk, 999999])
        ).status_code
        == 404
    )


def test_the_merge_page_works_in_chinese(sales_client, pair):
    older, newer = pair
    response = sales_client.get(merge_url(older, newer), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200


def test_the_daily_path_open_a_lead_with_a_twin_change_it_and_save(
    sales_client, salesperson, pair
):
    older, newer = pair
    save_lead(
        sales_client,
        older,
        note="Same person as the call: merge later.",
        status="contacted",
        owner=salesperson.pk,
        estimated_value="25000",
        wechat_id=older.wechat_id,
    )
    assert older.status == Lead.Status.CONTACTED
    assert older.estimated_value == Decimal("25000")
    assert older.merged_into_id is None
    assert similar(older) == {newer.pk: ["same phone"]}


def test_merged_leads_leave_the_list_unless_the_merged_filter_is_chosen(
    rf, salesperson, pair
):
    from leads.admin.merge import MergedFilter

    older, newer = pair
    leads_merge(survivor=older, other=newer, user=salesperson)
    request = rf.get("/")
    request.user = salesperson

    def listed(params):
        found = MergedFilter(request, params, Lead, lead_admin())
        return set(
            found.queryset(request, Lead.objects.all()).values_list("pk", flat=True)
        )

    assert listed({}) == {older.pk}
    assert listed({"merged": ["yes"]}) == {newer.pk}


@pytest.mark.django_db(transaction=True)
def test_two_people_merging_a_pair_opposite_ways_at_once_merge_it_once():
    """A into B and B into A, in two real transactions: the row locks let one win."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tests.factories import SalesFactory

    first, second = LeadFactory(phone="13800138000"), LeadFactory(phone="13800138000")
    people = [SalesFactory(), SalesFactory()]
    start = threading.Barrier(2)

    def merge(survivor, other, user):
        try:
            start.wait()
            leads_merge(survivor=survivor, other=other, user=user)
            return "merged"
        except ValidationError as exc:
            return exc.messages[0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(merge, [first, second], [second, first], people))
    assert sorted(results)[1] == "merged"
    assert "already merged" in sorted(results)[0]
    merged = Lead.objects.filter(merged_into__isnull=False)
    assert merged.count() == 1
    assert LeadActivity.objects.filter(kind=LeadActivity.Kind.MERGED).count() == 2
