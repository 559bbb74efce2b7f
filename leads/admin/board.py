"""The board: open leads by stage, moved by drag and drop, keyboard or a plain form.

One endpoint moves a card whichever way it was moved: through leads.services
(lead_set_status records the timeline and refuses lost without a reason). The script
asks for JSON and gets the new column totals; a form without JavaScript is redirected
back to the board, its filters kept, with a message.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import pipeline, services
from ..models import Lead, LostReason
from ..pipeline import BoardFilters
from .base import admin_page, sales_users, user_label

FILTER_FIELDS = [
    "owner",
    "source",
    "service",
    "language",
    "created_from",
    "created_to",
]


class BoardFilterForm(forms.Form):
    """The board's filters, read from the query string; a bad value is said, not a 500."""

    owner = forms.ChoiceField(label=_("owner"), required=False)
    source = forms.ChoiceField(label=_("source"), required=False)
    service = forms.ModelChoiceField(
        label=_("service"), queryset=None, required=False, empty_label=_("All")
    )
    language = forms.ChoiceField(label=_("language"), required=False)
    created_from = forms.DateField(
        label=_("received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_to = forms.DateField(
        label=_("received until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from services.models import Service

        self.fields["owner"].choices = [
            ("", _("All")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(u.pk), user_label(u)) for u in sales_users()],
        ]
        self.fields["source"].choices = [("", _("All")), *Lead.Source.choices]
        self.fields["language"].choices = [("", _("All")), *settings.LANGUAGES]
        self.fields["service"].queryset = Service._default_manager.order_by("pk")
        self.user = user

    def filters(self) -> BoardFilters:
        data = self.cleaned_data if self.is_valid() else {}
        owner = data.get("owner") or ""
        service = data.get("service")
        return BoardFilters(
            owner_id=(
                self.user.pk
                if owner == "me"
                else int(owner)
                if owner.isdigit()
                else None
            ),
            unowned=owner == "none",
            source=data.get("source") or None,
            service_id=service.pk if service else None,
            language=data.get("language") or None,
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
        )


def filter_query(params) -> str:
    """The filters of a query string, as a query string (kept across a move)."""
    return urlencode(
        [(key, params[key]) for key in FILTER_FIELDS if params.get(key)], doseq=False
    )


def money(value) -> str:
    return f"{number_format(value or 0, decimal_pos=0, force_grouping=True)} {settings.AGENCY_CURRENCY}"


def columns_json(columns_totals) -> dict:
    return {
        status: {
            "count": totals["count"],
            "total": str(totals["total"]),
            "total_display": money(totals["total"]),
        }
        for status, totals in columns_totals.items()
    }


# A board shows a hundred cards or more: what is the same on every card (labels, the
# stage and reason menus, the form's hidden fields) is made once per page, and what a
# card shows is prepared in Python, which the template engine would do a node at a time.
CARD_LABELS = {
    "owner": _("owner"),
    "value": _("value"),
    "probability": _("probability"),
    "close": _("expected close"),
    "move_to": _("Move to"),
    "if_lost": _("If lost, why"),
    "move": _("Move"),
}


def options(choices, selected, *, blank=False) -> str:
    """A select's options, `selected` chosen."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        [("", "", "—")] * blank
        + [
            (value, mark_safe(" selected") if value == selected else "", label)
            for value, label in choices
        ],
    )


def move_hidden(request) -> str:
    """The CSRF token and the board's filters, for every card's move form."""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}',
        get_token(request),
        format_html_join(
            "",
            '<input type="hidden" name="{}" value="{}">',
            [
                (key, value)
                for key, value in request.GET.items()
                if key != "csrfmiddlewaretoken" and not key.startswith("show_")
            ],
        ),
    )


CARD = (
    '<li class="lead-card" draggable="{draggable}" tabindex="0" data-id="{pk}" '
    'data-name="{name}" data-move-url="{move_url}" aria-describedby="col-{status}-title">'
    '<a class="lead-card-name" href="{change_url}">{label}</a><dl>'
    "<div><dt>{l_owner}</dt><dd>{owner}</dd></div>"
    "<div><dt>{l_value}</dt><dd>{value}</dd></div>"
    "<div><dt>{l_probability}</dt><dd>{probability}%</dd></div>"
    "<div><dt>{l_close}</dt><dd>{close}</dd></div></dl>{form}</li>"
)
CARD_FORM = (
    '<form method="post" action="{move_url}" class="lead-card-move">{hidden}'
    '<label>{l_move_to} <select name="status">{stages}</select></label>'
    '<label class="lead-card-reason">{l_if_lost} '
    '<select name="lost_reason">{reasons}</select></label>'
    '<button type="submit" class="button">{l_move}</button></form>'
)


def cards_html(column, *, labels, can_change, hidden, reasons) -> str:
    """A column's cards: a name that links to the lead, its owner, value, probability
    and expected close, and (for those who may move it) a stage menu that works
    without JavaScript. Made here rather than a template node at a time: a board
    shows a hundred cards or more (scripts/bench.py's board row)."""
    change = reverse("admin:leads_lead_change", args=[0])
    move = reverse("admin:leads_lead_board_move", args=[0])
    nobody = gettext("Nobody")
    cards = []
    for lead in column.cards:
        move_url = move.replace("/0/", f"/{lead.pk}/")
        owner = lead.owner
        form = (
            format_html(
                CARD_FORM,
                move_url=move_url,
                hidden=hidden,
                stages=column.stage_options,
                reasons=reasons,
                **{f"l_{key}": value for key, value in labels.items()},
            )
            if can_change
            else ""
        )
        cards.append(
            format_html(
                CARD,
                draggable="true" if can_change else "false",
                pk=lead.pk,
                name=lead.name,
                move_url=move_url,
                status=column.status,
                change_url=change.replace("/0/", f"/{lead.pk}/"),
                label=str(lead),
                owner=(owner.get_full_name() or owner.get_username())
                if owner
                else nobody,
                value=f"{floatformat(lead.estimated_value, '0g')} "
                f"{settings.AGENCY_CURRENCY}"
                if lead.estimated_value is not None
                else "—",
                probability=lead.resolved_probability,
                close=date_format(lead.expected_close, "SHORT_DATE_FORMAT")
                if lead.expected_close
                else "—",
                form=form,
                **{f"l_{key}": value for key, value in labels.items()},
            )
        )
    return format_html_join("\n", "{}", ((card,) for card in cards))


class BoardViews:
    """The board page of LeadAdmin and the endpoint that moves a card."""

    def get_urls(self):
        return [
            admin_page(
                self, "board/", self.board_view, "leads_lead_board", needs="view"
            ),
            admin_page(
                self,
                "board/<int:pk>/move/",
                self.board_move_view,
                "leads_lead_board_move",
                needs="change",
                post_only=True,
            ),
            *super().get_urls(),
        ]

    def board_view(self, request):
        form = BoardFilterForm(request.GET or None, user=request.user)
        shown = {}
        for status in pipeline.STAGES:
            value = request.GET.get(f"show_{status}", "")
            if value.isdigit():
                shown[status] = int(value)
        columns = pipeline.board_columns(filters=form.filters(), shown=shown)
        query = filter_query(request.GET)
        for column in columns:
            column.total_display = money(column.total)
            more = {**request.GET.dict(), f"show_{column.status}": column.shown + 20}
            column.more_query = urlencode(more)
        reasons = LostReason.objects.filter(active=True)
        labels = {key: str(label) for key, label in CARD_LABELS.items()}
        can_change = self.has_change_permission(request)
        hidden = move_hidden(request)
        reason_options = options([(r.pk, str(r)) for r in reasons], "", blank=True)
        for column in columns:
            column.stage_options = options(Lead.Status.choices, column.status)
            column.cards_html = cards_html(
                column,
                labels=labels,
                can_change=can_change,
                hidden=hidden,
                reasons=reason_options,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Pipeline board"),
            "opts": self.model._meta,
            "form": form,
            "columns": columns,
            "lost_reasons": reasons,
            "reason_options": reason_options,
            "move_hidden": hidden,
            "labels": labels,
            "filter_query": query,
            "can_change": can_change,
            "draggable": "true" if can_change else "false",
            "currency": settings.AGENCY_CURRENCY,
            "closed_days": pipeline.CLOSED_DAYS,
        }
        return TemplateResponse(request, "leads/admin/board.html", context)

    def board_move_view(self, request, pk):
        """Move one card to a stage: JSON for the script, a redirect for the form."""
        wants_json = "application/json" in request.headers.get("Accept", "")
        lead = get_object_or_404(pipeline.pipeline_leads(), pk=pk)
        status = request.POST.get("status", "")
        reason_id = request.POST.get("lost_reason", "")
        reason = None
        error = None
        if status not in Lead.Status.values:
            error = gettext("Choose a stage.")
        elif status == Lead.Status.LOST:
            reason = (
                LostReason.objects.filter(active=True, pk=reason_id).first()
                if reason_id.isdigit()
                else None
            )
            if reason is None:
                error = gettext("Choose why the lead was lost.")
        if error is None:
            services.lead_set_status(
                lead=lead, status=status, user=request.user, lost_reason=reason
            )
            message = gettext("Moved %(lead)s to %(stage)s") % {
                "lead": lead.name,
                "stage": lead.get_status_display(),
            }
        query = filter_query(request.POST)
        if wants_json:
            if error:
                return JsonResponse({"ok": False, "error": error}, status=400)
            form = BoardFilterForm(request.POST, user=request.user)
            totals = pipeline.board_totals(filters=form.filters())
            return JsonResponse(
                {
                    "ok": True,
                    "status": lead.status,
                    "message": message,
                    "columns": columns_json(totals),
                }
            )
        if error:
            self.message_user(request, f"{lead}: {error}", messages.ERROR)
        else:
            self.message_user(request, message)
        url = reverse("admin:leads_lead_board")
        return redirect(f"{url}?{query}" if query else url)
