"""Each platform's request for a stored message, and how to read its answer.

The outbox (leads.outbox) stores a message as a payload: title, lines, the lead's
absolute admin address, whom to @mention, and the non-personal data of the lead. Here
each platform turns it into the exact request its documentation describes, and its
answer into a verdict: sent, rate limited (wait and retry), down (retry with backoff)
or refused (retried a few times, then given up).

Chat messages never carry the visitor's e-mail, phone or message: a robot posts into a
group that may be shared with people outside sales. The signed webhook is an
integration endpoint the agency controls, so it carries them, read from the lead when
it is sent (the outbox keeps no personal data, and an erased lead sends none).

Past 400 lines on purpose: six platforms, each a request and an answer read side by
side with the documentation it follows; splitting them would scatter one concern.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

from .models import NotificationChannel

Kind = NotificationChannel.Kind

TIMEOUT_SECONDS = 5
ANSWER_LIMIT = 1000

SENT = "sent"
RATE_LIMITED = "rate_limited"
DOWN = "down"
REFUSED = "refused"

# The platforms' "too many messages" answers (errcode / code in the JSON body).
WECOM_RATE_LIMITED = {45009}
DINGTALK_RATE_LIMITED = {130101, 660026}
FEISHU_RATE_LIMITED = {11232, 9499}
# "System busy": try again later, as for an HTTP 5xx.
BUSY = {-1}


@dataclass
class Answer:
    verdict: str
    status_code: int | None = None
    text: str = ""
    duration_ms: int = 0

    @property
    def ok(self):
        return self.verdict == SENT


class ChannelMisconfigured(Exception):
    """The channel cannot send at all (no address): a refusal, not an outage."""


# --- Sending -------------------------------------------------------------------------


def deliver(*, channel, delivery, now=None) -> Answer:
    """Send one delivery into its channel and judge the answer."""
    now = now or time.time()
    started = time.monotonic()
    try:
        if channel.kind == Kind.EMAIL:
            answer = _send_email(
                to=channel_addresses(channel), payload=delivery.payload
            )
        else:
            url, body, headers = build_request(
                channel=channel, delivery=delivery, now=now
            )
            status, text = post(url, body, headers)
            answer = JUDGES[channel.kind](status, text)
    except ChannelMisconfigured as error:
        answer = Answer(REFUSED, text=str(error))
    answer.duration_ms = int((time.monotonic() - started) * 1000)
    answer.text = answer.text[:ANSWER_LIMIT]
    return answer


def deliver_email(*, address, payload) -> Answer:
    """Send a message to one person by e-mail (the site's SMTP)."""
    started = time.monotonic()
    answer = _send_email(to=[address], payload=payload)
    answer.duration_ms = int((time.monotonic() - started) * 1000)
    answer.text = answer.text[:ANSWER_LIMIT]
    return answer


def post(url, body: bytes, headers) -> tuple[int | None, str]:
    """POST `body`; (HTTP status, answer text), status None when nothing answered."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ChannelMisconfigured("The webhook address must start with https://.")
    request = urllib.request.Request(  # noqa: S310 (http or https only, checked above)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, response.read(ANSWER_LIMIT * 4).decode(
                "utf-8", "replace"
            )
    except urllib.error.HTTPError as error:
        return error.code, error.read(ANSWER_LIMIT * 4).decode("utf-8", "replace")
    except (OSError, ValueError) as error:  # refused, timed out, bad address
        return None, f"{type(error).__name__}: {error}"


def build_request(*, channel, delivery, now) -> tuple[str, bytes, dict]:
    """(url, body bytes, headers) of a chat or webhook delivery."""
    if not channel.url:
        raise ChannelMisconfigured("The channel has no webhook address.")
    return BUILDERS[channel.kind](channel=channel, delivery=delivery, now=now)


def channel_addresses(channel):
    addresses = [line.strip() for line in channel.email_to.splitlines()]
    addresses = [address for address in addresses if address]
    if not addresses:
        raise ChannelMisconfigured("The channel has no e-mail address.")
    return addresses


def _send_email(*, to, payload) -> Answer:
    body = "\n".join([*payload.get("lines", []), "", payload.get("url", "")]).strip()
    message = EmailMessage(
        subject=" ".join(payload.get("title", "").split()),
        body=body + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:  # the mail server down or refusing: retried
        return Answer(DOWN, text=f"{type(error).__name__}: {error}")
    return Answer(SENT, text=f"accepted for {', '.join(to)}")


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _text(payload, *, mention_text=""):
    lines = [payload.get("title", ""), *payload.get("lines", [])]
    if payload.get("url"):
        lines.append(payload["url"])
    if mention_text:
        lines.append(mention_text)
    return "\n".join(line for line in lines if line)


# --- WeCom ---------------------------------------------------------------------------


def wecom_request(*, channel, delivery, now):
    """WeCom group robot (企业微信群机器人).

    https://developer.work.weixin.qq.com/document/path/91770 : POST JSON to the robot's
    address (its key in the query). Markdown: {"msgtype": "markdown", "markdown":
    {"content": ...}}; markdown cannot @mention by mobile, so with a mention the message
    is text: {"msgtype": "text", "text": {"content", "mentioned_list": [userid],
    "mentioned_mobile_list": [mobile]}}. Success is errcode 0; 45009 is "over 20
    messages a minute".
    """
    payload = delivery.payload
    mention = payload.get("mention") or {}
    url = payload.get("url", "")
    if mention.get("wecom") or mention.get("mobile"):
        content = _fit(_text({**payload, "url": ""}), 2048, keep=url)
        text = {"content": content}
        if mention.get("wecom"):
            text["mentioned_list"] = [mention["wecom"]]
        if mention.get("mobile"):
            text["mentioned_mobile_list"] = [mention["mobile"]]
        body = {"msgtype": "text", "text": text}
    else:
        # A visitor's "<@userid>" is text, not a mention: no angle brackets.
        lines = [
            _no_angles(line)
            for line in [f"**{payload.get('title', '')}**", *payload.get("lines", [])]
        ]
        if mention.get("name"):
            lines.append(f"@{mention['name']}")
        link = f"[{url}]({url})" if url else ""
        content = _fit("\n".join(lines), 4096, keep=link)
        body = {"msgtype": "markdown", "markdown": {"content": content}}
    return channel.url, _json(body), {}


def _fit(text, limit, *, keep=""):
    """`text`, then the line `keep` (the link), within `limit` UTF-8 bytes (WeCom's
    limits: 2048 for text, 4096 for markdown): a long digest loses its tail, not the
    link."""
    room = limit - (len(keep.encode()) + 1 if keep else 0)
    data = text.encode()
    if len(data) > room:
        text = data[: room - 3].decode("utf-8", "ignore") + "…"
    return f"{text}\n{keep}" if keep else text


def _no_angles(text):
    return text.replace("<", "‹").replace(">", "›")


def errcode_judge(rate_limited, *, field="errcode"):
    def judge(status, text):
        verdict = http_verdict(status)
        if verdict is not None:
            return Answer(verdict, status, text)
        try:
            code = json.loads(text).get(field)
        except (ValueError, AttributeError):
            return Answer(DOWN, status, text)
        if code == 0:
            return Answer(SENT, status, text)
        if code in rate_limited:
            return Answer(RATE_LIMITED, status, text)
        if code in BUSY:
            return Answer(DOWN, status, text)
        return Answer(REFUSED, status, text)

    return judge


def http_verdict(status):
    """The verdict an HTTP status alone gives; None for a 2xx (read the body)."""
    if status is None or status >= 500 or status == 408:
        return DOWN
    if status == 429:
        return RATE_LIMITED
    if status >= 300:
        return REFUSED
    return None


# --- DingTalk ------------------------------------------------------------------------


def dingtalk_sign(*, secret, timestamp_ms) -> str:
    """base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")), URL-encoded."""
    digest = hmac.new(
        secret.encode("utf-8"),
        f"{timestamp_ms}\n{secret}".encode(),
        hashlib.sha256,
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def dingtalk_request(*, channel, delivery, now):
    """DingTalk custom robot (钉钉自定义机器人) with its signature.

    https://open.dingtalk.com/document/orgapp/customize-robot-security-settings : the
    address gets `timestamp` (ms) and `sign` as query parameters.
    https://open.dingtalk.com/document/orgapp/custom-robot-access : body {"msgtype":
    "markdown", "markdown": {"title", "text"}, "at": {"atMobiles", "atUserIds",
    "isAtAll"}}; the text must contain "@mobile" / "@userid" for the mention to show.
    Success is errcode 0; 130101 / 660026 mean "sending too fast".
    """
    payload = delivery.payload
    mention = payload.get("mention") or {}
    at = {"atMobiles": [], "atUserIds": [], "isAtAll": False}
    tags = []
    if mention.get("dingtalk"):
        at["atUserIds"].append(mention["dingtalk"])
        tags.append(f"@{mention['dingtalk']}")
    if mention.get("mobile"):
        at["atMobiles"].append(mention["mobile"])
        tags.append(f"@{mention['mobile']}")
    if not tags and mention.get("name"):
        tags.append(f"@{mention['name']}")
    lines = [f"#### {payload.get('title', '')}", *payload.get("lines", [])]
    if payload.get("url"):
        lines.append(f"[{payload['url']}]({payload['url']})")
    if tags:
        lines.append(" ".join(tags))
    body = {
        "msgtype": "markdown",
        "markdown": {"title": payload.get("title", ""), "text": "\n\n".join(lines)},
        "at": at,
    }
    url = channel.url
    if channel.secret:
        timestamp = int(now * 1000)
        sign = dingtalk_sign(secret=channel.secret, timestamp_ms=timestamp)
        url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={sign}"
    return url, _json(body), {}


# --- Feishu --------------------------------------------------------------------------


def feishu_sign(*, secret, timestamp) -> str:
    """base64(HMAC-SHA256(key="{timestamp}\\n{secret}", msg=b"")), as Feishu signs."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def feishu_request(*, channel, delivery, now):
    """Feishu custom bot (飞书自定义机器人) with its signature.

    https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot : body
    {"timestamp": "<seconds>", "sign": ..., "msg_type": "post", "content": {"post":
    {"zh_cn": {"title", "content": [[{"tag": "text"|"a"|"at", ...}]]}}}}; an @mention is
    {"tag": "at", "user_id": "<open_id>"} (in a text message: <at user_id="...">).
    Success is code 0; 11232 / 9499 mean "too many requests", 19021 a bad signature.
    """
    payload = delivery.payload
    mention = payload.get("mention") or {}
    rows = [[{"tag": "text", "text": line}] for line in payload.get("lines", [])]
    if payload.get("url"):
        rows.append([{"tag": "a", "text": payload["url"], "href": payload["url"]}])
    if mention.get("feishu"):
        rows.append([{"tag": "at", "user_id": mention["feishu"]}])
    elif mention.get("name"):
        rows.append([{"tag": "text", "text": f"@{mention['name']}"}])
    locale = "zh_cn" if payload.get("language", "").startswith("zh") else "en_us"
    body = {
        "msg_type": "post",
        "content": {
            "post": {locale: {"title": payload.get("title", ""), "content": rows}}
        },
    }
    if channel.secret:
        timestamp = str(int(now))
        body = {
            "timestamp": timestamp,
            "sign": feishu_sign(secret=channel.secret, timestamp=timestamp),
            **body,
        }
    return channel.url, _json(body), {}


# --- Slack ---------------------------------------------------------------------------


def slack_request(*, channel, delivery, now):
    """Slack incoming webhook.

    https://api.slack.com/messaging/webhooks : POST {"text": ..., "blocks": [...]}; a
    person is mentioned as <@MEMBERID>, a link as <url|label>. The answer is HTTP 200
    "ok"; 429 when rate limited; 400/403/404/410 with a reason (invalid_payload,
    no_service, channel_not_found, ...).
    """
    payload = delivery.payload
    mention = payload.get("mention") or {}
    mention_text = (
        f"<@{mention['slack']}>"
        if mention.get("slack")
        else (f"@{_slack_escape(mention['name'])}" if mention.get("name") else "")
    )
    # A visitor's name is text, never markup: "<!channel>" must not ping everyone.
    lines = [_slack_escape(line) for line in payload.get("lines", [])]
    if payload.get("url"):
        lines.append(f"<{payload['url']}|{payload['url']}>")
    if mention_text:
        lines.append(mention_text)
    title = _slack_escape(payload.get("title", ""))
    text = "\n".join([f"*{title}*", *lines])
    body = {
        "text": text,
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
    return channel.url, _json(body), {}


def _slack_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_judge(status, text):
    verdict = http_verdict(status)
    if verdict is not None:
        return Answer(verdict, status, text)
    return Answer(SENT if text.strip() == "ok" else REFUSED, status, text)


# --- Signed webhook (Standard Webhooks) ------------------------------------------------

WEBHOOK_TYPES = {
    "new_lead": "lead.created",
    "assigned": "lead.assigned",
    "breach": "lead.response_overdue",
    "stage": "lead.stage_changed",
    "won": "lead.won",
    "lost": "lead.lost",
    "digest": "digest",
    "test": "test",
}


def webhook_signature(*, secret, message_id, timestamp, body: bytes) -> str:
    """ "v1,<base64 HMAC-SHA256>" of "{id}.{timestamp}.{body}", keyed by the secret's
    bytes (base64 after the whsec_ prefix), as Standard Webhooks specifies."""
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except ValueError as error:
        raise ChannelMisconfigured("The secret is not whsec_ and base64.") from error
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_request(*, channel, delivery, now):
    """A signed webhook, as https://www.standardwebhooks.com/ specifies
    (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).

    Headers webhook-id (the same on every retry), webhook-timestamp (seconds) and
    webhook-signature; body {"type": "lead.created" | "lead.assigned" |
    "lead.response_overdue" | "lead.stage_changed" | "lead.won" | "lead.lost", "timestamp": ISO 8601, "data": {...}}. Any 2xx is success.
    The data carries the visitor's e-mail, phone and message, read from the lead now:
    the endpoint is the agency's own integration, unlike a chat group.
    """
    from datetime import UTC, datetime

    payload = delivery.payload
    data = dict(payload.get("data") or {})
    lead = delivery.lead
    if lead is not None and lead.erased_at is None:
        data.update(email=lead.email, phone=lead.phone, message=lead.message)
    message_id = f"msg_{delivery.key.replace(':', '_')}"
    timestamp = int(now)
    body = _json(
        {
            "type": WEBHOOK_TYPES.get(delivery.event, delivery.event),
            "timestamp": datetime.fromtimestamp(timestamp, UTC).isoformat(),
            "data": data,
        }
    )
    headers = {"webhook-id": message_id, "webhook-timestamp": str(timestamp)}
    if channel.secret:
        headers["webhook-signature"] = webhook_signature(
            secret=channel.secret,
            message_id=message_id,
            timestamp=timestamp,
            body=body,
        )
    return channel.url, body, headers


def webhook_judge(status, text):
    return Answer(http_verdict(status) or SENT, status, text)


BUILDERS = {
    Kind.WECOM: wecom_request,
    Kind.DINGTALK: dingtalk_request,
    Kind.FEISHU: feishu_request,
    Kind.SLACK: slack_request,
    Kind.WEBHOOK: webhook_request,
}
JUDGES = {
    Kind.WECOM: errcode_judge(WECOM_RATE_LIMITED),
    Kind.DINGTALK: errcode_judge(DINGTALK_RATE_LIMITED),
    Kind.FEISHU: errcode_judge(FEISHU_RATE_LIMITED, field="code"),
    Kind.SLACK: slack_judge,
    Kind.WEBHOOK: webhook_judge,
}
