"""Who owns a lead: the assignment rules, decided the moment it arrives, and telling
the owner.

`lead_auto_assign` runs inside the transaction that stores a genuine lead (or restores
one from spam): the first active rule, in order, that matches the lead and works at the
moment it arrived picks one of its members. A rule whose members are all away or
inactive gives way to the next rule, so a catch-all rule at the end still catches.

The round robin pointer (`AssignmentRule.last_assigned`) is read and moved under a row
lock on the rule (`SELECT ... FOR UPDATE`): two leads arriving together wait for each
other there and go to two different members. "Fewest open leads" counts under the same
lock, so the second lead counts the first.

`lead_owner_set` is the one way an owner is told, whoever chose them (a rule, a
salesperson in the admin, a bulk action).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .models import AssignmentRule, Event, Lead, LeadActivity, SalesProfile
from .outbox import announce, send_to_person

User = get_user_model()


def lead_auto_assign(*, lead: Lead) -> User | None:
    """Give a genuine, unowned lead the owner the first fitting rule picks.

    Call inside the transaction that stores the lead. Return the owner, or None (spam,
    already owned, or no rule fits).
    """
    if lead.is_spam or lead.owner_id or lead.erased_at:
        return None
    with transaction.atomic():
        for rule in AssignmentRule.objects.filter(active=True).prefetch_related(
            "services"
        ):
            if not rule.working_at(lead.created_at) or not rule.matches(lead):
                continue
            owner = _pick(rule_id=rule.pk, lead=lead)
            if owner is None:
                continue
            lead.owner = owner
            lead.assigned_at = lead.assigned_at or timezone.now()
            lead.save(update_fields=["owner", "assigned_at", "updated_at"])
            lead_owner_set(
                lead=lead,
                owner=owner,
                user=None,
                old_owner=None,
                # The rule's name: the timeline words it in the reader's language.
                text=rule.name,
            )
            return owner
    return None


def available_members(*, rule: AssignmentRule, day) -> list:
    """The rule's active members who are not away on `day`, in a stable order (pk)."""
    members = list(rule.members.filter(is_active=True).order_by("pk"))
    away = {
        profile.user_id
        for profile in SalesProfile.objects.filter(user__in=members)
        if profile.is_away(day)
    }
    return [member for member in members if member.pk not in away]


def _pick(*, rule_id: int, lead: Lead):
    """Choose among the rule's members under a lock on the rule row."""
    rule = AssignmentRule.objects.select_for_update().get(pk=rule_id)
    # Away today: whoever gets it must answer it now (a lead restored from spam
    # may be days old).
    members = available_members(rule=rule, day=timezone.localdate())
    if not members:
        return None
    if rule.method == AssignmentRule.Method.LEAST_OPEN:
        counts = dict(
            User.objects.filter(pk__in=[m.pk for m in members])
            .annotate(
                open_leads=Count(
                    "owned_leads",
                    filter=Q(
                        owned_leads__is_spam=False,
                        owned_leads__status__in=Lead.Status.open_values(),
                    ),
                )
            )
            .values_list("pk", "open_leads")
        )
        # Ties go round: the one after the last picked, so equals take turns.
        order = _after(members, rule.last_assigned_id)
        owner = min(order, key=lambda member: counts.get(member.pk, 0))
    else:
        owner = _after(members, rule.last_assigned_id)[0]
    AssignmentRule.objects.filter(pk=rule.pk).update(last_assigned=owner)
    return owner


def _after(members, last_id):
    """The members in turn, starting with the first after `last_id` (by pk)."""
    if last_id is None:
        return members
    later = [m for m in members if m.pk > last_id]
    earlier = [m for m in members if m.pk <= last_id]
    return later + earlier


def lead_owner_set(*, lead: Lead, owner, user, old_owner, text: str = "") -> None:
    """Record that `lead` now belongs to `owner` (already saved), and tell them.

    Writes the timeline entry, stamps `assigned_at` the first time, announces the
    assignment to the channels that want it and tells the new owner ("assigned to
    you"), unless they chose themselves. Call inside the transaction of the change.
    """
    entry = LeadActivity.objects.create(
        lead=lead,
        kind=LeadActivity.Kind.OWNER,
        author=user,
        old_value=user_label(old_owner),
        new_value=user_label(owner),
        text=text,
    )
    if owner is None:
        return
    if lead.assigned_at is None:
        lead.assigned_at = timezone.now()
        Lead.objects.filter(pk=lead.pk, assigned_at__isnull=True).update(
            assigned_at=lead.assigned_at
        )
    if lead.is_spam:
        return
    announce(event=Event.ASSIGNED, lead=lead)
    if user is not None and user.pk == owner.pk:
        return
    # One message per assignment: its timeline entry makes the key new each time.
    turn = entry.pk
    send_to_person(
        user=owner,
        event=Event.ASSIGNED,
        lead=lead,
        key=f"assigned:{lead.pk}:{owner.pk}:{turn}",
    )


def user_label(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:150]
