"""Unpublished content stays unpublished: a draft's or scheduled article's cover, its
renditions and its share images cannot be reached by guessing from its slug or title."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CaseStudyImageFactory,
    DraftArticleFactory,
    ScheduledArticleFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

RANDOM = re.compile(r"[0-9a-f]{32}")


def jpeg(size=(1600, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def assert_unguessable(name, *words):
    """`name` holds 32 random hex digits and none of the words it could be guessed by."""
    base = name.rsplit("/", 1)[-1]
    assert RANDOM.search(base), name
    for word in words:
        assert word.lower() not in base.lower(), (word, name)


def article_files(article):
    names = [article.cover.name]
    for size, entry in article.cover_renditions.items():
        if size != "source":
            names += [entry["jpeg"], entry["webp"]]
    return names


@pytest.mark.parametrize("factory", [DraftArticleFactory, ScheduledArticleFactory])
def test_an_unpublished_articles_cover_and_renditions_have_random_names(factory):
    article = factory(
        title="Secret launch plan",
        slug="secret-launch-plan",
        cover=SimpleUploadedFile("secret-launch-plan.jpg", jpeg()),
    )
    names = article_files(article)
    assert len(names) == 7  # the cover, and three sizes in two formats
    for name in names:
        assert_unguessable(name, "secret", "launch", "plan", "cover")
    # Nor are the renditions named after the cover: one does not lead to another.
    stem = article.cover.name.rsplit("/", 1)[-1].split(".")[0]
    assert not any(stem in name for name in names[1:])


def test_every_model_image_is_stored_under_a_random_name():
    profile = AuthorProfileFactory(
        display_name="Wang Fang",
        avatar=SimpleUploadedFile("wang-fang.jpg", jpeg((300, 300))),
    )
    service = ServiceFactory(image=SimpleUploadedFile("mall.jpg", jpeg()))
    gallery = CaseStudyImageFactory(image=SimpleUploadedFile("shot-1.jpg", jpeg()))
    assert_unguessable(profile.avatar.name, "wang", "fang")
    assert_unguessable(profile.avatar_thumbnail, "wang", "fang")
    assert_unguessable(service.image.name, "mall", service.slug)
    assert_unguessable(gallery.image.name, "shot")


def test_a_cover_stored_under_an_old_name_stays_valid(client, settings):
    """Names stored before random names keep working: nothing is renamed."""
    old = "articles/covers/2024/01/mini-programs.jpg"
    path = settings.MEDIA_ROOT / old
    path.parent.mkdir(parents=True)
    path.write_bytes(jpeg())
    article = ArticleFactory(title="Mini programs")
    Article.objects.filter(pk=article.pk).update(cover=old)
    article = Article.objects.get(pk=article.pk)
    article.save()
    article = Article.objects.get(pk=article.pk)
    assert article.cover.name == old
    assert client.get(f"/media/{old}")["Content-Type"] == "image/jpeg"
    # Its renditions are made from it, under names of their own.
    assert article.cover_renditions["source"] == old
    rendition = article.cover_rendition(800)["jpeg"]
    assert_unguessable(rendition, "mini", "programs")
    assert f"/media/{rendition}" in client.get(article.get_absolute_url()).text


def withdrawn(**kwargs):
    """An article that was live (its share images drawn), then taken back to draft."""
    from django.test import Client

    article = ArticleFactory(**kwargs)
    client = Client()
    for image in ("poster.png", "card.png", "qr.svg"):
        assert client.get(f"{article.get_absolute_url()}{image}").status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    return article


@pytest.mark.parametrize(
    "factory", [DraftArticleFactory, ScheduledArticleFactory, withdrawn]
)
@pytest.mark.parametrize("image", ["poster.png", "card.png", "qr.svg"])
def test_share_images_of_an_unpublished_article_answer_404(client, factory, image):
    article = factory(
        title="Secret launch plan",
        slug="secret-launch-plan",
        cover=SimpleUploadedFile("c.jpg", jpeg()),
    )
    response = client.get(f"/articles/{article.slug}/{image}")
    assert response.status_code == 404
    assert b"Secret launch plan" not in response.content
