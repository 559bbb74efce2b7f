"""What the leads admin pages share: sales users, the capped paginator, filters."""

import datetime
from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from agency.core.roles import SALES
from agency.core.trash import SetAsideFilter

from ..models import (
    Lead,
    LostReason,
)

User = get_user_model()


def sales_users():
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=SALES) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def user_label(user):
    return user.get_full_name() or user.get_username()


def admin_page(model_admin, route, view, name, *, needs, post_only=False):
    """One of `model_admin`'s own pages, for its get_urls: behind the admin's sign-in
    (admin_view), open to those with each permission in `needs` ("view", "change", or
    any word with a `has_<word>_permission` method), and answering nothing but POST when
    `post_only` (it changes data). A page cannot forget its check: it is said here."""
    checks = [getattr(model_admin, f"has_{word}_permission") for word in needs.split()]
    if not checks:
        raise ValueError(f"{name}: say which permissions the page needs")

    @wraps(view)
    def permitted(request, *args, **kwargs):
        if not all(check(request) for check in checks):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    if post_only:
        permitted = require_POST(permitted)
    return path(route, model_admin.admin_site.admin_view(permitted), name=name)


def change_link(obj):
    """`obj` linked to its admin page; "—" for none."""
    if obj is None:
        return "—"
    url = reverse(admin_urlname(obj._meta, "change"), args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


def lead_link(pk):
    """A lead's number linked to its page; "—" for none."""
    if not pk:
        return "—"
    return format_html(
        '<a href="{}">#{}</a>', reverse("admin:leads_lead_change", args=[pk]), pk
    )


class CappedCountPaginator(Paginator):
    """Count at most CAP rows: a million-row list must not COUNT(*) on every page."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list[: self.CAP + 1].count()


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on another object's page, to read: none added, changed or deleted."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- List filters -----------------------------------------------------------------------


class SpamFilter(SetAsideFilter):
    """Spam is kept apart: the list shows genuine leads unless asked otherwise."""

    title = _("spam")
    parameter_name = "spam"
    default_label = _("Not spam")

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Spam only")),
            ("quarantined", _("Quarantined: over an address's limit")),
            ("all", _("Everything, spam included")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_spam=True)
        if self.value() == "quarantined":
            return queryset.quarantined()
        if self.value() == "all":
            return queryset
        return queryset.filter(is_spam=False)


class OwnerFilter(admin.SimpleListFilter):
    title = _("owner")
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        return [
            ("me", _("Mine")),
            ("none", _("Unassigned")),
            *[(str(user.pk), user_label(user)) for user in sales_users()],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(owner=request.user)
        if value == "none":
            return queryset.filter(owner__isnull=True)
        if value and value.isdigit():
            return queryset.filter(owner_id=int(value))
        return queryset


class FollowUpFilter(admin.SimpleListFilter):
    title = _("next follow-up")
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("today", _("Today")),
            ("week", _("In the next 7 days")),
            ("none", _("Open, none planned")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.follow_up_overdue(today)
        if value == "today":
            return queryset.open().filter(next_follow_up=today)
        if value == "week":
            return queryset.open().filter(
                next_follow_up__gte=today,
                next_follow_up__lte=today + datetime.timedelta(days=7),
            )
        if value == "none":
            return queryset.open().filter(next_follow_up__isnull=True)
        return queryset


# --- Bulk actions -------------------------------------------------------------------


class LeadActionForm(ActionForm):
    """The action bar, with the choices some actions need."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("status…")), *Lead.Status.choices],
    )
    lost_reason = forms.ModelChoiceField(
        label=_("Lost reason"),
        required=False,
        queryset=LostReason.objects.filter(active=True),
        empty_label=_("lost reason…"),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("owner…"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = sales_users()
        self.fields["owner"].label_from_instance = user_label
