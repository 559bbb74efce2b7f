"""Real HTTP receivers on loopback, one per chat platform, for the channel tests.

Each is a threaded `http.server` on 127.0.0.1 (a free port) that checks a request's
body shape and signature exactly as the platform's documentation describes, answers
as the platform does, and records what it accepted, in order. A receiver can be down:
stopped (connection refused), answering HTTP 500, or answering the platform's "too
fast" (its rate-limit errcode, or HTTP 429). Nothing leaves the machine.

The checks are written from the documentation, not from leads/channels.py:
- WeCom: https://developer.work.weixin.qq.com/document/path/91770
- DingTalk: https://open.dingtalk.com/document/orgapp/customize-robot-security-settings
- Feishu: https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
- Slack: https://api.slack.com/messaging/webhooks
- Standard Webhooks: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
"""

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UP, ERROR, RATE_LIMITED = "up", "error", "rate_limited"


def _json_answer(data, status=200):
    return status, json.dumps(data), {"Content-Type": "application/json"}


def _errcode(code, message):
    """A WeCom or DingTalk robot's answer: HTTP 200 and its errcode (0 is success)."""
    return _json_answer({"errcode": code, "errmsg": message})


class Receiver:
    """One platform's endpoint. `mode` is UP, ERROR (HTTP 500) or RATE_LIMITED."""

    token = "t0ken"
    kind = ""  # the kind of notification channel that posts to it ("wecom", ...)
    # Each platform's: where it listens (with {token}), and its answers (status, body,
    # headers) to a message accepted and to one sent too fast.
    address = ""
    answer_ok = answer_too_fast = None

    def __init__(self, *, secret=""):
        self.secret = secret
        self.mode = UP
        self.accepted = []  # the parsed bodies it accepted, in order
        self.requests = []  # (path, headers, raw body, answer) of every request
        self.clock = time.time  # a test that drives time sets the receiver's clock
        self.lock = threading.Lock()
        self.server = None
        self.port = None

    # --- life --------------------------------------------------------------------

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body, extra = receiver.handle(self.path, self.headers, raw)
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self):
        return self.base + self.address.format(token=self.token)

    @property
    def base(self):
        if self.port is None:  # an address before the first start: reserve a port
            self.start()
            self.stop()
        return f"http://127.0.0.1:{self.port}"

    # --- handling ------------------------------------------------------------------

    def handle(self, path, headers, raw):
        with self.lock:
            if self.mode == ERROR:
                answer = (500, "Internal Server Error", {})
            elif self.mode == RATE_LIMITED:
                answer = self.answer_too_fast
            else:
                problem = self.check(path, headers, raw)
                if problem is None:
                    self.accepted.append(json.loads(raw))
                    answer = self.answer_ok
                else:
                    answer = problem
            headers = {name.lower(): value for name, value in headers.items()}
            self.requests.append((path, headers, raw, answer))
            return answer

    def texts(self):
        """Every accepted message as one string (to look for words in it)."""
        return [json.dumps(body, ensure_ascii=False) for body in self.accepted]

    def check(self, path, headers, raw):  # pragma: no cover - each platform's own
        raise NotImplementedError

    def within_an_hour(self, seconds):
        return abs(self.clock() - seconds) <= 3600


def _body(raw):
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _strings(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


class RobotReceiver(Receiver):
    """A group robot of WeCom or DingTalk: POST to `endpoint` with the token in the
    query parameter `token_parameter`; JSON answers, errcode 0 is success."""

    endpoint = token_parameter = ""
    answer_ok = _errcode(0, "ok")
    answer_wrong_address = None

    @property
    def address(self):
        return f"{self.endpoint}?{self.token_parameter}={{token}}"

    def check(self, path, headers, raw):
        split = urllib.parse.urlsplit(path)
        query = urllib.parse.parse_qs(split.query)
        token = query.get(self.token_parameter)
        if split.path != self.endpoint or token != [self.token]:
            return self.answer_wrong_address
        return self.check_message(split.query, query, raw)

    def check_message(self, raw_query, query, raw):  # pragma: no cover - each robot's
        raise NotImplementedError


class WeComReceiver(RobotReceiver):
    """A WeCom group robot: POST /cgi-bin/webhook/send?key=KEY."""

    kind = "wecom"
    endpoint, token_parameter = "/cgi-bin/webhook/send", "key"
    answer_too_fast = _errcode(45009, "api freq out of limit, more than 20/min")
    answer_wrong_address = _errcode(93000, "invalid webhook url")

    def check_message(self, raw_query, query, raw):
        body = _body(raw)
        bad = _errcode(40008, "invalid message type")
        if body is None:
            return _errcode(40035, "invalid json")
        if body.get("msgtype") == "markdown":
            content = (body.get("markdown") or {}).get("content")
            if not isinstance(content, str) or not content:
                return bad
            if len(content.encode()) > 4096:
                return _errcode(40058, "content too long")
        elif body.get("msgtype") == "text":
            text = body.get("text") or {}
            if not isinstance(text.get("content"), str) or not text["content"]:
                return bad
            if len(text["content"].encode()) > 2048:
                return _errcode(40058, "content too long")
            for field in ("mentioned_list", "mentioned_mobile_list"):
                if field in text and not _strings(text[field]):
                    return bad
        else:
            return bad
        return None


class DingTalkReceiver(RobotReceiver):
    """A DingTalk custom robot with signing: /robot/send?access_token=&timestamp=&sign=."""

    kind = "dingtalk"
    endpoint, token_parameter = "/robot/send", "access_token"
    answer_too_fast = _errcode(130101, "send too fast, exceed 20 times per minute")
    answer_wrong_address = _errcode(300001, "token is not exist")

    def check_message(self, raw_query, query, raw):
        if self.secret:
            timestamp = (query.get("timestamp") or [""])[0]
            # The raw parameter, as sent: the documentation has it URL-encoded (a "+"
            # left bare would read as a space).
            raw_sign = dict(
                part.partition("=")[::2] for part in raw_query.split("&")
            ).get("sign", "")
            sign = urllib.parse.unquote(raw_sign)
            if any(c in raw_sign for c in "+/="):
                sign = ""
            expected = base64.b64encode(
                hmac.new(
                    self.secret.encode(),
                    f"{timestamp}\n{self.secret}".encode(),
                    hashlib.sha256,
                ).digest()
            ).decode()
            if (
                not timestamp.isdigit()
                or not self.within_an_hour(int(timestamp) / 1000)
                or not hmac.compare_digest(sign, expected)
            ):
                return _errcode(310000, "sign not match, more: [...]")
        body = _body(raw)
        bad = _errcode(40035, "缺少参数 json")
        if body is None:
            return bad
        if body.get("msgtype") == "markdown":
            markdown = body.get("markdown") or {}
            if not markdown.get("title") or not markdown.get("text"):
                return bad
            text = markdown["text"]
        elif body.get("msgtype") == "text":
            text = (body.get("text") or {}).get("content")
            if not text:
                return bad
        else:
            return _errcode(40035, "不支持的消息类型")
        at = body.get("at") or {}
        for field in ("atMobiles", "atUserIds"):
            if field in at and not _strings(at[field]):
                return bad
        if "isAtAll" in at and not isinstance(at["isAtAll"], bool):
            return bad
        # The documentation: a person is @mentioned only if "@mobile" / "@userid" is
        # in the text too.
        for who in [*at.get("atMobiles", []), *at.get("atUserIds", [])]:
            if f"@{who}" not in text:
                return _errcode(40035, f"@{who} missing from the text")
        return None


class FeishuReceiver(Receiver):
    """A Feishu custom bot with signing: /open-apis/bot/v2/hook/TOKEN; code 0 is success."""

    kind = "feishu"
    address = "/open-apis/bot/v2/hook/{token}"
    answer_ok = _json_answer({"code": 0, "data": {}, "msg": "success"})
    answer_too_fast = _json_answer(
        {"code": 11232, "data": {}, "msg": "frequency limited"}
    )

    def check(self, path, headers, raw):
        if urllib.parse.urlsplit(path).path != self.address.format(token=self.token):
            return _json_answer({"code": 19001, "data": {}, "msg": "param invalid"})
        body = _body(raw)
        if body is None:
            return _json_answer({"code": 9499, "data": {}, "msg": "Bad Request"})
        if self.secret:
            timestamp = body.get("timestamp")
            key = f"{timestamp}\n{self.secret}".encode()
            expected = base64.b64encode(
                hmac.new(key, b"", hashlib.sha256).digest()
            ).decode()
            if (
                not isinstance(timestamp, str)
                or not timestamp.isdigit()
                or not self.within_an_hour(int(timestamp))
                or not hmac.compare_digest(str(body.get("sign")), expected)
            ):
                return _json_answer(
                    {
                        "code": 19021,
                        "data": {},
                        "msg": "sign match fail or timestamp is not within one "
                        "hour from current time",
                    }
                )
        bad = _json_answer({"code": 19002, "data": {}, "msg": "params error"})
        content = body.get("content")
        kind = body.get("msg_type")
        if kind == "text":
            if not isinstance(content, dict) or not content.get("text"):
                return bad
        elif kind == "post":
            post = (content or {}).get("post") if isinstance(content, dict) else None
            if not isinstance(post, dict) or not post:
                return bad
            for language in post.values():
                if not isinstance(language.get("content"), list):
                    return bad
                for row in language["content"]:
                    for element in row:
                        tag = element.get("tag")
                        if tag not in ("text", "a", "at", "img"):
                            return bad
                        if tag == "at" and not element.get("user_id"):
                            return bad
                        if tag == "a" and not element.get("href"):
                            return bad
        elif kind != "interactive":
            return bad
        return None


class SlackReceiver(Receiver):
    """A Slack incoming webhook: /services/T/B/TOKEN; HTTP 200 "ok" is success."""

    kind = "slack"
    address = "/services/T000/B000/{token}"
    answer_ok = 200, "ok", {"Content-Type": "text/html"}
    answer_too_fast = 429, "rate_limited", {"Retry-After": "1"}

    def check(self, path, headers, raw):
        if urllib.parse.urlsplit(path).path != self.address.format(token=self.token):
            return 403, "invalid_token", {}
        body = _body(raw)
        if body is None:
            return 400, "invalid_payload", {}
        if not body.get("text") and not body.get("blocks"):
            return 400, "no_text", {}
        if "blocks" in body and not isinstance(body["blocks"], list):
            return 400, "invalid_blocks", {}
        return None


class WebhookReceiver(Receiver):
    """An endpoint verifying Standard Webhooks signatures; any 2xx is success."""

    kind = "webhook"
    address = "/hooks/leads"
    answer_ok = 204, b"", {}
    answer_too_fast = 429, "Too Many Requests", {"Retry-After": "1"}

    def check(self, path, headers, raw):
        message_id = headers.get("webhook-id")
        timestamp = headers.get("webhook-timestamp")
        signatures = (headers.get("webhook-signature") or "").split()
        if not message_id or not timestamp or not signatures:
            return 400, "missing webhook headers", {}
        if not timestamp.isdigit() or abs(self.clock() - int(timestamp)) > 300:
            return 401, "timestamp too old or too new", {}
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{message_id}.{timestamp}.".encode() + raw
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
        if not any(
            version == "v1" and hmac.compare_digest(value.encode(), expected)
            for version, _, value in (s.partition(",") for s in signatures)
        ):
            return 401, "invalid signature", {}
        body = _body(raw)
        if body is None or not {"type", "timestamp", "data"} <= set(body):
            return 400, "invalid body", {}
        return None


PLATFORMS = (
    WeComReceiver,
    DingTalkReceiver,
    FeishuReceiver,
    SlackReceiver,
    WebhookReceiver,
)


def receiver_for(kind, **options):
    """A new receiver (not started) of the platform that channels of `kind` post to."""
    [platform] = [cls for cls in PLATFORMS if cls.kind == kind]
    return platform(**options)
