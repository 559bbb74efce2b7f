"""The `make run` path on a fresh SQLite database keeps working (the suite is on PostgreSQL)."""

import sys

from tests.support.processes import run

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from agency.site.models import MenuItem
call_command("migrate", verbosity=0, interactive=False)
call_command("demo_content", verbosity=0)
first = MenuItem.objects.count()
call_command("demo_content", verbosity=0)
assert MenuItem.objects.count() == first, "demo content is not idempotent"
call_command("ensure_admin")
response = Client().get("/", HTTP_HOST="127.0.0.1")
assert response.status_code == 200, response.status_code
html = response.content.decode()
assert "Bluepeak Digital" in html and "WeChat Development" in html

# An article page: its neighbours and related reading come from one hand-written query
# (articles.selectors.AROUND_SQL), which SQLite reads too.
from articles.models import Article
from articles.selectors import article_around
articles = list(Article.objects.published(language="en").order_by("-published_at"))
article = articles[len(articles) // 2]
tag_ids = [tag.pk for tag in article.tags.all()]
previous, following, related = article_around(article, tag_ids=tag_ids)
assert previous.published_at <= article.published_at <= following.published_at
assert related and article not in related
sharing = {
    other.pk
    for other in Article.objects.published(language="en").filter(tags__in=tag_ids)
    if other.pk != article.pk
}
assert related[0].pk in sharing, "the first related article shares no tag"
page = Client().get(article.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()
assert 'rel="prev"' in page and 'rel="next"' in page
from django.utils.html import escape
assert escape(related[0].title) in page
print("SMOKE OK")
"""


def test_make_run_path_on_fresh_sqlite(tmp_path):
    result = run(
        [sys.executable, "-c", SCRIPT],
        env={
            "DJANGO_SETTINGS_MODULE": "agency.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        drop=("DJANGO_", "DATABASE_URL", "REDIS_URL"),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SMOKE OK" in result.stdout
    assert "with password:" in result.stdout
