"""E-mail from a lead's page: a template filled in for the person, sent through the
site's SMTP with the lead's owner as Reply-To, and kept on the lead.

The subject carries a thread token ("[L42-3f9a1c2b7e]"), so a reply can be matched to
the lead by whoever reads the sales mailbox. Sending is done in the salesperson's
request: the mail server's answer is what they need to see (sent, or why not, with
what they wrote kept on the form); nothing is recorded for a message that was not sent.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .activities import ATTEMPTS, lead_contact_record
from .models import Activity, Lead, LeadActivity, LeadEmail
from .models.emails import thread_token
from .notifications import safe_reply_to

PLACEHOLDER = re.compile(r"\{(name|company|service|owner)\}")


def template_fill(*, template, lead: Lead, user) -> tuple[str, str]:
    """The template's subject and text in the lead's language, placeholders filled."""
    owner = lead.owner or user
    values = {
        "name": lead.name,
        "company": lead.company,
        "service": lead.service.name if lead.service_id else "",
        "owner": (owner.get_full_name() or owner.get_username()) if owner else "",
    }
    with translation.override(lead.language):
        subject, body = template.display_subject, template.display_body

    def fill(text):
        return PLACEHOLDER.sub(lambda match: values[match[1]], text)

    return fill(subject), fill(body)


def lead_email_send(*, lead: Lead, user, subject: str, body: str) -> LeadEmail:
    """Send the person behind `lead` an e-mail and log it; ValidationError if it
    cannot be sent (no address, the mail server refused)."""
    if not lead.email or lead.erased_at is not None:
        raise ValidationError(_("This lead has no e-mail address to write to."))
    subject = " ".join(subject.split())  # one header line
    if not subject or not body.strip():
        raise ValidationError(_("Write a subject and a text."))
    owner = lead.owner or user
    reply_to = safe_reply_to(owner.email if owner else "")
    token = thread_token()
    message = EmailMessage(
        subject=f"{subject} [L{lead.pk}-{token}]",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[lead.email],
        reply_to=reply_to,
        headers={
            "X-Agency-Lead": f"{lead.pk}-{token}",
            # Replies name it in In-Reply-To and References: a client that rewrites
            # the subject still leads back to the lead.
            "Message-ID": make_msgid(idstring=f"L{lead.pk}-{token}"),
        },
    )
    try:
        message.send()
    except (OSError, ValueError) as error:  # SMTP down or refusing: say so, keep text
        raise ValidationError(
            _("The mail server did not take the e-mail (%(error)s). Try again.")
            % {"error": error}
        ) from error
    now = timezone.now()
    with transaction.atomic():
        email = LeadEmail.objects.create(
            lead=lead,
            sent_by=user,
            to=lead.email,
            reply_to=reply_to[0] if reply_to else "",
            subject=subject,
            body=body,
            token=token,
            sent_at=now,
        )
        Activity.objects.create(
            lead=lead,
            kind=Activity.Kind.EMAIL,
            due_at=now,
            assignee=user,
            created_by=user,
            note=subject,
            done_at=now,
            outcome=Activity.Outcome.DONE,
        )
        LeadActivity.objects.create(
            lead=lead,
            kind=LeadActivity.Kind.EMAILED,
            author=user,
            new_value=lead.email[:150],
            text=subject,
        )
        # Writing to the person is trying to reach them (never an automatic message).
        lead_contact_record(
            lead=lead, attempted=Activity.Kind.EMAIL in ATTEMPTS, reached=False, at=now
        )
    return email
