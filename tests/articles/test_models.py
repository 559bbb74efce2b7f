from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Category
from tests.factories import ArticleFactory, CategoryFactory, DraftArticleFactory

pytestmark = pytest.mark.django_db


def image_upload(name="cover.png", size=(1600, 900), fmt="PNG"):
    buffer = BytesIO()
    Image.new("RGB", size, (18, 73, 214)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt}")


def test_slug_is_made_from_the_title():
    article = ArticleFactory(title="How to Grow a Mini Program!")
    assert article.slug == "how-to-grow-a-mini-program"


def test_chinese_title_gets_a_readable_unicode_slug(client):
    article = ArticleFactory(title="小程序商城上线前的十项检查")
    assert article.slug == "小程序商城上线前的十项检查"
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "小程序商城上线前的十项检查" in response.content.decode()


def test_mixed_title_keeps_both_scripts():
    assert (
        ArticleFactory(title="微信 Mini Program 2026").slug == "微信-mini-program-2026"
    )


def test_title_without_letters_gets_a_fallback_slug():
    article = ArticleFactory(title="!!! ???")
    assert article.slug.startswith("article-")
    assert len(article.slug) == len("article-") + 8


def test_slugs_are_unique():
    first = ArticleFactory(title="Same title")
    second = ArticleFactory(title="Same title")
    third = ArticleFactory(title="Same title")
    assert [first.slug, second.slug, third.slug] == [
        "same-title",
        "same-title-2",
        "same-title-3",
    ]


def test_long_titles_give_bounded_slugs():
    article = ArticleFactory(title="word " * 39)
    assert len(article.slug) <= 80
    assert not article.slug.endswith("-")


def test_slug_stays_when_a_published_title_changes():
    article = ArticleFactory(title="Original title")
    article.title = "A much better title"
    article.full_clean()
    article.save()
    article.refresh_from_db()
    assert article.slug == "original-title"


def test_published_slug_cannot_be_edited():
    article = Article.objects.get(pk=ArticleFactory(title="Stable").pk)
    article.slug = "something-else"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_draft_slug_can_still_be_edited():
    article = Article.objects.get(pk=DraftArticleFactory(title="Draft").pk)
    article.slug = "better-slug"
    article.full_clean()
    article.save()
    assert Article.objects.get(pk=article.pk).slug == "better-slug"


def test_excerpt_is_made_from_the_body_when_empty():
    article = ArticleFactory(
        excerpt="",
        body="<p>First <strong>bold</strong> words.</p><p>" + "x " * 200 + "</p>",
    )
    assert article.excerpt.startswith("First bold words.")
    assert "<" not in article.excerpt
    assert len(article.excerpt) <= 160


def test_given_excerpt_is_kept():
    assert ArticleFactory(excerpt="Hand written.").excerpt == "Hand written."


def test_body_is_sanitised_on_save():
    article = ArticleFactory(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body


def test_cover_gets_webp_and_jpeg_renditions_with_sizes():
    article = ArticleFactory.build()
    article.author.save()
    article.category.save()
    article.cover = image_upload()
    article.save()
    article.refresh_from_db()
    assert article.cover_width == 1600
    assert article.cover_height == 900
    for width in (400, 800, 1200):
        rendition = article.cover_rendition(width)
        assert rendition["width"] == width
        assert rendition["height"] == width * 9 // 16
        assert rendition["webp"].endswith(".webp")
        assert rendition["jpeg"].endswith(".jpg")
        with article.cover.storage.open(rendition["webp"]) as stored:
            assert Image.open(stored).size == (width, width * 9 // 16)


def test_renditions_follow_a_new_cover_and_go_with_it():
    article = ArticleFactory()
    article.cover = image_upload()
    article.save()
    first = article.cover_rendition(400)["jpeg"]
    article.cover = image_upload("other.png")
    article.save()
    assert article.cover_rendition(400)["jpeg"] != first
    article.cover = ""
    article.save()
    assert article.cover_renditions == {}


def test_cover_that_is_not_an_image_is_refused():
    article = ArticleFactory()
    article.cover = SimpleUploadedFile("cover.jpg", b"<html>not an image</html>")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "cover" in error.value.message_dict


def test_cover_with_too_many_pixels_is_refused(settings):
    settings.AGENCY_MAX_IMAGE_PIXELS = 1000
    article = ArticleFactory()
    article.cover = image_upload(size=(100, 100))
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "cover" in error.value.message_dict


def test_categories_have_two_levels_only():
    top = CategoryFactory()
    middle = CategoryFactory(parent=top)
    deep = Category(name="Too deep", slug="too-deep", parent=middle)
    with pytest.raises(ValidationError):
        deep.full_clean()


def test_category_with_children_cannot_move_under_another():
    top = CategoryFactory()
    CategoryFactory(parent=top)
    top.parent = CategoryFactory()
    with pytest.raises(ValidationError):
        top.full_clean()


def test_excerpt_keeps_paragraphs_apart_and_decodes_entities():
    article = ArticleFactory(excerpt="", body="<p>Fish &amp; chips.</p><p>Second.</p>")
    assert article.excerpt == "Fish & chips. Second."


def test_author_avatar_gets_a_small_square_copy(client):
    from tests.factories import AuthorProfileFactory

    profile = AuthorProfileFactory(display_name="Square Face")
    profile.avatar = image_upload("face.png", size=(900, 600))
    profile.save()
    profile.refresh_from_db()
    assert profile.avatar_thumbnail.endswith("-144.jpg")
    with profile.avatar.storage.open(profile.avatar_thumbnail) as stored:
        assert Image.open(stored).size == (144, 144)
    article = ArticleFactory(author=profile.user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{profile.avatar_url}"' in html
    assert profile.avatar.url not in html
