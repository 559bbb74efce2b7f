"""The lead itself: one enquiry, where it came from, its pipeline and its timeline.

Past 400 lines: the lead is the CRM's one record, and its field groups (what was sent,
where from, the pipeline, the response times) are read together; the timeline entry
lives beside it because every service writes both.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.models import language_field, optional_foreign_key, user_field

from .base import ListEntry, moment_field
from .contacts import Contact, normalise_email, normalise_phone
from .spam_rules import describe_spam_reasons


class LostReason(ListEntry):
    """Why a lead was lost; sales pick one when they mark a lead as lost."""

    name = models.CharField(_("reason"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive reasons are no longer offered."),
    )

    class Meta:
        verbose_name = _("lost reason")
        verbose_name_plural = _("lost reasons")
        ordering = ["order", "name"]


class LeadQuerySet(models.QuerySet):
    def genuine(self):
        """Leads that are not spam nor merged into another: what sales work from."""
        return self.filter(is_spam=False, merged_into__isnull=True)

    def spam(self):
        return self.filter(is_spam=True)

    def quarantined(self):
        """Kept as spam only for coming past an address's limit: maybe an office's
        sixth enquiry, so sales are shown them (dashboard, daily digest)."""
        return self.filter(is_spam=True, spam_reasons="rate_limit")

    def open(self):
        return self.filter(status__in=Lead.Status.open_values())

    def follow_up_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(next_follow_up__lt=today)


class Lead(models.Model):
    """One enquiry: what the visitor sent, where from, and where sales have taken it."""

    class Status(models.TextChoices):
        """Where a lead stands: the open stages of the pipeline in order, then the end."""

        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        QUALIFIED = "qualified", _("Qualified")
        PROPOSAL = "proposal", _("Proposal sent")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

        @classmethod
        def open_values(cls):
            return [cls.NEW, cls.CONTACTED, cls.QUALIFIED, cls.PROPOSAL]

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")

    class Budget(models.TextChoices):
        """The budget ranges the contact form offers, in yuan, or not sure yet."""

        UNDER_50K = "under_50k", _("Under ¥50,000")
        FROM_50K = "50k_150k", _("¥50,000 – ¥150,000")
        FROM_150K = "150k_500k", _("¥150,000 – ¥500,000")
        OVER_500K = "over_500k", _("Over ¥500,000")
        UNKNOWN = "unknown", _("Not sure yet")

    class ContactMethod(models.TextChoices):
        """How the visitor would rather be answered."""

        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone call")
        WECHAT = "wechat", _("WeChat (on my phone number)")
        ANY = "any", _("Any of these")

    class Source(models.TextChoices):
        """How the visitor first came to the site (first touch)."""

        DIRECT = "direct", _("Direct")
        SEARCH = "search", _("Search engine")
        SOCIAL = "social", _("Social media")
        REFERRAL = "referral", _("Other website")
        CAMPAIGN = "campaign", _("Campaign")
        EMAIL = "email", _("E-mail")
        MANUAL = "manual", _("Entered by sales")

    class Placement(models.TextChoices):
        """Which form the lead was sent from."""

        CONTACT_PAGE = "contact", _("Contact page")
        SERVICE_PAGE = "service", _("Service page")
        CASE_PAGE = "case", _("Case study page")
        SOLUTION_PAGE = "solution", _("Solution page")
        LANDING_PAGE = "landing", _("Landing page")
        ARTICLE = "article", _("Article")
        OTHER = "other", _("Other page")
        NONE = "none", _("No form (entered by sales)")

    # What the visitor sent.
    # A person's name (姓名), not a thing's (名称), which shares the word in English.
    name = models.CharField(pgettext_lazy("person", "name"), max_length=120)
    company = models.CharField(_("company"), max_length=160, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_normalised = models.CharField(max_length=40, blank=True, editable=False)
    service = optional_foreign_key(
        "services.Service", _("service"), related_name="leads"
    )
    budget = models.CharField(
        _("budget"), max_length=20, choices=Budget.choices, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    preferred_contact = models.CharField(
        _("preferred contact"),
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.ANY,
    )
    consent_text = models.TextField(
        _("consent given"),
        blank=True,
        help_text=_("The wording of the consent box the visitor ticked."),
    )

    # Captured without asking.
    contact = optional_foreign_key(Contact, _("contact"), related_name="leads")
    is_repeat = models.BooleanField(
        _("repeat"),
        default=False,
        help_text=_("The same person (e-mail or phone) sent an enquiry before."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.DIRECT
    )
    placement = models.CharField(
        _("came from"),
        max_length=10,
        choices=Placement.choices,
        default=Placement.CONTACT_PAGE,
    )
    page_url = models.CharField(_("sent from page"), max_length=500, blank=True)
    language = language_field(
        _("language"),
        _("The language of the page the enquiry was sent from: reply in it."),
    )
    article = optional_foreign_key(
        "articles.Article", _("article"), related_name="leads"
    )
    landing_page = optional_foreign_key(
        "services.LandingPage",
        _("landing page"),
        related_name="leads",
        help_text=_("The campaign page whose form it was sent from."),
    )
    landing_variant = optional_foreign_key(
        "services.LandingVariant",
        _("variant"),
        related_name="leads",
        help_text=_("The variant of that page the visitor saw; empty: the original."),
    )
    first_touch = models.JSONField(
        _("first visit"),
        default=dict,
        blank=True,
        help_text=_("Landing page, referrer and campaign of the first visit."),
    )
    last_touch = models.JSONField(
        _("latest visit"),
        default=dict,
        blank=True,
        help_text=_("Landing page, referrer and campaign of the latest visit."),
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.CharField(
        _("IP address"),
        max_length=64,
        blank=True,
        help_text=_("Truncated or hashed, as the site's settings say."),
    )
    submission_token = models.UUIDField(
        null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Spam.
    is_spam = models.BooleanField(_("spam"), default=False)
    spam_reasons = models.CharField(
        _("why spam"), max_length=200, blank=True, editable=False
    )

    # The pipeline.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    lost_reason = optional_foreign_key(
        LostReason, _("lost reason"), on_delete=models.PROTECT, related_name="leads"
    )
    owner = user_field(_("owner"), related_name="owned_leads")
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In yuan (CNY)."),
    )
    erased_at = moment_field(_("personal data erased"))

    # The pipeline as money (leads.pipeline): how likely, and when.
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Empty: the stage's probability."),
    )
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    wechat_id = models.CharField(
        _("WeChat ID"),
        max_length=64,
        blank=True,
        help_text=_("If the person gave one: similar leads are found by it too."),
    )
    # A duplicate merged into another lead (leads.merge) keeps its row, out of lists.
    merged_into = optional_foreign_key(
        "self", _("merged into"), editable=False, related_name="merged_leads"
    )

    # Speed to lead (leads.response): when it was owned, first tried and first reached.
    assigned_at = moment_field(_("assigned"))
    first_attempt_at = moment_field(_("first attempt"))
    first_reached_at = moment_field(_("first reached"))
    response_due_at = moment_field(
        _("first response due"),
        help_text=_("The first-response target, counted in working hours."),
    )
    escalated_at = moment_field(_("escalated"))
    # When the worker gave the genuine lead its owner and announced it (leads.arrival);
    # empty until then, so the each-minute sweep finds what a lost task left.
    dispatched_at = moment_field()

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-id"]
        permissions = [("export_lead", _("Can export leads to CSV"))]
        indexes = [
            # The sales list: newest first, spam apart, narrowed by one filter.
            models.Index(
                fields=["is_spam", "-created_at", "-id"], name="lead_list_idx"
            ),
            models.Index(
                fields=["status", "is_spam", "-created_at"], name="lead_status_idx"
            ),
            models.Index(
                fields=["owner", "is_spam", "-created_at"], name="lead_owner_idx"
            ),
            models.Index(
                fields=["service", "is_spam", "-created_at"], name="lead_service_idx"
            ),
            models.Index(
                fields=["source", "is_spam", "-created_at"], name="lead_source_idx"
            ),
            models.Index(
                fields=["next_follow_up"],
                condition=Q(status__in=["new", "contacted", "qualified", "proposal"]),
                name="lead_follow_up_open_idx",
            ),
            models.Index(
                fields=["response_due_at"],
                condition=Q(
                    first_attempt_at__isnull=True,
                    escalated_at__isnull=True,
                    is_spam=False,
                ),
                name="lead_response_due_idx",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(dispatched_at__isnull=True, is_spam=False),
                name="lead_to_dispatch_idx",
            ),
            # The pipeline board (leads.pipeline): a column's page of cards is a range
            # of it, its count and value total an index-only scan (PostgreSQL; other
            # databases, which cannot include columns, go without).
            models.Index(
                fields=["status", "-updated_at", "-id"],
                include=["estimated_value"],
                condition=Q(
                    is_spam=False, merged_into__isnull=True, erased_at__isnull=True
                ),
                name="lead_board_idx",
            ),
            models.Index(fields=["email"], name="lead_email_idx"),
            # Similar leads by WeChat ID, case ignored (leads.merge).
            models.Index(
                Upper("wechat_id"), condition=~Q(wechat_id=""), name="lead_wechat_idx"
            ),
            models.Index(fields=["phone_normalised"], name="lead_phone_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="lost") | Q(lost_reason__isnull=False),
                name="lead_lost_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="lead_value_not_negative",
            ),
        ]

    def __str__(self):
        if self.erased_at:
            return _("Lead #%(id)s (erased)") % {"id": self.pk}
        label = self.name
        if self.company:
            label = f"{label} ({self.company})"
        return label

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        self.phone_normalised = normalise_phone(self.phone)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == self.Status.LOST and not self.lost_reason_id:
            raise ValidationError({"lost_reason": _("Choose why the lead was lost.")})
        if self.status != self.Status.LOST and self.lost_reason_id:
            self.lost_reason = None

    @property
    def spam_reasons_display(self):
        return describe_spam_reasons(self.spam_reasons)

    @property
    def is_open(self):
        return self.status in self.Status.open_values()

    @property
    def follow_up_overdue(self):
        return bool(
            self.is_open
            and self.next_follow_up
            and self.next_follow_up < timezone.localdate()
        )


def lead_field(related_name, *, field=models.ForeignKey):
    """Return the lead a row belongs to (a `field` to it): the row goes with it."""
    return field(
        Lead,
        verbose_name=_("lead"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


class LeadActivity(models.Model):
    """An entry of a lead's timeline: who did what, and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Received")
        STATUS = "status", _("Status changed")
        OWNER = "owner", _("Owner changed")
        NOTE = "note", _("Note")
        SPAM = "spam", _("Marked as spam")
        NOT_SPAM = "not_spam", _("Restored from spam")
        NOTIFIED = "notified", _("Sales notified")
        ERASED = "erased", _("Personal data erased")
        CHANGED = "changed", _("Changed")
        MERGED = "merged", _("Merged")
        EMAILED = "emailed", _("E-mail sent")
        REPLIED = "replied", _("Reply received")
        PLANNED = "planned", _("Activity planned")
        DONE = "done", _("Activity done")

    lead = lead_field("activities")
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    author = user_field(_("by"))
    old_value = models.CharField(_("from"), max_length=150, blank=True)
    new_value = models.CharField(_("to"), max_length=150, blank=True)
    text = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["lead", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def summary(self):
        if self.kind == self.Kind.NOTE:
            return self.text
        if self.kind in (self.Kind.EMAILED, self.Kind.REPLIED):
            # The subject, and the address it went to or came from.
            return " · ".join(part for part in (self.text, self.new_value) if part)
        if self.old_value or self.new_value:
            return f"{self.old_value or '—'} → {self.new_value or '—'}"
        return self.text
