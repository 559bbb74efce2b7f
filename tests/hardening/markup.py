"""Find markup in a page that a browser would run: the rendering half of the XSS proof."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")

# Script blocks the browser never runs: structured data and JSON handed to our files.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "to",
    "from",
    "values",
}
# Tags that load or run a document of their own, never written by our templates.
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
SAFE_DATA_URL = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]")
SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript|data):")


def load_payloads():
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


def _normalised_url(value):
    # Browsers drop ASCII whitespace and control characters inside the scheme.
    return re.sub(r"[\x00-\x20]", "", value).lower()


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._data_script = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        found = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            kind = found.get("type", "").lower()
            src = found.get("src")
            if kind in DATA_SCRIPT_TYPES and src is None:
                self._data_script = []
            elif src is None:
                self.problems.append("inline <script>")
            elif not src.startswith("/") or src.startswith("//"):
                self.problems.append(f"script from elsewhere: {src}")
        if tag == "meta" and found.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                url = _normalised_url(value)
                if SCRIPT_SCHEME.match(url) and not SAFE_DATA_URL.match(url):
                    self.problems.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style" and "javascript:" in _normalised_url(value):
                self.problems.append(f"<{tag} style> with javascript:")

    def handle_data(self, data):
        if self._data_script is not None:
            self._data_script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._data_script is not None:
            text = "".join(self._data_script)
            self._data_script = None
            try:
                json.loads(text)
            except ValueError:
                # A payload that closed the block early leaves half a JSON document.
                self.problems.append(f"data script is not JSON: {text[:80]!r}")


def executable_markup(html):
    """Return what in `html` a browser would run (empty when nothing)."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.problems
