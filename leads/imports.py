"""Leads brought in from a CSV or Excel file: columns by header, a preview, then import.

The admin reads the file into a tablib Dataset (leads.admin.imports); django-import-export
runs the same `LeadResource` over it twice: a dry run in a rolled-back transaction for the preview,
then for real. Rows are checked here, not by the model: a refused row is reported with
its line and column and never saved, while the good rows of the file are imported.

Imported leads are old business, not new enquiries: they get an owner and source from
the upload form, placement "no form", `dispatched_at` stamped (so the worker never
announces them to the chat channels or assigns them by rule), no first-response
deadline and no e-mail to the team. Each gets its contact as the form's leads do
(`contact_match_or_create`) and a "received" timeline entry naming the file.

Past 400 lines on purpose: the headers (both languages), the row checks and the batch
contact matching are one reading of a file, kept together so a refused row's reason is
found beside the rule that refused it.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from import_export import resources

from .export import FORMULA_STARTS, inert
from .models import Contact, Lead, LeadActivity
from .models.contacts import normalise_email, normalise_phone
from .services import contact_match_or_create

# Headers sales write, in English and Chinese, for each column read (lower case).
HEADERS = {
    "name": ["name", "full name", "contact name", "姓名", "名字", "联系人"],
    "company": ["company", "organisation", "organization", "公司", "公司名称", "单位"],
    "email": ["e-mail", "email", "e-mail address", "email address", "邮箱", "电子邮件", "电子邮箱"],
    "phone": ["phone", "telephone", "mobile", "tel", "电话", "手机", "手机号", "联系电话"],
    "wechat_id": ["wechat", "wechat id", "微信", "微信号"],
    "service": ["service", "服务", "服务项目"],
    "message": ["message", "notes", "note", "留言", "备注", "需求"],
    "source": ["source", "来源", "渠道"],
    "estimated_value": ["value", "estimated value", "amount", "金额", "预计金额", "价值"],
    "created_at": ["created", "date", "received", "created at", "日期", "创建日期", "时间"],
}  # fmt: skip
HEADER_LOOKUP = {alias: key for key, aliases in HEADERS.items() for alias in aliases}

# A phone number as people write it; anything else in the column is text to neutralise.
_PHONE = re.compile(r"^\+?[\d\s\-().]{5,40}$")


def column_title(key):
    """A column's name in the report when the file has no header for it."""
    return {
        "name": _("Name"),
        "company": _("Company"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "wechat_id": _("WeChat"),
        "service": _("Service"),
        "message": _("Message"),
        "source": _("Source"),
        "estimated_value": _("Value"),
        "created_at": _("Created"),
    }.get(key, key)


@dataclass
class Batch:
    """What the upload form says for every lead of the file."""

    owner: object = None
    source: str = Lead.Source.MANUAL
    file_name: str = ""
    author: object = None

    @property
    def source_label(self):
        return Lead.Source(self.source).label


@dataclass
class Report:
    """What the import did (or, in the preview, will do), row by row."""

    headers: dict = field(default_factory=dict)  # file header -> column key
    ignored: list = field(default_factory=list)  # file headers not read
    refused: list = field(default_factory=list)  # (line, column, message)
    new: list = field(default_factory=list)  # (line, name)
    # (line, name, what it repeats, the repeated lead's id or None for an earlier line)
    repeats: list = field(default_factory=list)
    imported: int = 0

    @property
    def refused_lines(self):
        return sorted({line for line, _column, _message in self.refused})


class LeadResource(resources.ModelResource):
    """A row of the file as a new lead; never updates one (no id column is read)."""

    class Meta:
        model = Lead
        fields = ("name", "company", "email", "phone", "wechat_id", "message")
        import_id_fields = ()
        force_init_instance = True
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        report_skipped = True

    def __init__(self, *, batch: Batch):
        super().__init__()
        self.batch = batch
        self.report = Report()
        self.saved = []
        self._services = None
        self._existing = {}
        self._seen = {}
        self._repeats = set()
        self._titles = {}  # column key -> the header as the file wrote it

    # The file's headers, read in English or Chinese.

    def before_import(self, dataset, **kwargs):
        headers = []
        for header in dataset.headers or []:
            text = str(header or "").strip()
            key = HEADER_LOOKUP.get(text.lower().rstrip(":："))
            if key and key not in headers:
                self.report.headers[text] = key
                self._titles[key] = text
                headers.append(key)
            else:
                if text:
                    self.report.ignored.append(text)
                headers.append(f"_ignored_{len(headers)}")
        dataset.headers = headers
        self._load_existing(dataset)

    def _load_existing(self, dataset):
        """The leads already in the CRM with an e-mail or phone of the file: one query."""
        emails, phones = set(), set()
        for row in dataset.dict:
            emails.add(normalise_email(str(row.get("email") or "")))
            phones.add(normalise_phone(str(row.get("phone") or "")))
        emails.discard("")
        phones.discard("")
        if not emails and not phones:
            return
        matches = Lead.objects.filter(email__in=emails) | Lead.objects.filter(
            phone_normalised__in=phones
        )
        for pk, email, phone in matches.order_by("created_at").values_list(
            "pk", "email", "phone_normalised"
        ):
            if email:
                self._existing.setdefault(("email", email), pk)
            if phone:
                self._existing.setdefault(("phone", phone), pk)

    # One row.

    def import_instance(self, instance, row, **kwargs):
        line = kwargs["row_number"] + 1  # the header is line 1
        values = {key: _cell(row.get(key)) for key in HEADERS}
        if not any(_cell(value) for value in row.values()):
            return  # an empty line: skip_row leaves it out
        errors = self._check(values)
        if errors:
            for key, message in errors:
                title = self._titles.get(key) or column_title(key)
                self.report.refused.append((line, title, message))
            raise ValidationError(dict(errors))
        instance.name = _text(row.get("name"))[:120]
        instance.company = _text(row.get("company"))[:160]
        instance.email = normalise_email(values["email"])
        phone = values["phone"]
        instance.phone = (phone if _PHONE.match(phone) else _text(row.get("phone")))[
            :40
        ]
        instance.phone_normalised = normalise_phone(instance.phone)
        instance.wechat_id = _text(row.get("wechat_id"))[:64]
        instance.message = _text(row.get("message"))
        instance.service = values["_service"]
        instance.source = values["_source"] or self.batch.source
        instance.estimated_value = values["_value"]
        instance.created_at = values["_created"] or timezone.now()
        instance.placement = Lead.Placement.NONE
        instance.owner = self.batch.owner
        now = timezone.now()
        instance.assigned_at = now if self.batch.owner else None
        instance.dispatched_at = now
        self._note(instance, line)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Empty lines between rows (spreadsheets keep them) are not rows.
        return not any(_cell(value) for value in row.values())

    def _check(self, values):
        """The row's problems, as (column, message); fills in the parsed values."""
        errors = []
        if not values["name"]:
            errors.append(("name", _("A name is needed.")))
        if not (values["email"] or values["phone"] or values["wechat_id"]):
            errors.append(
                ("email", _("No e-mail, phone or WeChat: no one could reply."))
            )
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                errors.append(("email", _("Not an e-mail address.")))
        if values["phone"] and not normalise_phone(values["phone"]):
            errors.append(("phone", _("Not a phone number.")))
        values["_service"] = None
        if values["service"]:
            values["_service"] = self._service(values["service"])
            if values["_service"] is None:
                errors.append(("service", _("No service has this name.")))
        values["_source"] = ""
        if values["source"]:
            values["_source"] = _source(values["source"])
            if not values["_source"]:
                errors.append(("source", _("Not a source the CRM knows.")))
        values["_value"] = None
        if values["estimated_value"]:
            values["_value"] = _money(values["estimated_value"])
            if values["_value"] is None:
                errors.append(("estimated_value", _("Not an amount of money.")))
        values["_created"] = None
        if values["created_at"]:
            values["_created"] = _when(values["created_at"])
            if values["_created"] is None:
                errors.append(("created_at", _("Not a date (write 2026-03-31).")))
            elif values["_created"] > timezone.now():
                errors.append(("created_at", _("The date is in the future.")))
        return errors

    def _service(self, text):
        if self._services is None:
            from services.models import Service

            self._services = {}
            for service in Service.objects.only("pk", "name", "slug"):
                self._services.setdefault(service.name.strip().lower(), service)
                self._services.setdefault(service.slug.lower(), service)
        return self._services.get(text.strip().lower())

    def _note(self, instance, line):
        """Say whether the row repeats a lead already in the CRM, or an earlier row."""
        keys = []
        if instance.email:
            keys.append(("email", instance.email))
        if instance.phone_normalised:
            keys.append(("phone", instance.phone_normalised))
        repeat = lead_id = None
        for key in keys:
            if key in self._existing:
                lead_id = self._existing[key]
                repeat = _("the same %(what)s as lead #%(id)s") % {
                    "what": _("e-mail") if key[0] == "email" else _("phone"),
                    "id": self._existing[key],
                }
                break
            if key in self._seen:
                repeat = _("the same %(what)s as line %(line)s") % {
                    "what": _("e-mail") if key[0] == "email" else _("phone"),
                    "line": self._seen[key],
                }
                break
        for key in keys:
            self._seen.setdefault(key, line)
        if repeat:
            self.report.repeats.append((line, instance.name, repeat, lead_id))
            self._repeats.add(id(instance))
        else:
            self.report.new.append((line, instance.name))

    def bulk_create(self, using_transactions, dry_run, raise_errors, **kwargs):
        """Give the batch its contacts before it is inserted, then insert it."""
        if dry_run:
            # The preview has checked every row; inserting to roll back costs half
            # its time for nothing.
            self.create_instances.clear()
            return
        if self.create_instances:
            self._link_contacts(self.create_instances)
            self.saved.extend(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, **kwargs)

    def _link_contacts(self, leads):
        """`contact_match_or_create` for a batch, in a few queries instead of five a row.

        The same rule: a contact by normalised e-mail first, then phone; a new one when
        neither is known. A contact that would gain an e-mail, phone or company goes
        through the service itself, and so does the whole batch if a contact form
        created one of its people meanwhile (the unique constraints say so).
        """
        emails = {lead.email for lead in leads if lead.email}
        phones = {lead.phone_normalised for lead in leads if lead.phone_normalised}
        by_email = {
            c.email_normalised: c
            for c in Contact.objects.filter(email_normalised__in=emails)
        }
        by_phone = {
            c.phone_normalised: c
            for c in Contact.objects.filter(phone_normalised__in=phones)
        }
        created, slow = [], []
        for lead in leads:
            contact = by_email.get(lead.email) if lead.email else None
            if contact is None and lead.phone_normalised:
                contact = by_phone.get(lead.phone_normalised)
            if contact is None:
                if not (lead.email or lead.phone_normalised):
                    lead.contact, lead.is_repeat = None, id(lead) in self._repeats
                    continue
                contact = Contact(
                    name=lead.name,
                    company=lead.company,
                    email=lead.email,
                    email_normalised=lead.email,
                    phone=lead.phone,
                    phone_normalised=lead.phone_normalised,
                )
                created.append(contact)
                known = False
            elif contact.pk and _gains(contact, lead):
                slow.append(lead)
                continue
            else:
                known = True
            lead.contact = contact
            lead.is_repeat = known or id(lead) in self._repeats
            if contact.email_normalised:
                by_email.setdefault(contact.email_normalised, contact)
            if contact.phone_normalised:
                by_phone.setdefault(contact.phone_normalised, contact)
        try:
            with transaction.atomic():
                Contact.objects.bulk_create(created)
        except IntegrityError:
            slow = leads
        for lead in slow:
            lead.contact, known = contact_match_or_create(lead=lead)
            lead.is_repeat = known or id(lead) in self._repeats

    def after_import(self, dataset, result, **kwargs):
        """The timeline entries of the leads saved (after the bulk insert)."""
        if kwargs.get("dry_run") or not self.saved:
            return
        text = _("Imported from %(file)s") % {"file": self.batch.file_name}
        LeadActivity.objects.bulk_create(
            [
                LeadActivity(
                    lead=lead,
                    kind=LeadActivity.Kind.CREATED,
                    author=self.batch.author,
                    text=text[:500],
                )
                for lead in self.saved
            ],
            batch_size=1000,
        )
        self.report.imported = len(self.saved)


def _gains(contact, lead):
    """Whether the service would fill one of the contact's blanks from the lead."""
    return bool(
        (lead.email and not contact.email_normalised)
        or (lead.phone_normalised and not contact.phone_normalised)
        or (lead.company and not contact.company)
    )


def _text(value):
    """A text cell, stored inert: a formula start (tab and CR too) kept behind an
    apostrophe, never trimmed away, never run."""
    raw = "" if value is None else str(value)
    if raw.startswith(FORMULA_STARTS):
        return inert(raw.rstrip())
    return raw.strip()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _source(text):
    """A source by its code or its label in either language ("Search engine", 搜索引擎)."""
    text = text.strip().lower()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in Lead.Source.choices:
                if text in (value, str(label).lower()):
                    return value
    return ""


def _money(text):
    cleaned = re.sub(r"[¥￥$,\s]|CNY|RMB|元", "", text, flags=re.IGNORECASE)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        return None
    return amount.quantize(Decimal("0.01"))


def _when(text):
    text = text.strip().replace("/", "-").replace("T", " ").replace(".", "-")
    try:
        # A day alone is taken at noon, so it stays that day in any time zone.
        day = parse_date(text) if len(text) <= 10 else None
        moment = datetime(day.year, day.month, day.day, 12) if day else None
        moment = moment or parse_datetime(text)
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class FileError(Exception):
    """The file cannot be read as a table: say so on the form."""


def leads_import(*, dataset, batch: Batch, dry_run: bool) -> Report:
    """Import the table's good rows (or, dry, only say what would happen).

    `dataset` is the file as a tablib Dataset (leads.admin.imports.read_dataset).
    """
    resource = LeadResource(batch=batch)
    if not any(key == "name" for key in _mapped(dataset)):
        report = Report()
        report.refused.append((1, _("Name"), _("No column is called Name or 姓名.")))
        return report
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
    if result.has_errors():
        errors = list(result.base_errors)
        for _number, row_errors in result.row_errors():
            errors.extend(row_errors)
        raise FileError(
            _("The file could not be imported: %(error)s")
            % {"error": errors[0].error if errors else _("unknown error")}
        )
    return resource.report


def _mapped(dataset):
    return [
        HEADER_LOOKUP.get(str(header or "").strip().lower().rstrip(":："))
        for header in dataset.headers
    ]
