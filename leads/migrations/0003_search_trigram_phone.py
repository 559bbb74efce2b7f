"""Trigram indexes for the rest of the leads search, measured on a million leads.

The search compares UPPER(phone) (the phone as typed) and, for digits, phone_normalised
with a case-sensitive LIKE; one OR branch without an index makes PostgreSQL read the whole
table, so each branch gets its own.
"""

from django.db import migrations

INDEXES = {
    "leads_lead_phone_trgm": "upper(phone) gin_trgm_ops",
    "leads_lead_phone_digits_trgm": "phone_normalised gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON leads_lead USING gin ({expression})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("leads", "0002_search_trigram_indexes")]

    operations = [migrations.RunPython(create, drop)]
