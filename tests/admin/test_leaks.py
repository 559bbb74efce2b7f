"""What the admin must not hand out: a draft's address, a redirect to anywhere."""

import re
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from leads.models import Lead
from tests.factories import (
    DraftArticleFactory,
    LeadFactory,
    PageFactory,
    ScheduledArticleFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

UNPUBLISHED = {
    "draft article": lambda: DraftArticleFactory(slug="secret-launch-plan"),
    "scheduled article": lambda: ScheduledArticleFactory(slug="secret-launch-plan"),
    "draft service": lambda: ServiceFactory(slug="secret-launch-plan", published=False),
    "draft page": lambda: PageFactory(slug="secret-launch-plan", published=False),
}


def shortcut_url(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{obj.pk}/"


@pytest.mark.parametrize("make", UNPUBLISHED.values(), ids=UNPUBLISHED.keys())
def test_view_on_site_redirect_keeps_a_draft_address_from_sales(
    make, salesperson, editor
):
    """Staff without the right to see the object get a 404, not its public address."""
    obj = make()
    sales_client, editor_client = Client(), Client()
    sales_client.force_login(salesperson)
    editor_client.force_login(editor)
    response = sales_client.get(shortcut_url(obj))
    assert response.status_code == 404
    assert "secret-launch-plan" not in response.get("Location", "")
    assert "secret-launch-plan" not in response.content.decode()
    # The editors, who may see it, still get there.
    response = editor_client.get(shortcut_url(obj))
    assert response.status_code == 302
    assert "secret-launch-plan" in response["Location"]


def test_view_on_site_redirect_answers_404_for_an_unregistered_model(editor_client):
    """A model outside the admin (a tagging row) is not a way around it."""
    article = DraftArticleFactory(slug="secret-launch-plan", tags=["x"])
    tagged = article.tagged_items.get()
    response = editor_client.get(shortcut_url(tagged))
    assert response.status_code == 404


def test_not_spam_returns_to_the_filtered_list_never_to_the_referer(sales_client):
    """The restore button lands on the spam list it was pressed in, whatever the Referer."""
    lead = LeadFactory(is_spam=True)
    html = sales_client.get("/admin/leads/lead/", {"spam": "yes", "q": ""}).content
    actions = re.findall(r'formaction="([^"]*not-spam[^"]*)"', html.decode())
    assert actions, "no restore button in the spam list"
    response = sales_client.post(
        unescape(actions[0]), HTTP_REFERER="https://evil.example/phish"
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/leads/lead/?")
    assert "spam=yes" in response["Location"]
    assert "evil" not in response["Location"]
    lead.refresh_from_db()
    assert not lead.is_spam


def test_not_spam_without_filters_lands_on_the_list(sales_client):
    lead = LeadFactory(is_spam=True)
    response = sales_client.post(
        f"/admin/leads/lead/{lead.pk}/not-spam/", HTTP_REFERER="//evil.example/"
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/leads/lead/"
    assert not Lead.objects.get(pk=lead.pk).is_spam
