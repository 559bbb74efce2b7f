"""Stage probabilities: how likely a lead at each stage is to be won, set by a manager.

All six stages are listed (a missing row is created with its default when the list is
opened), their probabilities edited in the list itself.
"""

from django.contrib import admin

from .. import pipeline
from ..models import StageProbability


@admin.register(StageProbability)
class StageProbabilityAdmin(admin.ModelAdmin):
    list_display = ["stage", "probability"]
    list_display_links = ["stage"]
    list_editable = ["probability"]
    ordering = ["probability", "stage"]

    def changelist_view(self, request, extra_context=None):
        if self.has_view_permission(request):
            pipeline.stage_probabilities_ensure()
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        # A stage is the row itself: its probability is what changes.
        return ["stage"] if obj is not None else []

    def has_add_permission(self, request):
        taken = StageProbability.objects.count()
        return taken < len(StageProbability.DEFAULTS) and super().has_add_permission(
            request
        )
