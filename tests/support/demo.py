"""The demo content, built once per test session and copied back where a test asks.

Building it draws eighty covers, each in three sizes and two formats (some twenty
seconds); copying its tables back with PostgreSQL's COPY takes a fraction of a second.
The `demo` and `demo_site` fixtures (tests/conftest.py, tests/browser/conftest.py)
restore it, each module with its own copy of the media files; the build itself runs
here once a session and in the `make run` test (tests/agency/test_settings.py).
"""

import io
import shutil

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style


def django_tables(connection):
    """Every table of an installed model that exists, many-to-many tables too."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    return sorted(
        table
        for table in connection.introspection.django_table_names(only_existing=True)
        if table in existing
    )


def copy_out(connection, tables):
    """Each table's rows as PostgreSQL's COPY writes them."""
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            buffer = io.BytesIO()
            # Table names from Django's own introspection, not from outside.
            cursor.copy_expert(f'COPY public."{table}" TO STDOUT', buffer)
            rows[table] = buffer.getvalue()
    return rows


def copy_in(connection, rows):
    """Make the tables hold `rows` and nothing else, their sequences after them.

    Run it in a transaction: the foreign keys are checked at its end, whatever the
    tables' order."""
    quoted = ", ".join(f'public."{table}"' for table in rows)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        for table, data in rows.items():
            cursor.copy_expert(f'COPY public."{table}" FROM STDIN', io.BytesIO(data))
        # Many-to-many tables too (a user's groups): a sequence left at 1 makes the
        # next row's id collide, and Django's add() ignores the conflict silently.
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)
    # Content types are cached by id in the process: never trust one across a copy.
    ContentType.objects.clear_cache()


class Snapshot:
    """The demo's rows and the folder of its media files."""

    def __init__(self, rows, media_root):
        self.rows = rows
        self.media_root = media_root

    @classmethod
    def build(cls, connection, media_root):
        """Build the demo as `make run` does (outside any transaction, so what waits
        for a commit runs), copy it, and leave the database as it was found."""
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import transaction
        from django.test import override_settings

        tables = django_tables(connection)
        before = copy_out(connection, tables)
        cache.clear()
        try:
            with override_settings(MEDIA_ROOT=media_root):
                call_command("demo_content", verbosity=0)
            return cls(copy_out(connection, tables), media_root)
        finally:  # a build that failed half-way is not left for the tests after it
            with transaction.atomic():
                copy_in(connection, before)
            cache.clear()

    def media_copy(self, folder):
        """A copy of the demo's media files in `folder`, for tests that change them."""
        shutil.copytree(self.media_root, folder, dirs_exist_ok=True)
        return folder

    def restore(self, connection):
        copy_in(connection, self.rows)
