"""Dedupe of people, pipeline rules, retention and erasure."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from leads.erasure import leads_apply_retention, person_erase
from leads.models import Contact, Lead, LeadActivity
from leads.models.contacts import normalise_phone
from leads.services import lead_assign, lead_create, lead_set_status
from tests.factories import LeadFactory, LostReasonFactory, SalesFactory

pytestmark = pytest.mark.django_db


def create(**kwargs):
    data = {"name": "Li Wei", "email": "", "phone": "", **kwargs}
    return lead_create(**data)[0]


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("+86 138 0013 8000", "+8613800138000"),
        ("+86-138-0013-8000", "+8613800138000"),
        ("0086 138 0013 8000", "+8613800138000"),
        ("(021) 5555 0100", "02155550100"),
        ("", ""),
    ],
)
def test_phones_are_normalised(typed, normalised):
    assert normalise_phone(typed) == normalised


def test_the_same_e_mail_in_any_case_is_the_same_person():
    first = create(email="Li.Wei@Example.com")
    second = create(email=" li.wei@example.COM ")
    assert first.contact == second.contact
    assert not first.is_repeat
    assert second.is_repeat
    assert Contact.objects.count() == 1
    assert set(first.contact.leads.all()) == {first, second}


def test_the_same_phone_in_any_format_is_the_same_person():
    first = create(phone="+86 138 0013 8000")
    second = create(phone="0086-138-0013-8000", email="new@example.com")
    assert first.contact == second.contact
    assert second.is_repeat
    # The contact learns the e-mail it did not have.
    contact = Contact.objects.get()
    assert contact.email == "new@example.com"


def test_different_people_are_different_contacts():
    first = create(email="a@example.com", phone="+86 138 0000 0001")
    second = create(email="b@example.com", phone="+86 138 0000 0002")
    assert first.contact != second.contact
    assert not second.is_repeat


def test_the_e_mail_match_wins_over_the_phone_match():
    by_mail = create(email="a@example.com")
    by_phone = create(phone="+86 138 0000 0009", email="other@example.com")
    third = create(email="a@example.com", phone="+86 138 0000 0009")
    assert third.contact == by_mail.contact
    assert by_phone.contact != by_mail.contact


def test_spam_gets_no_contact_and_is_not_a_repeat():
    create(email="a@example.com")
    junk = create(email="a@example.com", spam_reasons=["honeypot"])
    assert junk.is_spam
    assert junk.contact is None


def test_the_same_token_returns_the_first_lead():
    import uuid

    token = uuid.uuid4()
    first, created = lead_create(
        name="A", email="a@example.com", submission_token=token
    )
    again, created_again = lead_create(
        name="A", email="a@example.com", submission_token=token
    )
    assert created and not created_again
    assert first == again
    assert Lead.objects.count() == 1
    # Other details under the same token (a resend of a changed form) leave no
    # contact of their own behind, and the first lead keeps its contact.
    lead_create(name="B", email="b@example.com", submission_token=token)
    assert list(Contact.objects.values_list("email", flat=True)) == ["a@example.com"]
    stored = Lead.objects.get()
    assert stored.contact.email == "a@example.com" and not stored.is_repeat


def test_status_changes_need_a_reason_for_lost():
    user = SalesFactory()
    lead = LeadFactory()
    with pytest.raises(ValueError):
        lead_set_status(lead=lead, status=Lead.Status.LOST, user=user)
    reason = LostReasonFactory()
    assert lead_set_status(
        lead=lead, status=Lead.Status.LOST, lost_reason=reason, user=user
    )
    assert not lead_set_status(
        lead=lead, status=Lead.Status.LOST, lost_reason=reason, user=user
    )
    assert lead_set_status(lead=lead, status=Lead.Status.QUALIFIED, user=user)
    lead.refresh_from_db()
    assert lead.lost_reason is None
    assert lead.activities.filter(kind=LeadActivity.Kind.STATUS).count() == 2


def test_assigning_records_who_and_when():
    boss, seller = SalesFactory(first_name="Ann", last_name="Boss"), SalesFactory()
    lead = LeadFactory()
    before = timezone.now()
    assert lead_assign(lead=lead, owner=seller, user=boss)
    assert not lead_assign(lead=lead, owner=seller, user=boss)
    entry = lead.activities.get()
    assert entry.kind == LeadActivity.Kind.OWNER
    assert entry.author == boss
    assert entry.old_value == ""
    assert entry.created_at >= before


def test_retention_anonymises_old_leads_and_keeps_the_counts():
    old = LeadFactory(
        created_at=timezone.now() - datetime.timedelta(days=800),
        status=Lead.Status.WON,
        first_touch={
            "utm_campaign": "spring",
            "referrer": "https://mail.example/?u=li",
            "landing": "/?utm_campaign=spring&email=li@x",
        },
    )
    recent = LeadFactory(created_at=timezone.now() - datetime.timedelta(days=10))
    assert leads_apply_retention(days=730, mode="anonymise") == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.erased_at is not None
    assert old.name == old.email == old.phone == old.message == ""
    assert old.status == Lead.Status.WON
    # UTM values are free text (a campaign link can carry a name): erased too; the
    # lead's source stays for the counts.
    assert old.first_touch == {"landing": "/"}
    assert recent.erased_at is None and recent.name
    assert Lead.objects.count() == 2
    # Running it again changes nothing.
    assert leads_apply_retention(days=730, mode="anonymise") == 0


def test_retention_can_delete():
    LeadFactory(created_at=timezone.now() - datetime.timedelta(days=800))
    keep = LeadFactory()
    assert leads_apply_retention(days=730, mode="delete") == 1
    assert list(Lead.objects.all()) == [keep]


def test_the_retention_command(capsys):
    LeadFactory(created_at=timezone.now() - datetime.timedelta(days=40))
    call_command("lead_retention", "--days", "30", "--dry-run")
    assert "1 leads older than 30 days would be anonymised" in capsys.readouterr().out
    call_command("lead_retention", "--days", "30")
    assert Lead.objects.get().erased_at is not None


def test_erasing_a_person_finds_their_leads_by_e_mail_and_phone():
    first = create(email="p@example.com", phone="+86 138 0000 0005")
    by_phone = create(phone="+8613800000005")
    spam_copy = create(email="p@example.com", spam_reasons=["honeypot"])
    other = create(email="other@example.com")
    assert person_erase(lead=first) == 3
    for lead in (first, by_phone, spam_copy):
        lead.refresh_from_db()
        assert lead.erased_at is not None and lead.email == "" and lead.phone == ""
    other.refresh_from_db()
    assert other.erased_at is None
    assert Contact.objects.filter(erased_at__isnull=False).count() == 1
