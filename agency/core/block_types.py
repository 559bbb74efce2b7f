"""The blocks any page may be built from (see agency.core.blocks); registered by the core
app. Blocks that show an app's content (case studies, the enquiry form) are registered
by that app.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core.blocks import HEADING, INTRO, BlockType, Field, list_block, register

# A call to action: the button's words and where it leads (a hero's, a package's).
BUTTON = (
    Field("cta_label", _("button text"), max_length=40),
    Field("cta_url", _("button link"), "url", max_length=500),
)

register(
    BlockType(
        "hero",
        _("Hero"),
        help=_("The top of the page: what you offer and one call to action."),
        fields=(
            Field("heading", _("heading"), required=True, max_length=120),
            Field("text", _("text"), "textarea", max_length=400),
            Field("image", _("picture"), "image", max_length=500),
            Field(
                "image_alt",
                _("picture's description"),
                max_length=200,
                help=_("What the picture shows, for people who cannot see it."),
            ),
            *BUTTON,
        ),
    )
)
register(
    BlockType(
        "richtext",
        _("Text"),
        fields=(Field("body", _("text"), "richtext", required=True, max_length=20000),),
    )
)
register(
    list_block(
        "benefits",
        _("Benefits"),
        _("Benefit"),
        Field("title", _("title"), required=True, max_length=80),
        Field("text", _("text"), "textarea", max_length=300),
        fields=(HEADING, INTRO),
    )
)
register(
    list_block(
        "stats",
        _("Figures"),
        _("Figure"),
        Field("value", _("figure"), required=True, max_length=20),
        Field("label", _("what it counts"), required=True, max_length=80),
        max_items=8,
    )
)
register(
    list_block(
        "testimonials",
        _("Testimonials"),
        _("Testimonial"),
        Field("quote", _("quote"), "textarea", required=True, max_length=600),
        Field("name", _("name"), required=True, max_length=80),
        Field("role", _("role"), max_length=80),
        Field("company", _("company"), max_length=80),
        Field("photo", _("photo"), "image", max_length=500),
    )
)
register(
    list_block(
        "logos",
        _("Client logos"),
        _("Logo"),
        Field("name", _("client"), required=True, max_length=80),
        Field("image", _("logo"), "image", required=True, max_length=500),
        Field("url", _("link"), "url", max_length=500),
        max_items=24,
    )
)
register(
    list_block(
        "faq",
        _("Questions and answers"),
        _("Question"),
        Field("question", _("question"), required=True, max_length=200),
        Field("answer", _("answer"), "textarea", required=True, max_length=2000),
        help=_("Shown to search engines as an FAQ as well."),
        max_items=30,
    )
)
register(
    list_block(
        "pricing",
        _("Packages and prices"),
        _("Package"),
        Field("name", _("name"), required=True, max_length=80),
        Field("price", _("price"), required=True, max_length=40),
        Field("period", pgettext_lazy("price", "per"), max_length=40),
        Field(
            "features",
            _("what it includes"),
            "textarea",
            max_length=1500,
            help=_("One a line."),
        ),
        *BUTTON,
        Field("highlighted", _("highlighted"), "bool"),
        fields=(HEADING, INTRO),
        max_items=6,
    )
)


# A platform's page address → its player's address (the poster shows until played).
_PLAYERS = [
    (
        re.compile(r"^(?:www\.|m\.)?youtube\.com$"),
        lambda parts: _query_id(parts, "v", "https://www.youtube-nocookie.com/embed/"),
    ),
    (
        re.compile(r"^youtu\.be$"),
        lambda parts: _path_id(parts, "https://www.youtube-nocookie.com/embed/"),
    ),
    (
        re.compile(r"^(?:www\.|m\.)?bilibili\.com$"),
        lambda parts: _bilibili(parts),
    ),
    (
        re.compile(r"^(?:www\.)?vimeo\.com$"),
        lambda parts: _path_id(parts, "https://player.vimeo.com/video/"),
    ),
]
PLAYER_HOSTS = (
    "https://www.youtube-nocookie.com https://player.bilibili.com "
    "https://player.vimeo.com"
)
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{4,40}$")


def _query_id(parts, name, prefix):
    found = parse_qs(parts.query).get(name, [""])[0]
    return prefix + found if _SAFE_ID.match(found) else ""


def _path_id(parts, prefix):
    found = parts.path.strip("/").split("/")[-1]
    return prefix + found if _SAFE_ID.match(found) else ""


def _bilibili(parts):
    match = re.search(r"/video/(BV[A-Za-z0-9]+)", parts.path)
    return (
        f"https://player.bilibili.com/player.html?bvid={match.group(1)}&autoplay=1"
        if match
        else ""
    )


def video_player(address):
    """Return ("embed", player address) for a platform's link, ("file", address) for an
    uploaded video (on this site: pages load nothing from other hosts but the players),
    or ("link", address) for anything else."""
    parts = urlsplit(address)
    for host, player in _PLAYERS:
        if host.match(parts.netloc.lower()):
            found = player(parts)
            if found:
                return "embed", found
    local = address.startswith("/") and not address.startswith("//")
    if local and parts.path.lower().endswith((".mp4", ".webm", ".m4v", ".mov")):
        return "file", address
    return "link", address


def _video_context(value):
    how, address = video_player(value.get("video", ""))
    return {"video_how": how, "video_src": address}


register(
    BlockType(
        "video",
        _("Video"),
        help=_(
            "An uploaded video, or a link to it on YouTube, Bilibili or Vimeo: the "
            "poster is shown until the visitor plays it."
        ),
        fields=(
            HEADING,
            Field(
                "video",
                _("video"),
                "url",
                required=True,
                max_length=500,
                help=_(
                    "The uploaded file's address, or the video's page on a platform."
                ),
            ),
            Field("title", _("what the video is"), required=True, max_length=120),
            Field("poster", _("poster"), "image", max_length=500),
            Field("caption", _("caption"), max_length=200),
        ),
        extra_context=_video_context,
    )
)
