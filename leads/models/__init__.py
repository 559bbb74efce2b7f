"""Leads: what visitors send, who they are, and how sales work them.

A `Lead` is one enquiry. A `Contact` is the person behind it, found again by normalised
e-mail or phone so repeat enquiries are recognised. Every change of status or owner, and
every note, is a `LeadActivity` on the lead's timeline. `LeadNotification` is the outbox
that tells sales about a new lead until the mail server has accepted it.

Speed to lead: an `AssignmentRule` gives a new lead its owner; an `Activity` is a call,
e-mail, meeting or to-do planned on it; a `NotificationChannel` is where sales are told
(e-mail, WeCom, DingTalk, Feishu, Slack, a signed webhook), through the `Delivery`
outbox; a `SalesProfile` says when a salesperson is away and how chats name them.

Django finds an app's models in `leads.models`: each is named here from its module.
"""

from .activities import Activity
from .assignment import AssignmentRule
from .channels import Delivery, DeliveryAttempt, Event, NotificationChannel
from .contacts import Contact
from .emails import EmailTemplate, LeadEmail
from .lead import Lead, LeadActivity, LostReason
from .notifications import LeadDigest, LeadNotification
from .pipeline import StageProbability
from .spam_rules import BlockedDomain, BlockedPhrase
from .team import SalesProfile

__all__ = [
    "Activity",
    "AssignmentRule",
    "BlockedDomain",
    "BlockedPhrase",
    "Contact",
    "Delivery",
    "DeliveryAttempt",
    "EmailTemplate",
    "Event",
    "Lead",
    "LeadActivity",
    "LeadDigest",
    "LeadEmail",
    "LeadNotification",
    "LostReason",
    "NotificationChannel",
    "SalesProfile",
    "StageProbability",
]
