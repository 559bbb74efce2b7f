"""Trigram indexes so the leads list's search (ILIKE '%...%') stays fast at a million rows.

PostgreSQL only (the local demo may run on SQLite, where the list is small anyway).
pg_trgm is a trusted extension from PostgreSQL 13, so the database owner may create it.
"""

from django.db import migrations

SEARCHED = ["name", "company", "email", "phone_normalised"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS leads_lead_{column}_trgm "
            f"ON leads_lead USING gin (upper({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS leads_lead_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("leads", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
