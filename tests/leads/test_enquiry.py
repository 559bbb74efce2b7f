"""The "receive an enquiry" use case (leads.services.enquiry_receive), without a view."""

import pytest

from leads.forms import LeadForm
from leads.models import Lead
from leads.services import Received, enquiry_receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry(form_data):
    """The cleaned data of a valid contact form, as the view hands it over."""

    def make(**overrides):
        form = LeadForm(data=form_data(**overrides))
        assert form.is_valid(), form.errors
        return form.cleaned_data

    return make


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


def test_an_enquiry_is_stored_once_and_its_double_click_thanked_again(enquiry):
    data = enquiry()
    first = receive(data)
    assert first.received == Received.STORED
    assert not first.lead.is_spam
    again = receive(data)
    assert again.received == Received.REPEATED
    assert again.lead == first.lead
    assert Lead.objects.count() == 1


def test_other_details_under_a_used_token_are_not_stored(enquiry):
    data = enquiry()
    receive(data)
    outcome = receive({**data, "message": "Something else entirely."})
    assert outcome.received == Received.OTHER_DETAILS
    assert Lead.objects.count() == 1


def test_a_form_without_a_token_is_not_stored_yet(enquiry):
    assert receive(enquiry(token="")).received == Received.UNSIGNED
    assert not Lead.objects.exists()


def test_a_filled_honeypot_keeps_the_enquiry_as_spam(enquiry):
    outcome = receive(enquiry(website="http://spam.example"))
    assert outcome.received == Received.STORED
    assert outcome.lead.is_spam
    assert "honeypot" in outcome.lead.spam_reasons
