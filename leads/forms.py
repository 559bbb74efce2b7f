import re

from django import forms
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _

from agency.core.fragments import kept

from .models import Lead
from .tracking import local_path

PHONE_RE = re.compile(r"^\+?[\d\s().\-/]+$")
CONSENT_TEXT = _(
    "I agree that you may store and use these details to answer my enquiry, as "
    'the <a href="{url}" target="_blank" rel="noopener">privacy policy</a> explains.'
)


def service_choices(services):
    """`services` (as `choosable_services()` reads them) for a select: top-level ones,
    each with its sub-services."""
    children = {}
    for service in services:
        if service.parent_id:
            children.setdefault(service.parent_id, []).append(service)
    choices = [("", _("Choose a service (optional)"))]
    for service in services:
        if service.parent_id:
            continue
        kids = children.get(service.pk)
        if kids:
            choices.append(
                (
                    service.name,
                    [(service.slug, service.name)] + [(k.slug, k.name) for k in kids],
                )
            )
        else:
            choices.append((service.slug, service.name))
    return choices


# What a choice of service needs of each: read from the published ones while content is
# unchanged (the contact page and every enquiry ask; reading them was 2 ms of each).
CHOICE = {"id", "name", "slug", "parent_id", "order"}


def choosable_services():
    """The published services, with what a choice of them needs: new instances each
    time (a form may hand one to the lead it makes), from rows kept as data."""
    from services.models import Service

    # In the model's order of columns, as from_db reads the values of some of them.
    names = [f.attname for f in Service._meta.concrete_fields if f.attname in CHOICE]
    rows = kept(
        "choosable-services",
        lambda: list(Service.objects.published().values_list(*names)),
    )
    return [Service.from_db(DEFAULT_DB_ALIAS, names, row) for row in rows]


def find_article(slug):
    """Return the published article with this slug, or None (also when there is no
    articles app). Never a draft or a scheduled one: its title would show on the form."""
    if not slug:
        return None
    try:
        article_model = apps.get_model("articles", "Article")
    except LookupError:
        return None
    return article_model._default_manager.published().filter(slug=slug).first()


class LeadForm(forms.Form):
    """The enquiry form of the contact page and of the forms embedded in other pages."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    company = forms.CharField(
        label=_("Company"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("With the country code for numbers outside China, e.g. +44 …"),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
        ),
    )
    service = forms.ChoiceField(label=_("Service of interest"), required=False)
    budget = forms.ChoiceField(
        label=_("Budget"),
        required=False,
        choices=[("", _("Choose a range (optional)")), *Lead.Budget.choices],
    )
    message = forms.CharField(
        label=_("Your project"),
        max_length=5000,
        required=False,
        help_text=_("What do you want to build or improve, and by when?"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    preferred_contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Lead.ContactMethod.choices,
        initial=Lead.ContactMethod.ANY,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Please agree, so that we may use your details to answer.")
        },
    )
    # A field people never see; robots that fill in every field fill this one too.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # The signed form token: idempotency id and the time the form was shown.
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # Hidden fields never refuse a form (the visitor could not fix them): a value that
    # does not fit is dropped in clean_*.
    page = forms.CharField(required=False, widget=forms.HiddenInput)
    article = forms.CharField(required=False, widget=forms.HiddenInput)
    # A landing page's form: "<page id>.<variant id, 0 for the original>".
    landing = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = choosable_services()
        self.fields["service"].choices = service_choices(self.services)
        # The wording is ours (a translation), only the URL is filled in, escaped.
        self.fields["consent"].label = format_html(
            str(CONSENT_TEXT), url=reverse("page_detail", kwargs={"slug": "privacy"})
        )

    @staticmethod
    def consent_text():
        """The consent wording as plain text, stored with the lead."""
        return strip_tags(str(CONSENT_TEXT).format(url=""))

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not PHONE_RE.match(phone) or not 6 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Enter a phone number, for example +86 138 0013 8000."),
                code="invalid_phone",
            )
        return phone

    def clean_service(self):
        slug = self.cleaned_data["service"]
        # One of the choices (ChoiceField checked that), read with them.
        return next((s for s in self.services if s.slug == slug), None)

    def clean_page(self):
        # Only a path on this site: never an address elsewhere.
        return local_path(self.cleaned_data["page"])

    def clean_landing(self):
        """(landing page, variant or None), or (None, None) for anything else."""
        from services.models import LandingPage

        page_id, _dot, variant_id = self.cleaned_data["landing"].partition(".")
        if not page_id.isdigit():
            return None, None
        page = LandingPage.objects.published(language=None).filter(pk=page_id).first()
        if page is None:
            return None, None
        variant = None
        if variant_id.isdigit() and variant_id != "0":
            variant = page.variants.filter(pk=variant_id).first()
        return page, variant

    def clean_article(self):
        return find_article(self.cleaned_data["article"].strip()[:200])

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        if "email" in cleaned and "phone" in cleaned and not email and not phone:
            message = _(
                "Give us an e-mail address or a phone number, so we can answer."
            )
            self.add_error("email", message)
            self.add_error("phone", message)
        preferred = cleaned.get("preferred_contact")
        if preferred == Lead.ContactMethod.EMAIL and "email" in cleaned and not email:
            self.add_error("email", _("You asked us to write: give us your e-mail."))
        if (
            preferred in (Lead.ContactMethod.PHONE, Lead.ContactMethod.WECHAT)
            and "phone" in cleaned
            and not phone
        ):
            self.add_error("phone", _("You asked us to call: give us your number."))
        return cleaned
