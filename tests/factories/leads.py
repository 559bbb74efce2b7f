"""Factories of the leads app."""

import factory

from leads.models import (
    BlockedDomain,
    BlockedPhrase,
    Contact,
    Lead,
    LeadActivity,
    LeadNotification,
    LostReason,
)

__all__ = [
    "LostReasonFactory",
    "BlockedPhraseFactory",
    "BlockedDomainFactory",
    "ContactFactory",
    "LeadFactory",
    "LeadActivityFactory",
    "LeadNotificationFactory",
]


class LostReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LostReason
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Reason {n}")


class BlockedPhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockedPhrase

    phrase = factory.Sequence(lambda n: f"cheap pills {n}")


class BlockedDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockedDomain

    domain = factory.Sequence(lambda n: f"spam{n}.example")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@client.example")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    name = factory.Faker("name")
    company = factory.Faker("company")
    email = factory.Sequence(lambda n: f"lead{n}@client.example")
    phone = factory.Sequence(lambda n: f"+86 138 {n:04d} {n:04d}")
    message = "We need a mini program for our shop."
    consent_text = "I agree."


class LeadActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadActivity

    lead = factory.SubFactory(LeadFactory)
    kind = LeadActivity.Kind.NOTE
    text = "Called, left a message."


class LeadNotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadNotification

    lead = factory.SubFactory(LeadFactory)
