"""Factories of the articles app."""

from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, AuthorProfile, Category

from .agency import StaffFactory

__all__ = [
    "AuthorFactory",
    "AuthorProfileFactory",
    "CategoryFactory",
    "ArticleFactory",
    "DraftArticleFactory",
    "ScheduledArticleFactory",
]


class AuthorFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"author{n}")


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorProfile

    user = factory.SubFactory(AuthorFactory)
    display_name = factory.Sequence(lambda n: f"Author {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, visible now (one minute old by default)."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    author = factory.SubFactory(AuthorFactory)
    category = factory.SubFactory(CategoryFactory)
    body = factory.LazyAttribute(lambda o: f"<p>The body of {o.title}.</p>")
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class DraftArticleFactory(ArticleFactory):
    status = Article.Status.DRAFT


class ScheduledArticleFactory(ArticleFactory):
    published_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
