"""CSV export of leads: UTF-8 that Excel opens, and cells that cannot run as formulas."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

# A spreadsheet runs a cell that starts with one of these as a formula (CWE-1236,
# OWASP ASVS 5.0 1.2.10); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def inert(value):
    """Return the cell text with any formula start made inert."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def columns():
    return [
        (_("ID"), lambda lead: lead.pk),
        (
            _("Received"),
            lambda lead: timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M"),
        ),
        (_("Status"), lambda lead: lead.get_status_display()),
        (_("Lost reason"), lambda lead: lead.lost_reason or ""),
        (_("Owner"), lambda lead: lead.owner.get_username() if lead.owner else ""),
        (_("Priority"), lambda lead: lead.get_priority_display()),
        (_("Next follow-up"), lambda lead: lead.next_follow_up or ""),
        (
            _("Estimated value"),
            lambda lead: (
                lead.estimated_value if lead.estimated_value is not None else ""
            ),
        ),
        (_("Name"), lambda lead: lead.name),
        (_("Company"), lambda lead: lead.company),
        (_("E-mail"), lambda lead: lead.email),
        (_("Phone"), lambda lead: lead.phone),
        (_("Preferred contact"), lambda lead: lead.get_preferred_contact_display()),
        (_("Service"), lambda lead: lead.service.name if lead.service else ""),
        (_("Budget"), lambda lead: lead.get_budget_display() if lead.budget else ""),
        (_("Message"), lambda lead: lead.message),
        (_("Source"), lambda lead: lead.get_source_display()),
        (_("Campaign"), lambda lead: lead.first_touch.get("utm_campaign", "")),
        (_("Form"), lambda lead: lead.get_placement_display()),
        (_("Page"), lambda lead: lead.page_url),
        (_("Repeat"), lambda lead: _("yes") if lead.is_repeat else ""),
        (_("Spam"), lambda lead: _("yes") if lead.is_spam else ""),
    ]


def csv_rows(queryset):
    """Yield the header and one row per lead, every cell made inert."""
    cols = columns()
    yield [inert(title) for title, _get in cols]
    leads = queryset.select_related("owner", "service", "lost_reason")
    for lead in leads.iterator(chunk_size=2000):
        yield [inert(get(lead)) for _title, get in cols]


def csv_response(queryset, filename="leads.csv"):
    """Stream the leads as CSV, starting with a byte order mark so Excel reads UTF-8."""
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        for row in csv_rows(queryset):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
