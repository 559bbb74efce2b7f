"""Import leads from a file: upload, preview (nothing saved), confirm, report.

A mixin of LeadAdmin (its "import/" page), so the page sits under the lead list with
the same permissions: adding leads is what importing does, so the add permission
(Sales have it, Editors do not) opens it. The file waits between the preview and the
confirm in the cache (django-import-export's CacheStorage: Redis, shared by every app
server) for a day.
"""

import csv
import io
import logging

import openpyxl
import tablib
from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.tmp_storages import CacheStorage

from .. import imports
from ..models import Lead
from .base import admin_page, sales_users, user_label

logger = logging.getLogger("leads.imports")

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


class ImportForm(forms.Form):
    """The file and what holds for each of its leads."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx). The first line names the columns, in English or "
            "Chinese: Name/姓名, Company/公司, E-mail/邮箱, Phone/电话, WeChat/微信, "
            "Service/服务, Message/留言, Source/来源, Value/金额, Created/日期."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    owner = OwnerChoice(
        label=_("Owner of these leads"),
        queryset=sales_users(),
        required=False,
        empty_label=_("No owner"),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=Lead.Source.choices,
        initial=Lead.Source.MANUAL,
        help_text=_("For rows whose Source column is empty or missing."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is over 5 MB: split it."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ConfirmForm(forms.Form):
    """The previewed file, by its name in the cache, and the same choices."""

    stored = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    owner = OwnerChoice(
        queryset=sales_users(), required=False, widget=forms.HiddenInput
    )
    source = forms.ChoiceField(choices=Lead.Source.choices, widget=forms.HiddenInput)


class LeadImportViews:
    """The import page of LeadAdmin."""

    def get_urls(self):
        return [
            admin_page(
                self, "import/", self.import_view, "leads_lead_import", needs="import"
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._import_preview(request, form)
        return self._import_page(request, form=form)

    def _import_preview(self, request, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        batch = imports.Batch(
            owner=form.cleaned_data["owner"],
            source=form.cleaned_data["source"],
            file_name=upload.name,
            author=request.user,
        )
        try:
            dataset = read_dataset(content=content, file_name=upload.name)
            report = imports.leads_import(dataset=dataset, batch=batch, dry_run=True)
        except imports.FileError as error:
            form.add_error("file", str(error))
            return self._import_page(request, form=form)
        storage = CacheStorage()
        storage.save(content)
        confirm = ConfirmForm(
            initial={
                "stored": storage.name,
                "file_name": upload.name,
                "owner": batch.owner.pk if batch.owner else None,
                "source": batch.source,
            }
        )
        return self._import_page(
            request, form=None, confirm=confirm, report=report, batch=batch
        )

    def _import_confirm(self, request):
        confirm = ConfirmForm(request.POST)
        content = None
        if confirm.is_valid():
            storage = CacheStorage(name=confirm.cleaned_data["stored"])
            content = storage.read()
            # Claimed by one request only: a double click or a second tab on the same
            # preview finds it gone instead of importing the file twice.
            if not cache.delete(storage.CACHE_PREFIX + storage.name):
                content = None
        if content is None:
            messages.error(
                request,
                _("The file is no longer waiting to be imported: upload it again."),
            )
            return self._import_page(request, form=ImportForm())
        batch = imports.Batch(
            owner=confirm.cleaned_data["owner"],
            source=confirm.cleaned_data["source"],
            file_name=confirm.cleaned_data["file_name"],
            author=request.user,
        )
        try:
            dataset = read_dataset(content=content, file_name=batch.file_name)
            report = imports.leads_import(dataset=dataset, batch=batch, dry_run=False)
        except imports.FileError as error:
            messages.error(request, str(error))
            return self._import_page(request, form=ImportForm())
        logger.info(
            "Lead import by %s: %s leads from a file, %s rows refused",
            request.user.get_username(),
            report.imported,
            len(report.refused_lines),
        )
        messages.success(
            request,
            _("%(count)s leads imported from “%(file)s”.")
            % {"count": report.imported, "file": batch.file_name},
        )
        return self._import_page(
            request, form=None, report=report, batch=batch, done=True
        )

    def _import_page(
        self, request, *, form, confirm=None, report=None, batch=None, done=False
    ):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import leads"),
            "opts": self.model._meta,
            "form": form,
            "confirm": confirm,
            "report": report,
            "batch": batch,
            "done": done,
            "changelist_url": reverse("admin:leads_lead_changelist"),
        }
        return TemplateResponse(request, "leads/admin/import.html", context)


def read_dataset(*, content: bytes, file_name: str):
    """The file as a tablib Dataset, CSV (UTF-8 or GB18030, as Excel saves it in China)
    or .xlsx by its name."""
    if file_name.lower().endswith(".xlsx"):
        try:
            dataset = _xlsx_dataset(content)
        except Exception as error:
            raise imports.FileError(_("This is not an Excel (.xlsx) file.")) from error
    elif file_name.lower().endswith((".csv", ".txt")):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise imports.FileError(_("The CSV file is not UTF-8 or GB18030 text."))
        try:
            dataset = _table(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as error:
            raise imports.FileError(
                _("The CSV file cannot be read as a table.")
            ) from error
    else:
        raise imports.FileError(_("Upload a .csv or .xlsx file."))
    if not dataset.headers:
        raise imports.FileError(
            _("The file is empty: its first line should name the columns.")
        )
    if len(dataset) > MAX_ROWS:
        raise imports.FileError(
            _("The file has %(rows)s rows; import at most %(max)s at a time.")
            % {"rows": len(dataset), "max": MAX_ROWS}
        )
    return dataset


def _xlsx_dataset(content):
    """The first sheet, formulas as their text ("=SUM(A1)"), to be stored inert.

    import-export's XLSX format reads a formula's last computed value (data_only):
    what a formula showed is not what the cell holds, and sales should see the cell.
    Short rows are padded to the header's width.
    """
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        return _table(book.active.iter_rows(values_only=True))
    finally:
        book.close()


def _table(rows):
    """A Dataset of rows under the first, each cut or padded to the header's width
    (spreadsheets and CSV files often end rows early)."""
    rows = iter(rows)
    headers = list(next(rows, []))
    while headers and headers[-1] in (None, ""):
        headers.pop()
    dataset = tablib.Dataset()
    dataset.headers = headers
    for row in rows:
        values = list(row[: len(headers)])
        dataset.append(values + [None] * (len(headers) - len(values)))
    return dataset
