"""Store the size of every cover stored without one (see Article.cover_size_keep): an
article loaded without it opened its picture to measure it, each time."""

from django.core.files.images import get_image_dimensions
from django.db import migrations


def keep_cover_sizes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    missing = Article.objects.exclude(cover="").filter(cover_width__isnull=True)
    for pk, name in missing.values_list("pk", "cover").iterator():
        field = Article._meta.get_field("cover")
        try:
            with field.storage.open(name) as picture:
                width, height = get_image_dimensions(picture)
        except OSError:
            continue  # the file is gone: nothing to measure
        if width and height:
            Article.objects.filter(pk=pk).update(cover_width=width, cover_height=height)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_author_bio_chinese")]

    operations = [migrations.RunPython(keep_cover_sizes, migrations.RunPython.noop)]
