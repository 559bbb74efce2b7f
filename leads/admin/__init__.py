"""The sales interface: leads, contacts, blocklists, the dashboard and My day,
assignment rules and sales profiles, notification channels and the delivery log.

Every model here belongs to the Sales role (agency.core.roles), so editors get 403 on each
page; the custom views (dashboard, export, restore from spam) check the same
permissions explicitly.
"""

from .assignment import AssignmentRuleAdmin, SalesProfileAdmin
from .base import CappedCountPaginator, FollowUpFilter, OwnerFilter, SpamFilter
from .channels import DeliveryAdmin, NotificationChannelAdmin
from .email import EmailTemplateAdmin
from .lead import LeadAdmin
from .lists import ContactAdmin, LeadNotificationAdmin
from .pipeline import StageProbabilityAdmin

__all__ = [
    "AssignmentRuleAdmin",
    "CappedCountPaginator",
    "ContactAdmin",
    "DeliveryAdmin",
    "EmailTemplateAdmin",
    "FollowUpFilter",
    "LeadAdmin",
    "LeadNotificationAdmin",
    "NotificationChannelAdmin",
    "OwnerFilter",
    "SalesProfileAdmin",
    "SpamFilter",
    "StageProbabilityAdmin",
]
