"""Full-text search reads the GIN index, so it stays fast with 100k articles."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import full_text_matches
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["mini program", "小程序 SEO"])
def test_search_query_uses_the_gin_index(query):
    ArticleFactory.create_batch(3)
    # All articles: the published filter has an index of its own the planner could pick.
    queryset = full_text_matches(Article.objects.all(), query)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows make a sequential scan cheaper; forbid it to see the index is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_doc_idx" in plan, plan


def test_list_query_uses_the_language_status_and_date_index():
    ArticleFactory.create_batch(3)
    sql, params = Article.objects.published()[:12].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Read in the index's order, newest first, not sorted whole: with three rows
        # the planner may find another index and a sort as cheap (the home page's,
        # which has `featured` before the date).
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_lang_pub_idx" in plan, plan
