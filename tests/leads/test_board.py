"""The pipeline board: columns, totals, filters, moving a card without JavaScript."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead, LeadActivity
from tests.factories import LeadFactory, LostReasonFactory, SalesFactory

pytestmark = pytest.mark.django_db

BOARD = reverse("admin:leads_lead_board")


def move_url(lead):
    return reverse("admin:leads_lead_board_move", args=[lead.pk])


def column(html, status):
    """The HTML of one column of the board."""
    match = re.search(
        rf'<section class="lead-board-column[^"]*" data-status="{status}".*?</section>',
        html,
        re.S,
    )
    assert match, f"no column {status}"
    return match.group(0)


def column_sum(html, status):
    text = column(html, status)
    count = re.search(r"data-count>(\d+)<", text).group(1)
    total = re.search(r"data-total>([^<]+)<", text).group(1)
    return int(count), total


def test_the_board_shows_six_columns_with_counts_and_totals(sales_client):
    LeadFactory(name="Mia Wong", estimated_value=Decimal("12000"), status="qualified")
    LeadFactory(name="Tom Lee", estimated_value=Decimal("3000"), status="qualified")
    LeadFactory(name="Ann Ho", status="new")
    html = sales_client.get(BOARD).content.decode()
    for label in ("New", "Contacted", "Qualified", "Proposal sent", "Won", "Lost"):
        assert f">{label}</h2>" in html
    assert column_sum(html, "qualified") == (2, "15,000 CNY")
    assert column_sum(html, "new") == (1, "0 CNY")
    assert "Mia Wong" in column(html, "qualified")
    assert "Ann Ho" in column(html, "new")


def test_kept_totals_follow_a_saved_lead_at_once(
    sales_client, django_capture_on_commit_callbacks
):
    """The totals are kept between page views, but an edited or new lead shows."""
    sales_client.get(BOARD)  # the site's settings are made on the first page
    mia = LeadFactory(estimated_value=Decimal("12000"), status="qualified")
    assert column_sum(sales_client.get(BOARD).content.decode(), "qualified") == (
        1,
        "12,000 CNY",
    )
    with django_capture_on_commit_callbacks(execute=True):
        mia.estimated_value = Decimal("20000")
        mia.save()
        LeadFactory(estimated_value=Decimal("1000"), status="qualified")
    html = sales_client.get(BOARD).content.decode()
    assert column_sum(html, "qualified") == (2, "21,000 CNY")


def test_a_card_shows_owner_value_probability_and_close(sales_client):
    owner = SalesFactory(first_name="Lin", last_name="Chen")
    LeadFactory(
        name="Mia Wong",
        owner=owner,
        status="proposal",
        estimated_value=Decimal("80000"),
        expected_close=datetime.date(2030, 3, 14),
    )
    LeadFactory(name="Own Odds", status="proposal", probability=85)
    card = column(sales_client.get(BOARD).content.decode(), "proposal")
    assert "Lin Chen" in card and "80,000 CNY" in card
    assert "60%" in card  # the stage's default
    assert "85%" in card  # the lead's own
    assert "2030" in card


def test_what_a_visitor_typed_is_escaped_on_a_card(sales_client):
    LeadFactory(name='<img src=x onerror="alert(1)">', company="<b>Co</b>")
    html = sales_client.get(BOARD).content.decode()
    assert "<img src=x" not in html and "<b>Co</b>" not in html
    assert (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; (&lt;b&gt;Co&lt;/b&gt;)" in html
    )


def test_merged_spam_erased_and_long_closed_leads_are_not_on_the_board(sales_client):
    survivor = LeadFactory(name="Survivor Lead")
    LeadFactory(name="Merged Lead", merged_into=survivor)
    LeadFactory(name="Spam Lead", is_spam=True)
    LeadFactory(name="Erased Lead", erased_at=timezone.now())
    old = LeadFactory(name="Old Win", status="won")
    Lead.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=90)
    )
    LeadFactory(name="Fresh Win", status="won")
    html = sales_client.get(BOARD).content.decode()
    assert "Survivor Lead" in html and "Fresh Win" in column(html, "won")
    for name in ("Merged Lead", "Spam Lead", "Erased Lead", "Old Win"):
        assert name not in html
    assert column_sum(html, "new")[0] == 1
    assert column_sum(html, "won")[0] == 1


def test_filters_narrow_cards_and_totals(sales_client, salesperson):
    LeadFactory(name="Mine", owner=salesperson, source="search", language="zh-hans")
    LeadFactory(name="Theirs", owner=SalesFactory(), source="social")
    LeadFactory(name="Nobody's", owner=None, source="search")
    html = sales_client.get(BOARD, {"owner": "me"}).content.decode()
    assert "Mine" in html and "Theirs" not in html
    assert column_sum(html, "new")[0] == 1
    html = sales_client.get(BOARD, {"owner": "none"}).content.decode()
    assert "Nobody&#x27;s" in html and "Mine" not in html
    html = sales_client.get(BOARD, {"source": "search"}).content.decode()
    assert column_sum(html, "new")[0] == 2
    html = sales_client.get(BOARD, {"language": "zh-hans"}).content.decode()
    assert column_sum(html, "new")[0] == 1
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = sales_client.get(BOARD, {"created_from": tomorrow}).content.decode()
    assert column_sum(html, "new")[0] == 0


def test_a_bad_filter_is_said_not_a_500(sales_client):
    LeadFactory(name="Mia Wong")
    response = sales_client.get(BOARD, {"created_from": "yesterday", "owner": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html and "Mia Wong" in html


def test_each_column_pages_its_cards_newest_change_first(sales_client):
    leads = LeadFactory.create_batch(25, status="contacted")
    html = sales_client.get(BOARD).content.decode()
    text = column(html, "contacted")
    assert text.count('class="lead-card"') == 20
    assert column_sum(html, "contacted")[0] == 25
    assert "show_contacted=40" in text
    assert f'data-id="{leads[-1].pk}"' in text  # the newest change is shown
    html = sales_client.get(BOARD, {"show_contacted": "40"}).content.decode()
    assert column(html, "contacted").count('class="lead-card"') == 25


def test_moving_a_card_without_javascript(sales_client, salesperson):
    lead = LeadFactory(name="Mia Wong", estimated_value=Decimal("5000"))
    response = sales_client.post(
        move_url(lead), {"status": "won", "lost_reason": "", "owner": "me"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BOARD}?owner=me"
    lead.refresh_from_db()
    assert lead.status == "won"
    entry = lead.activities.get(kind=LeadActivity.Kind.STATUS)
    assert (entry.old_value, entry.new_value, entry.author) == (
        "New",
        "Won",
        salesperson,
    )
    html = sales_client.get(response["Location"]).content.decode()
    assert "Moved Mia Wong" in html and "to Won" in html


def test_moving_to_lost_needs_a_reason(sales_client):
    lead = LeadFactory(name="Mia Wong", company="")
    response = sales_client.post(move_url(lead), {"status": "lost"}, follow=True)
    assert "Choose why the lead was lost." in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == "new"
    reason = LostReasonFactory(name="Too expensive")
    sales_client.post(move_url(lead), {"status": "lost", "lost_reason": reason.pk})
    lead.refresh_from_db()
    assert (lead.status, lead.lost_reason) == ("lost", reason)


def test_an_inactive_reason_or_a_bad_stage_is_refused(sales_client):
    lead = LeadFactory()
    retired = LostReasonFactory(name="Old reason", active=False)
    for data in ({"status": "lost", "lost_reason": retired.pk}, {"status": "gone"}):
        response = sales_client.post(move_url(lead), data)
        assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "new"


def test_the_script_gets_json_with_the_new_totals(sales_client):
    lead = LeadFactory(name="Mia Wong", estimated_value=Decimal("7000"))
    LeadFactory(status="won", estimated_value=Decimal("1000"))
    response = sales_client.post(
        move_url(lead), {"status": "won"}, headers={"Accept": "application/json"}
    )
    data = response.json()
    assert data["ok"] and data["message"] == "Moved Mia Wong to Won"
    assert data["columns"]["won"]["count"] == 2
    assert data["columns"]["won"]["total_display"] == "8,000 CNY"
    assert data["columns"]["new"]["count"] == 0
    response = sales_client.post(
        move_url(lead), {"status": "lost"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "Choose why the lead was lost."


def test_editors_get_403(editor_client):
    lead = LeadFactory()
    assert editor_client.get(BOARD).status_code == 403
    assert editor_client.post(move_url(lead), {"status": "won"}).status_code == 403
    lead.refresh_from_db()
    assert lead.status == "new"


def test_a_merged_lead_cannot_be_moved(sales_client):
    survivor = LeadFactory()
    merged = LeadFactory(merged_into=survivor)
    assert sales_client.post(move_url(merged), {"status": "won"}).status_code == 404


def test_the_board_reads_in_chinese(sales_client):
    LeadFactory(name="Mia Wong")
    response = sales_client.get(BOARD, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200


def test_the_lead_form_shows_value_probability_close_and_wechat(sales_client):
    lead = LeadFactory(status="qualified")
    html = sales_client.get(
        reverse("admin:leads_lead_change", args=[lead.pk])
    ).content.decode()
    assert "Expected value (CNY)" in html
    assert 'name="probability"' in html and "now 40%" in html
    assert 'name="expected_close"' in html and 'name="wechat_id"' in html


def test_the_dashboard_links_to_the_board(sales_client):
    html = sales_client.get(reverse("admin:leads_lead_dashboard")).content.decode()
    assert BOARD in html
