"""Pages built from typed blocks, stored as validated JSON (as Wagtail's StreamField).

A page's blocks are a list: `[{"type": "hero", "id": "…", "value": {...}}, ...]`. Each
type (`BlockType`) says its fields and, for a list such as a FAQ or logos, the fields of
one item. `blocks_clean()` checks a list against the types and returns it cleaned: text
stripped and bounded, rich text sanitised, addresses checked, choices kept to their
options. So a new type of block needs no migration: it is registered (`register`) and
given a template, `templates/blocks/<type>.html`, which gets the cleaned `value`.

Infrastructure: names no app. An app whose content a block shows (the case studies,
the enquiry form) registers its type in its `AppConfig.ready()`; a field's `choices`
may then be a function, asked when a form is shown and when a value is checked.
"""

import json
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agency.core.richtext import sanitize_html

KINDS = {"text", "textarea", "richtext", "url", "image", "choice", "number", "bool"}
MAX_BLOCKS = 60
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_ANCHOR = re.compile(r"^#[A-Za-z][A-Za-z0-9_-]{0,60}$")


@dataclass(frozen=True)
class Field:
    """One field of a block or of an item: `kind` is one of KINDS."""

    name: str
    label: object
    kind: str = "text"
    required: bool = False
    max_length: int = 200
    choices: object = ()  # [(value, label)], or a function returning them
    help: object = ""

    def options(self):
        choices = self.choices() if callable(self.choices) else self.choices
        return [(str(value), str(label)) for value, label in choices]

    def clean(self, raw):
        """Return the cleaned value, or raise ValidationError with a short message."""
        if self.kind == "bool":
            return bool(raw)
        if self.kind == "number":
            if raw in (None, ""):
                if self.required:
                    raise ValidationError(gettext("This field is required."))
                return None
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise ValidationError(gettext("Enter a whole number.")) from None
        value = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
        value = value.strip()
        if self.kind == "richtext":
            value = sanitize_html(value)
            if len(value) > self.max_length:
                raise ValidationError(
                    gettext("At most %(count)d characters.")
                    % {"count": self.max_length}
                )
            if self.required and not strip_tags(value).strip():
                raise ValidationError(gettext("This field is required."))
            return value
        value = strip_tags(value) if self.kind in ("text", "textarea") else value
        if not value:
            if self.required:
                raise ValidationError(gettext("This field is required."))
            return ""
        if len(value) > self.max_length:
            raise ValidationError(
                gettext("At most %(count)d characters.") % {"count": self.max_length}
            )
        if self.kind in ("url", "image"):
            return _clean_address(value, image=self.kind == "image")
        if self.kind == "choice" and value not in dict(self.options()):
            raise ValidationError(gettext("Choose one of the options."))
        return value

    def schema(self):
        data = {
            "name": self.name,
            "label": str(self.label),
            "kind": self.kind,
            "required": self.required,
            "max_length": self.max_length,
            "help": str(self.help),
        }
        if self.kind == "choice":
            data["choices"] = self.options()
        return data


def _clean_address(value, *, image):
    """A link: a path on this site, a place on the page, or an http(s) URL. A picture:
    a path on this site (an upload), since pages load nothing from other hosts."""
    if value.startswith("/") and not value.startswith("//"):
        return value
    if image:
        raise ValidationError(
            gettext("Upload a picture: its address on this site starts with /.")
        )
    if _ANCHOR.match(value):
        return value  # a place on the same page, such as its form (#contact)
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    if parts.scheme in ("mailto", "tel") and parts.path:
        return value
    raise ValidationError(
        gettext("Give a path on this site (/contact/) or an address with https://.")
    )


@dataclass(frozen=True)
class BlockType:
    """A kind of block: its fields, and (for lists) the fields of one item."""

    name: str
    label: object
    fields: tuple = ()
    item_fields: tuple = ()
    item_label: object = ""
    min_items: int = 0
    max_items: int = 24
    help: object = ""
    template: str = ""
    extra_context: object = field(default=None, compare=False)

    def clean(self, raw):
        """Return the cleaned value: {field: value, ..., "items": [...]}, or raise a
        ValidationError whose messages name the field (and the item)."""
        raw = raw if isinstance(raw, dict) else {}
        errors, value = [], {}
        for spec in self.fields:
            try:
                value[spec.name] = spec.clean(raw.get(spec.name))
            except ValidationError as error:
                errors.append(f"{spec.label}: {' '.join(error.messages)}")
        if self.item_fields:
            items = raw.get("items") if isinstance(raw.get("items"), list) else []
            cleaned = []
            for number, item in enumerate(items, start=1):
                item = item if isinstance(item, dict) else {}
                one = {}
                for spec in self.item_fields:
                    try:
                        one[spec.name] = spec.clean(item.get(spec.name))
                    except ValidationError as error:
                        errors.append(
                            f"{self.item_label} {number}, {spec.label}: "
                            f"{' '.join(error.messages)}"
                        )
                cleaned.append(one)
            if len(cleaned) < self.min_items:
                errors.append(
                    gettext("Add at least %(count)d: %(what)s.")
                    % {"count": self.min_items, "what": self.item_label}
                )
            if len(cleaned) > self.max_items:
                errors.append(
                    gettext("At most %(count)d: %(what)s.")
                    % {"count": self.max_items, "what": self.item_label}
                )
            value["items"] = cleaned
        if errors:
            raise ValidationError(errors)
        return value

    def schema(self):
        return {
            "type": self.name,
            "label": str(self.label),
            "help": str(self.help),
            "fields": [spec.schema() for spec in self.fields],
            "item_label": str(self.item_label),
            "item_fields": [spec.schema() for spec in self.item_fields],
            "min_items": self.min_items,
            "max_items": self.max_items,
        }

    def safe(self, value):
        """`value` with its rich text sanitised again, whatever path it was stored by
        (a script, an old revision): templates show rich text as it is."""
        rich = [spec.name for spec in self.fields if spec.kind == "richtext"]
        if not rich:
            return value
        return {**value, **{name: sanitize_html(value.get(name, "")) for name in rich}}

    def template_name(self):
        return self.template or f"blocks/{self.name}.html"


# The heading and introduction most kinds of block open with.
HEADING = Field("heading", _("heading"), max_length=120)
INTRO = Field("intro", _("introduction"), "textarea", max_length=600)


def list_block(name, label, item_label, *item_fields, fields=(), **options):
    """A kind of block that is a heading and a list (benefits, logos, questions): at
    least one item, twelve at most unless `max_items` says otherwise."""
    return BlockType(
        name,
        label,
        fields=fields or (HEADING,),
        item_label=item_label,
        item_fields=item_fields,
        **{"min_items": 1, "max_items": 12, **options},
    )


_types = {}


def register(block_type):
    """Make `block_type` available to every blocks field (in an AppConfig.ready())."""
    _types[block_type.name] = block_type
    return block_type


def schema():
    """Every type's fields, for the admin's block editor."""
    return [block_type.schema() for block_type in _types.values()]


def new_id():
    return secrets.token_urlsafe(6)


def blocks_clean(raw):
    """Return `raw` (a list of blocks) checked and cleaned, or raise ValidationError
    with one message per fault, each naming the block by its number and type."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise ValidationError(_("The blocks could not be read. Reload the page."))
    if len(raw) > MAX_BLOCKS:
        raise ValidationError(
            _("At most %(count)d blocks on a page.") % {"count": MAX_BLOCKS}
        )
    errors, cleaned, seen = [], [], set()
    for number, block in enumerate(raw, start=1):
        block = block if isinstance(block, dict) else {}
        block_type = _types.get(block.get("type"))
        if block_type is None:
            errors.append(
                gettext("Block %(number)d: there is no block of this kind.")
                % {"number": number}
            )
            continue
        block_id = str(block.get("id") or "")
        if not _ID.match(block_id) or block_id in seen:
            block_id = new_id()
        seen.add(block_id)
        try:
            value = block_type.clean(block.get("value"))
        except ValidationError as error:
            errors.extend(
                gettext("Block %(number)d (%(kind)s): %(message)s")
                % {"number": number, "kind": block_type.label, "message": message}
                for message in error.messages
            )
            continue
        cleaned.append({"type": block_type.name, "id": block_id, "value": value})
    if errors:
        raise ValidationError(errors)
    return cleaned


def render_blocks(blocks, context):
    """The blocks' HTML in a template's `context` (as {% include %} renders): each
    block's template gets `block` and its `value`; a type no longer registered is kept
    in the data but not shown."""
    engine = context.template.engine
    parts = []
    # The first hero's heading is the page's h1 (`top`); every other heading an h2.
    top = next((b for b in blocks or () if b.get("type") == "hero"), None)
    for block in blocks or ():
        block_type = _types.get(block.get("type"))
        if block_type is None:
            continue
        extra = (
            block_type.extra_context(block["value"]) if block_type.extra_context else {}
        )
        template = engine.get_template(block_type.template_name())
        value = block_type.safe(block["value"])
        with context.push(block=block, value=value, top=block is top, **extra):
            parts.append(template.render(context))
    return "".join(parts)


def faq_items(blocks):
    """Every question and answer of the FAQ blocks, for FAQPage JSON-LD."""
    return [
        item
        for block in blocks or ()
        if block.get("type") == "faq"
        for item in block.get("value", {}).get("items", ())
    ]


class BlocksWidget(forms.Textarea):
    """The block editor (static/js/admin_blocks.js) over a textarea of the JSON, which
    is what is posted; without JavaScript the JSON itself can be edited."""

    template_name = "admin/widgets/blocks.html"

    class Media:
        css = {"all": ["css/admin_blocks.css"]}
        js = ["js/admin_blocks.js"]

    def __init__(self, attrs=None, preview_url=""):
        super().__init__(attrs={"rows": 12, "class": "blocks-json", **(attrs or {})})
        self.preview_url = preview_url

    def format_value(self, value):
        if value in (None, ""):
            return "[]"
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, indent=1)

    def render(self, name, value, attrs=None, renderer=None):
        # Through the site's templates (templates/admin/widgets/), where the admin's
        # own look is kept, not the form renderer's.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["schema"] = schema()
        context["widget"]["schema_id"] = f"{attrs.get('id') or name}-schema"
        context["widget"]["preview_url"] = self.preview_url
        return context


class BlocksFormField(forms.JSONField):
    widget = BlocksWidget

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                _("The blocks could not be read. Reload the page.")
            ) from None

    def clean(self, value):
        return blocks_clean(super().clean(value))

    def has_changed(self, initial, data):
        try:
            return blocks_clean(initial or []) != blocks_clean(self.to_python(data))
        except ValidationError:
            return True


class BlocksField(models.JSONField):
    """A list of blocks, checked and cleaned (blocks_clean) on every full_clean."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        blocks_clean(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": BlocksFormField, **kwargs})
