"""Articles saved before Chinese was cut into words get new search documents (#17)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.models.article import search_vector
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def found(client, query):
    return list(client.get(reverse("articles:search"), {"q": query}).context["results"])


def test_migration_makes_again_the_documents_of_articles_beyond_ascii(client):
    migration = importlib.import_module("articles.migrations.0010_search_chinese")
    chinese = ArticleFactory(title="旧文章", excerpt="摘要。", body="<p>关于钉钉。</p>")
    english = ArticleFactory(title="Plain English", body="<p>Only ASCII.</p>")
    Article.objects.filter(pk=chinese.pk).update(search_document=search_vector())
    Article.objects.filter(pk=english.pk).update(search_document=None)

    migration.cut_chinese(django_apps, SimpleNamespace(connection=connection))

    assert found(client, "钉钉") == [chinese]
    # Documents of ASCII text are the same either way: left as they are.
    assert Article.objects.get(pk=english.pk).search_document is None
