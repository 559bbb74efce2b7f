"""What the outbox says: a lead's events in a few short lines, in the active language.

The outbox (leads.outbox) renders a message once, when it is written, in the language
of its channel or person, and stores it as a payload; each platform's request is made
from that payload (leads.channels). A message names the lead's person and company and
links to the lead in the admin; it never carries their e-mail, phone or message.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Event


def standard_message(*, event, lead) -> tuple[str, list[str]]:
    """The short title and lines of an event about `lead`, in the active language.

    Names the person and company, never their e-mail, phone or message (see
    leads.channels)."""
    service = lead.service.name if lead.service_id else _("no service chosen")
    owner = person_name(lead.owner) if lead.owner_id else _("nobody yet")
    if event == Event.ASSIGNED:
        title = _("Lead #%(id)s assigned to %(owner)s") % {
            "id": lead.pk,
            "owner": owner,
        }
    elif event == Event.BREACH:
        title = _("Lead #%(id)s: first response overdue") % {"id": lead.pk}
    elif event == Event.WON:
        title = _("Lead #%(id)s won") % {"id": lead.pk}
    elif event == Event.LOST:
        title = _("Lead #%(id)s lost: %(reason)s") % {
            "id": lead.pk,
            "reason": lead.lost_reason or "",
        }
    elif event == Event.STAGE:
        title = _("Lead #%(id)s moved to %(stage)s") % {
            "id": lead.pk,
            "stage": lead.get_status_display(),
        }
    else:
        title = _("New lead #%(id)s: %(service)s") % {"id": lead.pk, "service": service}
    who = f"{lead.name} ({lead.company})" if lead.company else lead.name
    lines = [
        who,
        _("Service: %(service)s") % {"service": service},
        _("Source: %(source)s") % {"source": lead.get_source_display()},
        _("Owner: %(owner)s") % {"owner": owner},
    ]
    if event == Event.BREACH and lead.response_due_at:
        due = timezone.localtime(lead.response_due_at)
        lines.append(
            _("Answer was due at %(time)s") % {"time": f"{due:%Y-%m-%d %H:%M}"}
        )
    return title, lines


def test_payload(*, channel):
    """The payload of the admin's "Send a test message", in the channel's language."""
    with translation.override(channel.language):
        payload = build_payload(
            event=Event.TEST,
            lead=None,
            title=_("Test message from %(site)s") % {"site": settings.SITE_URL},
            lines=[_("This channel is set up: sales will be told here.")],
            language=channel.language,
            mention=None,
        )
        payload["url"] = settings.SITE_URL + reverse("admin:index")
    return payload


def lead_admin_url(lead):
    return settings.SITE_URL + reverse("admin:leads_lead_change", args=[lead.pk])


def person_name(user):
    return user.get_full_name() or user.get_username()


def mention_of(user):
    """How each platform names `user`: their sales profile's IDs and mobile."""
    if user is None:
        return {}
    mention = {"name": person_name(user)}
    profile = getattr(user, "sales_profile", None)
    if profile is not None:
        for name, field in (
            ("mobile", "mobile"),
            ("wecom", "wecom_userid"),
            ("dingtalk", "dingtalk_userid"),
            ("feishu", "feishu_user_id"),
            ("slack", "slack_member_id"),
        ):
            value = getattr(profile, field).strip()
            if name == "mobile":
                value = robot_mobile(value)
            if value:
                mention[name] = value
    return mention


def robot_mobile(number):
    """A mobile number as WeCom and DingTalk robots match it: digits only, a mainland
    number without +86 ("+86 138 0013 8000" -> "13800138000")."""
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def build_payload(*, event, lead, title, lines, language, mention):
    """The stored message: its text, the lead's link and non-personal data, and how
    each platform names the person to @mention (`mention`, a user or None)."""
    payload = {
        "event": str(event),
        "language": language,
        "title": str(title),
        "lines": [str(line) for line in lines],
        "url": lead_admin_url(lead) if lead is not None else "",
        "mention": mention_of(mention),
    }
    if lead is not None:
        payload["data"] = {
            "id": lead.pk,
            "name": lead.name,
            "company": lead.company,
            "service": lead.service.name if lead.service_id else "",
            "source": lead.source,
            "language": lead.language,
            "owner": person_name(lead.owner) if lead.owner_id else "",
            "admin_url": payload["url"],
        }
    return payload
