"""The pipeline board's index (leads.pipeline): the genuine, unmerged, unerased leads by
stage, newest change first, carrying their value. PostgreSQL only: SQLite cannot
include columns, and Django leaves a covering index out there."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("leads", "0011_lead_emails")]

    operations = [
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(
                fields=["status", "-updated_at", "-id"],
                include=["estimated_value"],
                condition=Q(
                    is_spam=False, merged_into__isnull=True, erased_at__isnull=True
                ),
                name="lead_board_idx",
            ),
        )
    ]
