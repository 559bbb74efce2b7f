"""The pipeline board's index (leads.pipeline): the genuine, unmerged, unerased leads by
stage, newest change first, carrying their value.

A column's page of cards is a range of it, and its count and value total an index-only
scan. Written as SQL, not Meta.indexes: the model's file is not the board's, and the
index is only a read path (no model state changes).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("leads", "0011_lead_emails")]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS lead_board_idx ON leads_lead "
                "(status, updated_at DESC, id DESC) INCLUDE (estimated_value) "
                "WHERE NOT is_spam AND merged_into_id IS NULL AND erased_at IS NULL"
            ),
            reverse_sql="DROP INDEX IF EXISTS lead_board_idx",
        )
    ]
