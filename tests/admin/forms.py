"""What a browser would send for a form on a page: its fields as they stand."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.depth = 0
        self.data = []
        self._select = None
        self._select_multiple = False
        self._select_chosen = []
        self._select_first = None
        self._option = None
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name and "disabled" not in attrs:
            self._select = name
            self._select_multiple = "multiple" in attrs
            self._select_chosen = []
            self._select_first = None
        elif tag == "option" and self._select:
            value = attrs.get("value")
            self._option = value
            self._text = []
            if "selected" in attrs:
                self._select_chosen.append(value)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = name
            self._text = []

    def handle_data(self, data):
        if self._textarea or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._select:
            value = self._option if self._option is not None else "".join(self._text)
            if self._select_chosen and self._select_chosen[-1] is None:
                self._select_chosen[-1] = value
            if self._select_first is None:
                self._select_first = value
            self._option = None
        elif tag == "select" and self._select:
            chosen = self._select_chosen
            if (
                not chosen
                and not self._select_multiple
                and self._select_first is not None
            ):
                chosen = [self._select_first]
            for value in chosen:
                self.data.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # A browser drops the one newline that follows <textarea>.
            if text.startswith("\n"):
                text = text[1:]
            self.data.append((self._textarea, text))
            self._textarea = None


def form_data(html, form_id=None):
    """Return the (name, value) pairs a browser submits for the form, unchanged."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return parser.data


def as_post(pairs):
    """(name, value) pairs as the dict of lists Django's test client posts."""
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data
