"""The sales interface: leads, contacts, blocklists and the dashboard, in the admin.

Every model here belongs to the Sales role (agency.core.roles), so editors get 403 on each
page; the custom views (dashboard, export, restore from spam) check the same
permissions explicitly.
"""

from .assignment import AssignmentRuleAdmin, SalesProfileAdmin
from .base import CappedCountPaginator, FollowUpFilter, OwnerFilter, SpamFilter
from .lead import LeadAdmin
from .lists import ContactAdmin, LeadNotificationAdmin

__all__ = [
    "AssignmentRuleAdmin",
    "CappedCountPaginator",
    "ContactAdmin",
    "FollowUpFilter",
    "LeadAdmin",
    "LeadNotificationAdmin",
    "OwnerFilter",
    "SalesProfileAdmin",
    "SpamFilter",
]
