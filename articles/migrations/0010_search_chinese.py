"""Make again the search documents of articles with text beyond ASCII: made in SQL,
they hold a Chinese sentence as one token and know none of its words (#17)."""

from django.db import migrations
from django.db.models import Q

from articles.search import reindex

BEYOND_ASCII = r"[^\x01-\x7f]"


def cut_chinese(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    reindex(
        Article._base_manager.filter(
            Q(title__regex=BEYOND_ASCII)
            | Q(excerpt__regex=BEYOND_ASCII)
            | Q(body__regex=BEYOND_ASCII)
        )
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_translations")]

    operations = [migrations.RunPython(cut_chinese, migrations.RunPython.noop)]
