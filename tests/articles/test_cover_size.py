"""An article's cover is stored with its size, however the cover was given, so that
loading the article never opens the picture to measure it."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db.models.signals import post_init
from PIL import Image

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def test_a_cover_given_as_a_file_is_stored_with_its_size():
    article = ArticleFactory.build(
        author=ArticleFactory().author, category=ArticleFactory().category
    )
    article.cover.save("cover.jpg", jpeg(640, 360), save=False)  # as the demo does
    article.save()
    stored = Article.objects.filter(pk=article.pk).values_list(
        "cover_width", "cover_height"
    )
    assert list(stored) == [(640, 360)]


def test_loading_an_article_does_not_measure_its_cover_again():
    article = ArticleFactory.build(
        author=ArticleFactory().author, category=ArticleFactory().category
    )
    article.cover.save("cover.jpg", jpeg(320, 180), save=False)
    article.save()
    measured = []

    def watch(sender, instance, **kwargs):
        measured.append("_dimensions_cache" in instance.cover.__dict__)

    post_init.connect(watch, sender=Article)
    try:
        loaded = Article.objects.get(pk=article.pk)
    finally:
        post_init.disconnect(watch, sender=Article)
    assert measured == [False]  # Django's own receiver ran first and kept the size
    assert (loaded.cover_width, loaded.cover_height) == (320, 180)
