"""Duplicate leads: find the similar ones, and merge one into another.

The same person often enquires twice (a form, then a call typed in by sales; a phone
number here, a WeChat ID there). `similar_leads` finds the candidates a salesperson
looks at on a lead's page; `leads_merge` folds one into the other. The merged lead keeps
its row (its own timeline, deliveries and notification are what happened to it) with
`merged_into` set, which takes it out of lists; what sales work with moves.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .activities import WORK_ENTRIES, lead_follow_up_sync
from .models import Activity, Lead, LeadActivity

# Addresses anyone can have: two people at gmail.com are not one company.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "qq.com",
        "vip.qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "aliyun.com",
        "139.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "protonmail.com",
    }
)

# The blanks a merge fills on the survivor from the other lead (never overwriting).
FILLED_FIELDS = [
    "company",
    "email",
    "phone",
    "wechat_id",
    "service",
    "budget",
    "message",
    "owner",
    "probability",
    "expected_close",
    "contact",
]

# Where a lead came from: taken together from the earlier of the two.
FIRST_TOUCH_FIELDS = ["first_touch", "source", "placement", "page_url", "article"]


class Why:
    """Why a lead is similar: shown on the lead's page."""

    PHONE = gettext_lazy("same phone")
    WECHAT = gettext_lazy("same WeChat ID")
    DOMAIN = gettext_lazy("same company domain")


@dataclass(frozen=True)
class Similar:
    lead: Lead
    reasons: tuple


def company_domain(email: str) -> str:
    """The e-mail's domain if it names a company ("" for free mail or no address)."""
    if "@" not in (email or ""):
        return ""
    domain = email.rsplit("@", 1)[1].strip().lower()
    return "" if not domain or domain in FREE_MAIL_DOMAINS else domain


def phone_variants(lead: Lead) -> list[str]:
    """The lead's normalised phone, and a Chinese mobile with and without +86.

    Sales type "138 0013 8000", the form sends "+86 138 0013 8000": one person.
    """
    number = lead.phone_normalised
    if number.startswith("+86") and len(number) == 14 and number[3] == "1":
        return [number, number[3:]]
    if len(number) == 11 and number.startswith("1"):
        return [number, f"+86{number}"]
    return [number]


def _candidates():
    return (
        Lead.objects.genuine()
        .filter(merged_into__isnull=True, erased_at__isnull=True)
        .select_related("service", "owner")
    )


def similar_leads(*, lead: Lead, limit: int = 10) -> list[Similar]:
    """Other leads that may be the same person or company, newest first, with why.

    Each rule is one limited lookup an index can serve: phone_normalised (btree),
    the e-mail's suffix on a company domain only (the trigram index on upper(email)),
    upper(wechat_id) (a partial index on it is asked for in leads.models).
    A different e-mail at the same company counts; the same e-mail is the contact's
    business (the person's other enquiries) and not offered again here.
    """
    if lead.pk is None or lead.merged_into_id or lead.erased_at:
        return []
    found: dict[int, Similar] = {}
    rules = []
    if lead.phone_normalised:
        rules.append((Why.PHONE, Q(phone_normalised__in=phone_variants(lead))))
    if lead.wechat_id.strip():
        # ~Q(wechat_id=""): the condition of a partial index on upper(wechat_id).
        wechat = Q(wechat_id__iexact=lead.wechat_id.strip()) & ~Q(wechat_id="")
        rules.append((Why.WECHAT, wechat))
    domain = company_domain(lead.email)
    if domain:
        rules.append(
            (Why.DOMAIN, Q(email__iendswith=f"@{domain}") & ~Q(email=lead.email))
        )
    for why, condition in rules:
        for other in _candidates().filter(condition).exclude(pk=lead.pk)[:limit]:
            reasons = found[other.pk].reasons if other.pk in found else ()
            found[other.pk] = Similar(lead=other, reasons=(*reasons, why))
    ordered = sorted(
        found.values(), key=lambda s: (s.lead.created_at, s.lead.pk), reverse=True
    )
    return ordered[:limit]


def merge_refusal(survivor: Lead, other: Lead) -> str | None:
    """Why these two cannot be merged, or None: shown before anyone confirms."""
    if survivor.pk == other.pk:
        return _("A lead cannot be merged into itself.")
    for lead in (survivor, other):
        if lead.merged_into_id:
            return _("Lead #%(id)s was already merged into lead #%(into)s.") % {
                "id": lead.pk,
                "into": lead.merged_into_id,
            }
        if lead.erased_at:
            return _(
                "Lead #%(id)s has had its personal data erased: it cannot be merged."
            ) % {"id": lead.pk}
    return None


def _refuse_if_not_mergeable(survivor: Lead, other: Lead) -> None:
    refusal = merge_refusal(survivor, other)
    if refusal:
        raise ValidationError(refusal)


def leads_merge(*, survivor: Lead, other: Lead, user) -> Lead:
    """Merge `other` into `survivor`, in one transaction, and return the survivor.

    Both rows are locked first, so two people merging the same pair (or one lead two
    ways) cannot both succeed. What sales work with moves to the survivor: notes,
    activities (planned and done, with their timeline entries), the leads merged into
    the other before. The other's own history (received, status changes, deliveries,
    its notification) stays with it. Attribution is the earlier lead's first visit and
    the later one's latest; blanks are filled, never a value sales typed; the higher
    estimated value is kept. Both timelines say so.
    """
    with transaction.atomic():
        locked = {
            lead.pk: lead
            for lead in Lead.objects.select_for_update()
            .filter(pk__in=[survivor.pk, other.pk])
            .order_by("pk")
        }
        if survivor.pk == other.pk:
            _refuse_if_not_mergeable(survivor, other)
        if len(locked) < 2:
            raise ValidationError(_("One of the two leads no longer exists."))
        survivor, other = locked[survivor.pk], locked[other.pk]
        _refuse_if_not_mergeable(survivor, other)

        filled = [name for name in FILLED_FIELDS if _fill_blank(survivor, other, name)]
        if (other.estimated_value or 0) > (survivor.estimated_value or 0):
            survivor.estimated_value = other.estimated_value
            filled.append("estimated_value")
        if (other.created_at, other.pk) < (survivor.created_at, survivor.pk):
            for name in FIRST_TOUCH_FIELDS:
                setattr(survivor, name, getattr(other, name))
            if other.first_touch:
                filled.append("first_touch")
        elif other.last_touch:
            survivor.last_touch = other.last_touch
            filled.append("last_touch")
        survivor.save()

        Activity.objects.filter(lead=other).update(lead=survivor)
        LeadActivity.objects.filter(lead=other, kind__in=WORK_ENTRIES).update(
            lead=survivor
        )
        Lead.objects.filter(merged_into=other).update(merged_into=survivor)
        other.merged_into = survivor
        other.save(update_fields=["merged_into", "updated_at"])
        lead_follow_up_sync(lead=survivor)
        lead_follow_up_sync(lead=other)

        # Numbers, not names: the timeline outlives an erasure's blanking of notes.
        # The summary names the other lead in the reader's language (admin).
        LeadActivity.objects.bulk_create(
            [
                LeadActivity(
                    lead=lead,
                    kind=LeadActivity.Kind.MERGED,
                    author=user,
                    old_value=str(other.pk),
                    new_value=str(survivor.pk),
                    text=",".join(filled) if lead is survivor else "",
                )
                for lead in (survivor, other)
            ]
        )
    return survivor


def _fill_blank(survivor: Lead, other: Lead, name: str) -> bool:
    field = Lead._meta.get_field(name)
    mine, theirs = getattr(survivor, field.attname), getattr(other, field.attname)
    if mine not in (None, "") or theirs in (None, ""):
        return False
    setattr(survivor, field.attname, theirs)
    return True
