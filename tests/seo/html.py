"""Read a page's head as robots do: meta and link tags, and the JSON-LD blocks."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser


class HeadReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.meta_all = []
        self.links = []
        self.json_ld = []
        self.title = ""
        self._in = None
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
                self.meta_all.append((key, attrs.get("content")))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title":
            self._in, self._buffer = "title", []
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in, self._buffer = "json_ld", []

    def handle_data(self, data):
        if self._in:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if self._in == "title" and tag == "title":
            self.title = "".join(self._buffer).strip()
            self._in = None
        elif self._in == "json_ld" and tag == "script":
            self.json_ld.append(json.loads("".join(self._buffer)))
            self._in = None

    def link(self, rel, type_=None):
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and (type_ is None or link.get("type") == type_)
        ]

    def of_type(self, schema_type):
        return [block for block in self.json_ld if block.get("@type") == schema_type]


def read_head(response):
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def parse_xml(content):
    """Parse XML this test suite's own server made (trusted, so plain ElementTree)."""
    return ET.fromstring(content)  # noqa: S314 - our own output, not untrusted input
