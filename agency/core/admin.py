"""The admin as a whole (its site, titles and sign-in form: agency/core/admin_site.py):
the user and sign-in-attempt admins, and a "view on site" redirect that respects
permissions."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency.core.admin_base import KeepStoredPrecisionMixin
from agency.core.models import PeriodicJob
from agency.core.tasks import backlog_of, job_status


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for staff who may see the object here.

    Django's own answers any staff user with the object's public address: a draft's
    slug for a salesperson. Everyone else gets the same 404 as for a missing object.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    obj = model_admin and model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(KeepStoredPrecisionMixin, UserAdmin):
    """Django's user admin; saving a user unchanged keeps their sign-in times."""


class SignInAttemptAdmin(AccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes reads the time from an attribute only its sign-in path sets:
        # without it its own action answered 500.
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, SignInAttemptAdmin)


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    """What the worker did with each periodic job, for superusers: read-only."""

    list_display = [
        "name",
        "status",
        "schedule",
        "last_started_at",
        "last_succeeded_at",
        "last_failed_at",
        "runs",
        "failures",
        "backlog",
        "last_result",
    ]
    fields = [*list_display[:4], "last_duration", *list_display[4:], "last_error"]
    readonly_fields = fields

    STATUS_LABELS = {
        "late": _("late"),
        "failing": _("failing"),
        "ok": _("ok"),
        "never run": _("never run"),
    }

    @admin.display(description=_("status"))
    def status(self, job):
        status = job_status(job)
        return self.STATUS_LABELS.get(status, status)

    @admin.display(description=_("waiting"))
    def backlog(self, job):
        return backlog_of(job.name)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
