"""Leads under load: real threads, real PostgreSQL transactions."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from leads import spam
from leads.models import Contact, Lead

CONTACT = "/contact/"
pytestmark = pytest.mark.django_db(transaction=True)


def post_in_thread(data, address):
    try:
        return Client().post(CONTACT, data, REMOTE_ADDR=address).status_code
    finally:
        connection.close()


def test_fifty_parallel_submissions_make_fifty_leads(form_data, settings):
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    forms = [
        form_data(
            token=spam.issue_token(issued_at=time.time() - 60),
            email=f"visitor{n}@client.example",
            phone=f"+86 139 0000 {n:04d}",
        )
        for n in range(50)
    ]
    with ThreadPoolExecutor(max_workers=50) as pool:
        codes = list(
            pool.map(post_in_thread, forms, [f"192.0.2.{n + 1}" for n in range(50)])
        )
    assert codes == [302] * 50
    assert Lead.objects.count() == 50
    assert Lead.objects.filter(is_spam=False).count() == 50
    assert Contact.objects.count() == 50


def test_a_form_sent_many_times_at_once_makes_one_lead(form_data, settings):
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    data = form_data()
    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(post_in_thread, [data] * 10, ["192.0.2.1"] * 10))
    assert set(codes) == {302}
    assert Lead.objects.count() == 1


def test_the_same_new_person_twice_at_once_is_one_contact(form_data, settings):
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    forms = [
        form_data(token=spam.issue_token(issued_at=time.time() - 60)) for _n in range(8)
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(post_in_thread, forms, [f"192.0.2.{n}" for n in range(8)]))
    assert Lead.objects.count() == 8
    assert Contact.objects.count() == 1
    assert Lead.objects.filter(is_repeat=False).count() == 1
