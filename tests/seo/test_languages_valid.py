"""Every page type of the demo, in English and in Chinese, is a valid document for
browsers and search engines: its elements nest and close, it has one title and one
canonical address, `<html lang>` names its language, its JSON-LD parses and names the
same language, and its hreflang alternates are reciprocal (each alternate names this
page back), as search engines require."""

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.agency.test_demo_languages import _media_root  # noqa: F401 (fixture)
from tests.browser.pages import LANGUAGES, page_types

pytestmark = pytest.mark.django_db

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements whose end tag HTML lets a document leave out.
OPTIONAL_END = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody"}


class Document(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
        self.lang = None
        self.titles = self.canonicals = 0
        self.hreflang = {}
        self.json_ld, self._json = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "title" and "svg" not in self.stack:
            self.titles += 1
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonicals += 1
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.hreflang[attrs["hreflang"]] = attrs["href"]
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._json = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._json is not None:
            self.json_ld.append("".join(self._json))
            self._json = None
        if tag in VOID:
            return
        while self.stack and self.stack[-1] != tag and self.stack[-1] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(
                f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>"
            )
            return
        self.stack.pop()


def read(client, path):
    response = client.get(path)
    document = Document()
    document.feed(response.content.decode())
    document.close()
    return response, document


def local(url):
    """The path (and query) of an absolute URL, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_is_a_valid_document_in_its_language(client, language):
    expected_lang = {"en": "en", "zh-hans": "zh-Hans"}[language]
    problems = []
    for name, path in page_types(language).items():
        response, document = read(client, path)
        wanted = 404 if name == "not-found" else 200
        if response.status_code != wanted:
            problems.append(f"{name}: status {response.status_code}")
            continue
        leftover = [tag for tag in document.stack if tag not in OPTIONAL_END]
        if document.errors or leftover != []:
            problems.append(f"{name}: {document.errors[:3]} unclosed {leftover[:3]}")
        if document.lang != expected_lang:
            problems.append(f"{name}: <html lang={document.lang}>")
        if document.titles != 1:
            problems.append(f"{name}: {document.titles} titles")
        if name != "not-found" and document.canonicals != 1:
            problems.append(f"{name}: {document.canonicals} canonical links")
        for block in document.json_ld:
            data = json.loads(block)
            spoken = data.get("inLanguage")
            if isinstance(spoken, str) and spoken != expected_lang:
                problems.append(f"{name}: JSON-LD inLanguage {spoken}")
        if document.hreflang:
            own = document.hreflang.get(expected_lang)
            if own is None or "x-default" not in document.hreflang:
                problems.append(f"{name}: hreflang without itself or x-default")
            for lang, url in document.hreflang.items():
                if lang in ("x-default", expected_lang):
                    continue
                _other, theirs = read(client, local(url))
                if theirs.hreflang.get(expected_lang) != own:
                    problems.append(f"{name}: {url} does not name it back")
    assert not problems, "\n".join(problems)
