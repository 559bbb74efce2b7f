import pytest

from leads import demo
from leads.models import Contact, Lead, LeadNotification

pytestmark = pytest.mark.django_db


def test_the_demo_leads_are_varied_and_built_once():
    demo.build()
    counts = (Lead.objects.count(), Contact.objects.count())
    assert counts[0] == len(demo.LEADS) + len(demo.SPAM) >= 30
    assert set(Lead.objects.values_list("status", flat=True)) == set(Lead.Status.values)
    assert Lead.objects.filter(is_spam=True).count() == len(demo.SPAM)
    assert Lead.objects.filter(is_repeat=True).exists()
    assert (
        Lead.objects.filter(status=Lead.Status.LOST, lost_reason__isnull=True).count()
        == 0
    )
    # Demo leads never wait for the mail server.
    assert not LeadNotification.objects.filter(
        state=LeadNotification.State.PENDING
    ).exists()
    assert demo.build() is None
    assert (Lead.objects.count(), Contact.objects.count()) == counts
