"""agency.core.queries.WrittenOnce: the ORM's SQL written once, run with other values."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agency.core.queries import WrittenOnce
from articles.models import Article
from articles.selectors import article_for_page
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CategoryFactory,
    ScheduledArticleFactory,
)

pytestmark = pytest.mark.django_db

ANY_SLUG = "\x1f"
ANY_MOMENT = datetime.datetime(2000, 1, 1, 0, 0, 0, 123457, tzinfo=datetime.UTC)


def whole(**values):
    return (
        Article.objects.published(language="en", at=values["at"])
        .filter(slug=values["slug"])
        .select_related("category__parent", "author__author_profile")
        .defer("search_document", "author__password")
    )


def fields_of(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.fields}


def test_rows_are_what_the_orm_gives_for_the_same_values():
    parent = CategoryFactory(name="Marketing")
    profile = AuthorProfileFactory(display_name="Li Wei")
    first = ArticleFactory(
        slug="first", category=CategoryFactory(parent=parent), author=profile.user
    )
    ArticleFactory(slug="second")
    written = WrittenOnce(whole, slug=ANY_SLUG, at=ANY_MOMENT)
    now = timezone.now()

    for slug in ("first", "second"):  # written once, run with each slug
        [found] = written.rows(slug=slug, at=now)
        [expected] = whole(slug=slug, at=now)
        assert found.get_deferred_fields() == expected.get_deferred_fields()
        assert fields_of(found) == fields_of(expected)
        for related in (
            lambda a: a.category,
            lambda a: a.category.parent,
            lambda a: a.author,
            lambda a: a.author_profile,
        ):
            mine, theirs = related(found), related(expected)
            if theirs is None:
                assert mine is None
            else:
                assert fields_of(mine) == fields_of(theirs)
    assert written.first(slug="first", at=now).category.parent == parent
    # What the related objects are was read with the row: no query follows them.
    with CaptureQueriesContext(connection) as queries:
        found = written.first(slug="first", at=now)
        assert found.author.author_profile.display_name == "Li Wei"
        assert found.category.parent.name == "Marketing"
    assert len(queries) == 1
    assert first.pk == found.pk


def test_each_run_judges_with_its_own_values():
    scheduled = ScheduledArticleFactory(slug="later")
    written = WrittenOnce(whole, slug=ANY_SLUG, at=ANY_MOMENT)
    assert written.first(slug="later", at=timezone.now()) is None
    assert written.first(slug="missing", at=timezone.now()) is None
    later = scheduled.published_at + datetime.timedelta(minutes=1)
    assert written.first(slug="later", at=later).pk == scheduled.pk


def test_an_example_that_is_not_among_the_parameters_is_refused():
    written = WrittenOnce(
        lambda slug: Article.objects.filter(title="fixed"), slug=ANY_SLUG
    )
    with pytest.raises(ValueError, match="slug's example"):
        written.rows(slug="x")


def test_the_article_page_read_gives_its_tags_in_the_order_given():
    article = ArticleFactory(slug="tagged")
    for name in ("seo", "branding", "ads"):
        article.tags.add(name)
    found = article_for_page("tagged")
    assert [tag.name for tag in found.tag_list] == ["seo", "branding", "ads"]
    assert article_for_page("untagged-and-missing") is None


def test_live_translations_judge_the_schedule_at_each_call():
    article = ArticleFactory(slug="english")
    later = ScheduledArticleFactory(
        slug="chinese", language="zh-hans", translation_key=article.translation_key
    )
    assert set(article.live_translations()) == {"en"}
    Article.objects.filter(pk=later.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert set(article.live_translations()) == {"en", "zh-hans"}
