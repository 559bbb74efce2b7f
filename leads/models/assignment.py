"""Assignment rules: who owns a new lead, decided the moment it arrives."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.models import user_field

from .base import ListEntry, lead_condition_field, lead_services_field
from .lead import Lead


def weekdays_default():
    return [0, 1, 2, 3, 4]


class AssignmentRule(ListEntry):
    """The first active rule, in order, whose conditions a lead meets gives it an owner.

    Empty conditions match every lead. The rule applies on its working days and hours
    (the site's time zone; no hours: all day). Members away (their sales profile) are
    skipped; spam is never assigned.
    """

    class Method(models.TextChoices):
        ROUND_ROBIN = "round_robin", _("Round robin")
        LEAST_OPEN = "least_open", _("Fewest open leads")

    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.ROUND_ROBIN
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="assignment_rules",
    )
    services = lead_services_field(
        help_text=_("Leads about any of these services; none: any service."),
    )
    # Lists of the Lead field's choice values; empty: any.
    sources = lead_condition_field(_("sources"))
    languages = lead_condition_field(_("languages"))
    placements = lead_condition_field(_("forms"))
    countries = lead_condition_field(
        _("countries"),
        help_text=_("Calling codes of the lead's phone number, e.g. 86, 1, 44."),
    )
    weekdays = models.JSONField(_("working days"), default=weekdays_default, blank=True)
    # A time of day (从/至), not a changed value's "from" on the timeline (原值).
    start_time = models.TimeField(
        pgettext_lazy("time of day", "from"), null=True, blank=True
    )
    end_time = models.TimeField(
        pgettext_lazy("time of day", "until"), null=True, blank=True
    )
    last_assigned = user_field(editable=False)

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        ordering = ["order", "pk"]

    def working_at(self, moment: datetime.datetime) -> bool:
        """Whether `moment` (aware, any zone) falls in the rule's days and hours."""
        from django.utils import timezone

        local = timezone.localtime(moment)
        if self.weekdays and local.weekday() not in self.weekdays:
            return False
        if self.start_time and local.time() < self.start_time:
            return False
        return not (self.end_time and local.time() >= self.end_time)

    def matches(self, lead: Lead, service_ids=None) -> bool:
        """Whether `lead` meets the conditions (`service_ids`: the rule's, if read)."""
        if service_ids is None:
            service_ids = {s.pk for s in self.services.all()}
        if service_ids and lead.service_id not in service_ids:
            return False
        if self.sources and lead.source not in self.sources:
            return False
        if self.languages and lead.language not in self.languages:
            return False
        if self.placements and lead.placement not in self.placements:
            return False
        if self.countries:
            from .contacts import phone_country_code

            return phone_country_code(lead.phone) in self.countries
        return True
