"""The article admin's tag suggestions: existing tags, for the people who tag."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory, EditorFactory, SalesFactory

pytestmark = pytest.mark.django_db
URL = "/admin/articles/article/tags/suggest/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_tags_starting_with_the_words_come_first_the_most_used_first():
    ArticleFactory(tags=["web design", "new web"])
    ArticleFactory(tags=["wechat", "web design"])
    editor = signed_in(EditorFactory())
    assert editor.get(URL, {"q": "we"}).json() == {
        "tags": ["web design", "wechat", "new web"]
    }
    assert editor.get(URL, {"q": " "}).json() == {"tags": []}


def test_sales_and_visitors_get_no_tags():
    ArticleFactory(tags=["wechat"])
    assert signed_in(SalesFactory()).get(URL, {"q": "we"}).status_code == 403
    assert Client().get(URL, {"q": "we"}).status_code == 302  # to the sign-in
