"""Leads: what visitors send, who they are, and how sales work them.

A `Lead` is one enquiry. A `Contact` is the person behind it, found again by normalised
e-mail or phone so repeat enquiries are recognised. Every change of status or owner, and
every note, is a `LeadActivity` on the lead's timeline. `LeadNotification` is the outbox
that tells sales about a new lead until the mail server has accepted it.

Django finds an app's models in `leads.models`: each is named here from its module.
"""

from .contacts import Contact
from .lead import Lead, LeadActivity, LostReason
from .notifications import LeadDigest, LeadNotification
from .spam_rules import BlockedDomain, BlockedPhrase

__all__ = [
    "BlockedDomain",
    "BlockedPhrase",
    "Contact",
    "Lead",
    "LeadActivity",
    "LeadDigest",
    "LeadNotification",
    "LostReason",
]
