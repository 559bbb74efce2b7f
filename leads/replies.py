"""Replies to sales' e-mails, read from the sales mailbox and put on their lead.

`AGENCY_LEADS_IMAP_URL` names the mailbox (imap:// or imaps://user:password@host:port/
folder; empty: no polling). The worker's `lead_replies` job reads it each minute: a
message whose subject or headers carry a lead's thread token ("[L42-3f9a1c2b7e]", put
there by leads.emails) becomes a received `LeadEmail` and a "Reply received" entry on
the lead's timeline, and counts as reaching the person (their first contact). Messages
are read with BODY.PEEK, so the mailbox's read/unread state is left to the people who
read it; each is logged once, by its Message-ID. Messages of the last
`LOOKBACK_DAYS` are read, so a mailbox away for a while loses nothing.
"""

import contextlib
import datetime
import email
import email.policy
import email.utils
import imaplib
import logging
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .activities import lead_contact_record
from .models import LeadActivity, LeadEmail

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"\[L(\d+)-([0-9a-f]{10})\]")
# In a Message-ID of ours (leads.emails): <...L42-3f9a1c2b7e@host>.
MESSAGE_ID_TOKEN = re.compile(r"\.L(\d+)-([0-9a-f]{10})@")
LOOKBACK_DAYS = 7


def _connect(url):
    parts = urlsplit(url)
    secure = parts.scheme == "imaps"
    port = parts.port or (993 if secure else 143)
    client = (imaplib.IMAP4_SSL if secure else imaplib.IMAP4)(
        parts.hostname, port, timeout=10
    )
    client.login(unquote(parts.username or ""), unquote(parts.password or ""))
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    status, _data = client.select(folder, readonly=True)
    if status != "OK":
        raise imaplib.IMAP4.error(f"cannot open the folder {folder}")
    return client


def replies_fetch(*, url=None) -> int:
    """Read the mailbox and log every new reply to a lead; how many were logged."""
    url = url if url is not None else settings.AGENCY_LEADS_IMAP_URL
    if not url:
        return 0
    since = (timezone.now() - datetime.timedelta(days=LOOKBACK_DAYS)).strftime(
        "%d-%b-%Y"
    )
    logged = 0
    client = _connect(url)
    try:
        status, data = client.search(None, "SINCE", since)
        if status != "OK":
            return 0
        for number in data[0].split():
            status, parts = client.fetch(number, "(BODY.PEEK[])")
            if status != "OK" or not parts or not isinstance(parts[0], tuple):
                continue
            message = email.message_from_bytes(parts[0][1], policy=email.policy.default)
            logged += reply_log(message=message)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return logged


def _token_of(message):
    for header in ("X-Agency-Lead", "Subject", "In-Reply-To", "References"):
        value = str(message.get(header, ""))
        if header == "X-Agency-Lead":
            match = re.fullmatch(r"(\d+)-([0-9a-f]{10})", value.strip())
        else:
            match = TOKEN.search(value) or MESSAGE_ID_TOKEN.search(value)
        if match:
            return int(match[1]), match[2]
    return None


def _text_of(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return text.strip()[:20000]


def reply_log(*, message) -> bool:
    """Log `message` on its lead if it answers one of sales' e-mails; whether it did."""
    found = _token_of(message)
    message_id = str(message.get("Message-ID", "")).strip()[:250]
    if found is None or not message_id:
        return False
    lead_id, token = found
    sent = (
        LeadEmail.objects.filter(
            lead_id=lead_id, token=token, direction=LeadEmail.Direction.SENT
        )
        .select_related("lead")
        .first()
    )
    if sent is None or sent.lead.erased_at is not None:
        return False  # a token no e-mail of ours carried: not ours to file
    sender = email.utils.parseaddr(str(message.get("From", "")))[1][:254]
    received_at = timezone.now()
    try:
        with transaction.atomic():
            LeadEmail.objects.create(
                lead=sent.lead,
                direction=LeadEmail.Direction.RECEIVED,
                to=sender,
                subject=str(message.get("Subject", ""))[:250],
                body=_text_of(message),
                token=token,
                message_id=message_id,
                sent_at=received_at,
            )
            LeadActivity.objects.create(
                lead=sent.lead,
                kind=LeadActivity.Kind.REPLIED,
                new_value=sender[:150],
                text=str(message.get("Subject", ""))[:500],
            )
            lead_contact_record(
                lead=sent.lead, attempted=True, reached=True, at=received_at
            )
    except IntegrityError:
        return False  # logged before (its Message-ID)
    return True
