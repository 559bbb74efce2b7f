"""Editors open existing objects in the admin and save them, as they do every day."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.admin.forms import as_post, form_data

pytestmark = pytest.mark.django_db


def test_an_existing_article_with_a_cover_saves_unchanged(admin_client):
    """The release blocker of issue #13: the image validator read a closed file."""
    call_command("demo_content")
    article = Article.objects.exclude(cover="").first()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = as_post(form_data(admin_client.get(url).content.decode(), "article_form"))
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
