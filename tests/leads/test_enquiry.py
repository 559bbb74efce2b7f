"""The "receive an enquiry" use case (leads.services.enquiry_receive), without a view."""

import time

import pytest
from django.conf import settings

from leads import spam
from leads.models import Lead
from leads.services import Received, enquiry_receive

pytestmark = pytest.mark.django_db


def enquiry(**overrides):
    data = {
        "name": "Li Wei",
        "company": "Fresh Foods",
        "email": "li@example.com",
        "phone": "",
        "service": None,
        "budget": "",
        "message": "We need a mini program.",
        "preferred_contact": Lead.ContactMethod.ANY,
        "website": "",
        "article": None,
        "token": spam.issue_token(
            issued_at=time.time() - settings.AGENCY_LEADS_MIN_FILL_SECONDS - 1
        ),
    }
    data.update(overrides)
    return data


def receive(data, ip="203.0.113.9"):
    return enquiry_receive(
        data=data,
        consent_text="I agree.",
        placement=Lead.Placement.CONTACT_PAGE,
        page_url="/contact/",
        ip=ip,
        first_touch={},
        last_touch={},
    )


def test_an_enquiry_is_stored_once_and_its_double_click_thanked_again():
    data = enquiry()
    first = receive(data)
    assert first.received == Received.STORED
    assert not first.lead.is_spam
    again = receive(data)
    assert again.received == Received.REPEATED
    assert again.lead == first.lead
    assert Lead.objects.count() == 1


def test_other_details_under_a_used_token_are_not_stored():
    data = enquiry()
    receive(data)
    outcome = receive({**data, "message": "Something else entirely."})
    assert outcome.received == Received.OTHER_DETAILS
    assert Lead.objects.count() == 1


def test_a_form_without_a_token_is_not_stored_yet():
    assert receive(enquiry(token="")).received == Received.UNSIGNED
    assert not Lead.objects.exists()


def test_a_filled_honeypot_keeps_the_enquiry_as_spam():
    outcome = receive(enquiry(website="http://spam.example"))
    assert outcome.received == Received.STORED
    assert outcome.lead.is_spam
    assert "honeypot" in outcome.lead.spam_reasons
