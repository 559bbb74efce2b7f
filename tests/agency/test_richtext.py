"""Rich text is sanitised on save: scripts go, article formatting stays."""

import pytest

from agency.core.richtext import sanitize_html
from agency.site.models import Page

pytestmark = pytest.mark.django_db

FORMATTING = (
    "<h2>Heading</h2><h3>Sub</h3><p><strong>bold</strong> <em>it</em></p>"
    "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quote</blockquote>"
    '<pre><code class="language-python">print(1)</code></pre>'
    "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>c</td></tr></tbody></table>"
    '<p><a href="https://example.com/">link</a></p>'
    '<p><img src="/media/uploads/a.png" alt="pic" width="10" height="10"></p>'
)


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>hi</p><script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
        ('<img src="data:text/html;base64,PHNjcmlwdD4=">', "data:"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ('<form action="/x"><input name="a"></form>', "<form"),
        ("<!-- secret --><p>x</p>", "secret"),
    ],
)
def test_page_body_is_stored_clean(dirty, forbidden):
    page = Page.objects.create(title="T", slug="t", body=dirty)
    page.refresh_from_db()
    assert forbidden.lower() not in page.body.lower()


def test_article_formatting_survives_sanitising():
    page = Page.objects.create(title="T", slug="t", body=FORMATTING)
    page.refresh_from_db()
    for kept in [
        "<h2>Heading</h2>",
        "<h3>Sub</h3>",
        "<strong>bold</strong>",
        "<em>it</em>",
        "<ul><li>one</li></ul>",
        "<ol><li>two</li></ol>",
        "<blockquote>quote</blockquote>",
        '<code class="language-python">print(1)</code>',
        "<th>h</th>",
        "<td>c</td>",
        'href="https://example.com/"',
        'src="/media/uploads/a.png"',
        'alt="pic"',
    ]:
        assert kept in page.body


def test_links_get_noopener():
    assert 'rel="noopener noreferrer"' in sanitize_html(
        '<a href="https://x.example">x</a>'
    )


def test_sanitised_body_renders_without_script_on_the_page(client):
    Page.objects.create(
        title="About", slug="about", body='<p>Hello</p><script>alert("x")</script>'
    )
    response = client.get("/about/")
    assert response.status_code == 200
    assert "<p>Hello</p>" in response.content.decode()
    assert 'alert("x")' not in response.content.decode()
