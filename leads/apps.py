from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from .models import Lead
        from .pipeline import BOARD_FIELDS, board_retire

        def retire(update_fields=None, **kwargs):
            # A save of fields the board does not count (a response stamp) keeps them.
            if update_fields is None or BOARD_FIELDS.intersection(update_fields):
                transaction.on_commit(board_retire)

        # The board keeps its column totals until a lead is saved (leads/pipeline.py).
        post_save.connect(
            retire, sender=Lead, weak=False, dispatch_uid="leads-board-retire"
        )
        post_delete.connect(
            retire, sender=Lead, weak=False, dispatch_uid="leads-board-retire-del"
        )
