"""Leads under load: real threads, real PostgreSQL transactions."""

import time

import pytest

from leads import spam
from leads.models import Contact, Lead
from tests.support.contact import send_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_parallel_submissions_make_fifty_leads(visitors_forms, settings):
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    codes = send_at_once(visitors_forms(50))
    assert codes == [302] * 50
    assert Lead.objects.count() == 50
    assert Lead.objects.filter(is_spam=False).count() == 50
    assert Contact.objects.count() == 50


def test_a_form_sent_many_times_at_once_makes_one_lead(form_data, settings):
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    codes = send_at_once([form_data()] * 10, ["192.0.2.1"] * 10)
    assert set(codes) == {302}
    assert Lead.objects.count() == 1
    # Ten copies of one form are one enquiry from the address, not ten: the lead is
    # genuine (five per hour are taken before the rest are quarantined), and the
    # address can still send another form.
    assert Lead.objects.get().is_spam is False
    another = form_data(token=spam.issue_token(issued_at=time.time() - 60))
    assert send_at_once([another], ["192.0.2.1"]) == [302]
    assert list(Lead.objects.values_list("is_spam", flat=True)) == [False, False]


def test_the_same_new_person_twice_at_once_is_one_contact(form_data, settings):
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    forms = [
        form_data(token=spam.issue_token(issued_at=time.time() - 60)) for _n in range(8)
    ]
    send_at_once(forms)
    assert Lead.objects.count() == 8
    assert Contact.objects.count() == 1
    assert Lead.objects.filter(is_repeat=False).count() == 1
