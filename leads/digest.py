"""Each salesperson's morning digest: their overdue and today's activities, and the new
leads they own and have not tried yet.

At their hour (`SalesProfile.digest_hour`, the site's time zone; 9 without a profile),
once a day (`SalesProfile.digest_sent_on`), one message through the outbox: by e-mail,
or into their chat channel (`SalesProfile.digest_channel`), in their admin language.
Nothing to say, no message. The team's digest of new leads (leads.notifications) is
another thing and stays as it is.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from agency.core.admin_language import preferred_language
from agency.core.roles import SALES
from agency.core.tasks import every_minute_job

from . import outbox
from .models import Activity, Event, Lead, SalesProfile

# At most this many items of each kind are listed; the rest are counted. A chat
# message is short (WeCom takes 2,048 bytes of text), an e-mail may be longer.
ITEMS = 15
CHAT_ITEMS = 3
DEFAULT_HOUR = SalesProfile._meta.get_field("digest_hour").default


def _due_people(now):
    """The active salespeople whose hour has come today and who have not had today's."""
    local = timezone.localtime(now)
    today = local.date()
    not_sent = Q(sales_profile__digest_sent_on__isnull=True) | Q(
        sales_profile__digest_sent_on__lt=today
    )
    due = Q(sales_profile__digest_hour__lte=local.hour) & not_sent
    if local.hour >= DEFAULT_HOUR:
        due |= Q(sales_profile__isnull=True)
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=SALES)
        .filter(due)
        .distinct()
        .order_by("pk")
    )


def _admin_url(lead):
    return settings.SITE_URL + reverse("admin:leads_lead_change", args=[lead.pk])


def _activity_line(activity):
    lead = activity.lead
    return gettext("%(when)s · %(kind)s · %(lead)s · %(url)s") % {
        "when": date_format(
            timezone.localtime(activity.due_at), "SHORT_DATETIME_FORMAT"
        ),
        "kind": activity.get_kind_display(),
        "lead": lead,
        "url": _admin_url(lead),
    }


def _lead_line(lead):
    return gettext("%(lead)s · received %(when)s · %(url)s") % {
        "lead": lead,
        "when": date_format(
            timezone.localtime(lead.created_at), "SHORT_DATETIME_FORMAT"
        ),
        "url": _admin_url(lead),
    }


def _section(heading, items, line, *, limit):
    """A heading with its count, then at most `limit` lines and how many more."""
    if not items:
        return []
    lines = [f"{heading} ({len(items)})"]
    lines += [f"- {line(item)}" for item in items[:limit]]
    if len(items) > limit:
        more = len(items) - limit
        lines.append(ngettext("…and %(n)d more", "…and %(n)d more", more) % {"n": more})
    return lines


def digest_content(*, user, now=None, limit=ITEMS):
    """(title, lines) of `user`'s digest in the active language; None if nothing."""
    now = now or timezone.now()
    activities = (
        Activity.objects.open()
        .filter(assignee=user, lead__is_spam=False, lead__erased_at__isnull=True)
        .select_related("lead")
        .order_by("due_at", "pk")
    )
    overdue = list(activities.overdue(now))
    today = list(activities.due_today(now))
    new = list(
        Lead.objects.genuine()
        .open()
        .filter(owner=user, first_attempt_at__isnull=True, erased_at__isnull=True)
        .order_by("created_at", "pk")
    )
    if not (overdue or today or new):
        return None
    title = gettext(
        "Your day: overdue %(overdue)d, due today %(today)d, new leads %(new)d"
    ) % {"overdue": len(overdue), "today": len(today), "new": len(new)}
    lines = [
        *_section(gettext("Overdue"), overdue, _activity_line, limit=limit),
        *_section(gettext("Due today"), today, _activity_line, limit=limit),
        *_section(gettext("New leads not tried yet"), new, _lead_line, limit=limit),
    ]
    return title, lines


def digest_send(*, user, now=None) -> bool:
    """Send `user` today's digest unless they had it; whether a message was written.

    The profile's row lock and `digest_sent_on`, set in the transaction that writes the
    Delivery, make it once a day however many workers run.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    SalesProfile.objects.get_or_create(user=user)
    with transaction.atomic():
        profile = (
            SalesProfile.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("digest_channel")
            .filter(user=user)
            .filter(Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=today))
            .first()
        )
        if profile is None or timezone.localtime(now).hour < profile.digest_hour:
            return False
        profile.digest_sent_on = today
        profile.save(update_fields=["digest_sent_on"])
        channel = profile.digest_channel
        if channel is not None and not channel.active:
            channel = None  # by e-mail meanwhile
        with translation.override(preferred_language(user)):
            content = digest_content(
                user=user, now=now, limit=ITEMS if channel is None else CHAT_ITEMS
            )
        if content is None:
            return False
        title, lines = content
        delivery = outbox.send_to_person(
            user=user,
            event=Event.DIGEST,
            key=f"digest:{user.pk}:{today.isoformat()}",
            title=title,
            lines=lines,
            channel=channel,
        )
    return delivery is not None


def digests_send_due(*, now=None) -> int:
    """Send the digests whose hour has come; how many were written."""
    now = now or timezone.now()
    return sum(digest_send(user=user, now=now) for user in _due_people(now))


def digest_backlog():
    return f"{_due_people(timezone.now()).count()} due"


@every_minute_job(backlog=digest_backlog)
def lead_personal_digests():
    """Each salesperson's morning digest, at their hour."""
    return f"{digests_send_due()} sent"
