"""Write to the person from the lead's page: choose a template, edit, send."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..emails import lead_email_send, template_fill
from ..models import EmailTemplate, Lead
from .base import admin_page


class LeadEmailForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "vTextField", "size": 80}),
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 14, "cols": 80})
    )


class LeadEmailViews:
    """The "Write an e-mail" page of LeadAdmin."""

    def get_urls(self):
        return [
            admin_page(
                self,
                "<int:pk>/email/",
                self.lead_email_view,
                "leads_lead_email",
                needs="change",
            ),
            *super().get_urls(),
        ]

    def lead_email_view(self, request, pk):
        lead = get_object_or_404(Lead.objects.select_related("owner", "service"), pk=pk)
        templates = EmailTemplate.objects.filter(active=True)
        chosen = None
        if request.method == "POST":
            form = LeadEmailForm(request.POST)
            if form.is_valid():
                try:
                    lead_email_send(
                        lead=lead,
                        user=request.user,
                        subject=form.cleaned_data["subject"],
                        body=form.cleaned_data["body"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        _("E-mail sent to %(address)s.") % {"address": lead.email},
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:leads_lead_change", args=[lead.pk]))
        else:
            initial = {}
            template_id = request.GET.get("template", "")
            if template_id.isdigit():
                chosen = templates.filter(pk=template_id).first()
            if chosen is not None:
                subject, body = template_fill(
                    template=chosen, lead=lead, user=request.user
                )
                initial = {"subject": subject, "body": body}
            form = LeadEmailForm(initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Write to %(name)s") % {"name": lead},
            "opts": self.model._meta,
            "lead": lead,
            "form": form,
            "templates": templates,
            "chosen": chosen,
        }
        return TemplateResponse(request, "leads/admin/lead_email.html", context)


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "subject", "subject_zh_hans", "active"]
    list_editable = ["active"]
    search_fields = ["name", "subject", "subject_zh_hans"]
    fieldsets = [
        (None, {"fields": ["name", "active"]}),
        (_("English"), {"fields": ["subject", "body"]}),
        (_("Chinese"), {"fields": ["subject_zh_hans", "body_zh_hans"]}),
    ]
