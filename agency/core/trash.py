"""Trash instead of delete: content an editor deletes waits in the Trash for
AGENCY_TRASH_DAYS, gone from every public surface at once, then is purged by the
background worker (`purge_trash`, a periodic job). Restoring it brings it back as it was.

A trashed row keeps its data; `published()` (agency.core.publishing) leaves it out, so
pages, lists, the sidebar, search, sitemaps, feeds and related reading all lose it with
one rule. Its address is freed while it waits (the slug moves aside to `trashed_slug`),
so new content may take it; restoring into a taken address is refused with a message.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Trashable(models.Model):
    """A model whose deletions go to the Trash first (with a `slug` to free)."""

    trashed_at = models.DateTimeField(
        _("moved to the trash"), null=True, blank=True, editable=False, db_index=True
    )
    trashed_slug = models.CharField(
        _("address before the trash"), max_length=255, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def in_trash(self):
        return self.trashed_at is not None

    def trash(self):
        """Move to the Trash: off every public surface, its address freed."""
        if self.in_trash:
            return
        self.trashed_slug = self.slug
        self.slug = f"trashed-{self.pk}-{self.slug}"[
            : self._meta.get_field("slug").max_length
        ]
        self.trashed_at = timezone.now()
        self.save()

    def untrash(self):
        """Bring back from the Trash; False (nothing changed) when its old address has
        been taken meanwhile."""
        if not self.in_trash:
            return True
        taken = (
            type(self)
            ._default_manager.filter(slug=self.trashed_slug)
            .exclude(pk=self.pk)
            .exists()
        )
        if taken:
            return False
        self.slug, self.trashed_slug, self.trashed_at = self.trashed_slug, "", None
        self.save()
        return True


def trashable_models():
    return [model for model in apps.get_models() if issubclass(model, Trashable)]


def purge_trash(now=None):
    """Delete for good what has been in the Trash longer than AGENCY_TRASH_DAYS;
    return how many rows."""
    before = (now or timezone.now()) - timedelta(days=settings.AGENCY_TRASH_DAYS)
    purged = 0
    for model in trashable_models():
        for obj in model._default_manager.filter(trashed_at__lt=before):
            with transaction.atomic():
                obj.delete()
            purged += 1
    return purged


class SetAsideFilter(admin.SimpleListFilter):
    """A list filter whose default leaves out what is set aside (trashed, merged, spam).

    Its first choice, Django's "All", is that default, so it is named for what it shows:
    `default_label`. Where a date or link set a row aside, `field` names it and
    `set_aside` is the one other choice, (value, label): the rows where it is set.
    """

    default_label = None
    field = None
    set_aside = None

    def lookups(self, request, model_admin):
        return [self.set_aside]

    def queryset(self, request, queryset):
        shown = self.value() == self.set_aside[0]
        return queryset.filter(**{f"{self.field}__isnull": not shown})

    def choices(self, changelist):
        all_entry, *lookups = super().choices(changelist)
        yield {**all_entry, "display": self.default_label}
        yield from lookups


class TrashFilter(SetAsideFilter):
    title = _("deleted items")
    parameter_name = "trash"
    default_label = _("Not in the trash")
    field = "trashed_at"
    set_aside = ("1", _("In the trash"))


class TrashAdmin:
    """Deleting moves to the Trash; the list's "trash" filter shows it, with actions to
    restore and to delete for good (a revision stays: "Recover deleted" still can)."""

    def get_list_filter(self, request):
        return [TrashFilter, *super().get_list_filter(request)]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if request.GET.get(TrashFilter.parameter_name) == "1":
            actions.pop("delete_selected", None)
            for name in ("restore_from_trash", "delete_for_good"):
                func, action_name, description = self.get_action(name)
                actions[action_name] = (func, action_name, description)
        return actions

    delete_confirmation_template = "admin/trash_confirmation.html"

    def get_deleted_objects(self, objs, request):
        """What a delete takes: the objects alone, into the trash. Their rows stay, so
        nothing related is deleted, and no permission on it is needed."""
        objs = list(objs)
        opts = self.model._meta
        perms_needed = (
            set() if self.has_delete_permission(request) else {opts.verbose_name}
        )
        model_count = {opts.verbose_name_plural: len(objs)} if objs else {}
        return [str(obj) for obj in objs], model_count, perms_needed, []

    def delete_view(self, request, object_id, extra_context=None):
        context = {"trash_days": settings.AGENCY_TRASH_DAYS, **(extra_context or {})}
        return super().delete_view(request, object_id, context)

    def delete_model(self, request, obj):
        obj.trash()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            obj.trash()
        messages.info(request, self.where_it_went())

    def where_it_went(self):
        return _(
            "It is in the trash (the list's “trash” filter) for %(days)s days: "
            "restore it from there, or delete it for good."
        ) % {"days": settings.AGENCY_TRASH_DAYS}

    def response_delete(self, request, obj_display, obj_id):
        if IS_POPUP_VAR in request.POST:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request,
            _("“%(obj)s” was moved to the trash.") % {"obj": obj_display}
            + " "
            + self.where_it_went(),
            messages.SUCCESS,
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
        )

    @admin.action(description=_("Restore from the trash"))
    def restore_from_trash(self, request, queryset):
        restored, refused = 0, []
        for obj in queryset:
            if obj.untrash():
                restored += 1
            else:
                refused.append(obj)
        if restored:
            self.message_user(
                request,
                ngettext("%d item restored.", "%d items restored.", restored)
                % restored,
                messages.SUCCESS,
            )
        for obj in refused:
            self.message_user(
                request,
                _(
                    "“%(name)s” was not restored: its address /%(slug)s/ is taken by "
                    "other content now. Give the other a new address first, then "
                    "restore this one."
                )
                % {"name": obj, "slug": obj.trashed_slug},
                messages.ERROR,
            )

    @admin.action(description=_("Delete for good"), permissions=["delete"])
    def delete_for_good(self, request, queryset):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        count = 0
        for obj in queryset.filter(trashed_at__isnull=False):
            with transaction.atomic():
                obj.delete()
            count += 1
        self.message_user(
            request,
            ngettext("%d item deleted for good.", "%d items deleted for good.", count)
            % count,
            messages.SUCCESS,
        )
