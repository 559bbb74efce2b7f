"""Merge two leads from the admin: a confirmation page, then one POST.

Reached from the "Similar leads" field of a lead's page (leads.admin.change_form). The
page shows the two side by side and lets sales choose which one survives; nothing
changes until they confirm.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from agency.core.trash import SetAsideFilter

from ..merge import leads_merge, merge_refusal
from ..models import Activity, Lead, LeadActivity
from .base import admin_page, user_label

# The rows of the side-by-side table: what a salesperson compares before choosing.
COMPARED_FIELDS = [
    "created_at",
    "name",
    "company",
    "email",
    "phone",
    "wechat_id",
    "service",
    "status",
    "owner",
    "estimated_value",
    "source",
    "placement",
]


class MergedFilter(SetAsideFilter):
    """A lead merged into another has left the list; this filter finds them again."""

    title = _lazy("merged")
    parameter_name = "merged"
    default_label = _lazy("Not merged")
    field = "merged_into"
    set_aside = ("yes", _lazy("Merged into another lead"))


class LeadMergeViews:
    """The merge page under the lead admin's URLs: <id>/merge/<other_id>/."""

    def get_urls(self):
        return [
            admin_page(
                self,
                "<int:pk>/merge/<int:other_pk>/",
                self.merge_view,
                "leads_lead_merge",
                needs="change",
            ),
            *super().get_urls(),
        ]

    def merge_view(self, request, pk, other_pk):
        """GET: the two side by side. POST: merge into the one chosen, then open it."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        lead = get_object_or_404(Lead, pk=pk)
        other = get_object_or_404(Lead, pk=other_pk)
        if not (
            self.has_change_permission(request, lead)
            and self.has_change_permission(request, other)
        ):
            raise PermissionDenied
        error = refusal = merge_refusal(lead, other)
        if request.method == "POST" and refusal is None:
            chosen = request.POST.get("survivor", "")
            if chosen not in (str(lead.pk), str(other.pk)):
                error = _("Choose which lead to keep.")
            else:
                survivor, merged = (
                    (lead, other) if chosen == str(lead.pk) else (other, lead)
                )
                try:
                    leads_merge(survivor=survivor, other=merged, user=request.user)
                except ValidationError as exc:
                    error = " ".join(exc.messages)
                else:
                    self.message_user(
                        request,
                        _("Lead #%(other)s was merged into this lead (#%(id)s).")
                        % {"other": merged.pk, "id": survivor.pk},
                        messages.SUCCESS,
                    )
                    return redirect("admin:leads_lead_change", survivor.pk)
        return TemplateResponse(
            request,
            "leads/admin/merge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge two leads"),
                "opts": self.model._meta,
                "lead": lead,
                "other": other,
                "rows": _compared_rows(lead, other),
                "chosen": request.POST.get("survivor") or str(_older(lead, other).pk),
                "error": error,
                "refused": refusal is not None,
                "back_url": reverse("admin:leads_lead_change", args=[lead.pk]),
            },
            status=400 if error and request.method == "POST" else 200,
        )


def _older(lead, other):
    return min(lead, other, key=lambda item: (item.created_at, item.pk))


def _display(lead, name):
    field = Lead._meta.get_field(name)
    if name == "owner":
        return user_label(lead.owner) if lead.owner_id else "—"
    if field.choices:
        return getattr(lead, f"get_{name}_display")()
    value = getattr(lead, name)
    if value in (None, ""):
        return "—"
    return value


def _compared_rows(lead, other):
    """(label, this lead's value, the other's) for the table, and what moves."""
    rows = [
        (
            Lead._meta.get_field(name).verbose_name,
            _display(lead, name),
            _display(other, name),
        )
        for name in COMPARED_FIELDS
    ]
    notes = {
        item["lead_id"]: item["n"]
        for item in _counts(
            LeadActivity.objects.filter(
                lead__in=[lead, other], kind=LeadActivity.Kind.NOTE
            )
        )
    }
    planned = {
        item["lead_id"]: item["n"]
        for item in _counts(Activity.objects.filter(lead__in=[lead, other]))
    }
    rows.append((_("notes"), notes.get(lead.pk, 0), notes.get(other.pk, 0)))
    rows.append((_("activities"), planned.get(lead.pk, 0), planned.get(other.pk, 0)))
    return rows


def _counts(queryset):
    return queryset.order_by().values("lead_id").annotate(n=Count("pk"))
