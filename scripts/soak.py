"""`make soak`: mixed traffic against the production-style server, then exact checks.

Starts gunicorn (production settings, PostgreSQL database and Redis db of its own) on
loopback, sends page views, view beacons from distinct visitors, likes and contact
submissions from several threads for SOAK_SECONDS, then checks:

- no answer was a 5xx (nor a dropped connection);
- every contact submission that was answered with success is a lead, and no other;
- each article's views went up by exactly the number of distinct visitors whose beacon
  was answered, and its likes by exactly the likes answered;
- the channel burst (issue #18): with a WeCom, DingTalk, Feishu, Slack and signed
  webhook receiver on loopback all down, SOAK_BURST (200) enquiries at once are all
  stored; once the receivers are back, the outbox's sweep announces each exactly once
  per channel, in the order the announcements were written, never more than the
  channel's 20 a minute in any 60 s. The sweep is called with its clock driven 15 s at
  a time (`outbox_send_due(now=...)`), not ten minutes of waiting.

Exit status 0 when all hold. Settings (environment): SOAK_SECONDS (60), SOAK_THREADS (8),
SOAK_PORT (18866), SOAK_DATABASE_URL (postgres://postgres@127.0.0.1:5432/agency_soak),
SOAK_REDIS_URL (redis://127.0.0.1:6379/11), SOAK_WORKERS (CPU count, at most 4),
SOAK_BURST (200; 0 skips the channel burst).
"""

import base64
import datetime
import json
import os
import random
import re
import secrets
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import _server  # scripts/_server.py, beside this file

ROOT = _server.ROOT
SECONDS = float(os.environ.get("SOAK_SECONDS", 60))
THREADS = int(os.environ.get("SOAK_THREADS", 8))
PORT = int(os.environ.get("SOAK_PORT", 18866))
WORKERS = int(os.environ.get("SOAK_WORKERS", min(os.cpu_count() or 2, 4)))
DATABASE_URL = os.environ.get(
    "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/agency_soak"
)
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/11")
BASE = f"http://127.0.0.1:{PORT}"
ARTICLES = 5
BURST = int(os.environ.get("SOAK_BURST", 200))
SEARCHES = ["soak", "article", "mini program", "' OR 1=1 --", "中文"]
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Safari/537.36"
)
ENV = _server.production_env(
    secret_key=os.environ.get("SOAK_SECRET_KEY", "soak-" + "x" * 60),
    database_url=DATABASE_URL,
    site_url=BASE,
    DJANGO_SETTINGS_MODULE="agency.settings.soak",
    REDIS_URL=REDIS_URL,
    AGENCY_LEADS_NOTIFY_AFTER_COMMIT="0",
    **_server.LOAD_TEST,  # no mail server: notifications fail and are retried
)


def manage(*args):
    _server.manage(ENV, *args, timeout=600)


def ensure_database():
    _server.ensure_database(DATABASE_URL)


def setup_django():
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_content():
    """A few published articles and a service; return the articles' slugs."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from agency.site.models import SiteSettings
    from articles.models import Article, Category
    from services.models import Service

    SiteSettings.load()
    author, _ = get_user_model().objects.get_or_create(
        username="soak-author", defaults={"is_staff": True}
    )
    category, _ = Category.objects.get_or_create(slug="soak", defaults={"name": "Soak"})
    Service.objects.get_or_create(
        slug="soak-service", defaults={"name": "Soak service", "summary": "For soak."}
    )
    for number in range(ARTICLES):
        Article.objects.get_or_create(
            slug=f"soak-{number}",
            defaults={
                "title": f"Soak article {number}",
                "author": author,
                "category": category,
                "body": f"<p>Soak article {number}.</p>",
                "status": Article.Status.PUBLISHED,
                "published_at": timezone.now() - timezone.timedelta(minutes=5),
            },
        )
    return [f"soak-{number}" for number in range(ARTICLES)]


def counts(slugs):
    from articles.models import Article
    from leads.models import Lead

    rows = Article.objects.filter(slug__in=slugs).values_list(
        "slug", "view_count", "like_count"
    )
    return (
        {slug: (views, likes) for slug, views, likes in rows},
        Lead.objects.count(),
    )


def start_server(static_root):
    if _server.port_taken(PORT):
        sys.exit(f"Port {PORT} is taken: stop what runs there or set SOAK_PORT.")
    try:
        return _server.start_gunicorn(
            PORT,
            {**ENV, "DJANGO_STATIC_ROOT": static_root},
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
            "--timeout",
            "30",
            start_new_session=True,
        )
    except _server.ServerDidNotStart as error:
        sys.exit(f"The server did not start: {error}")


def collect_static(prefix):
    """Collect the static files into a new temporary folder; return its path."""
    static_root = tempfile.mkdtemp(prefix=prefix)
    _server.collect_static(ENV, static_root)
    return static_root


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Tally:
    """What was sent and what came back, shared by the traffic threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.errors = []
        self.views = Counter()  # slug -> distinct visitors answered
        self.likes = Counter()  # slug -> likes answered
        self.leads = 0

    def status(self, kind, status):
        with self.lock:
            self.statuses[(kind, status)] += 1
            if status >= 500:
                self.errors.append(f"{kind}: {status}")


def request(tally, kind, path, data=None, headers=None):
    """Send one request; return (status, headers, body), recording the answer."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(  # noqa: S310 - loopback only, BASE is ours
        BASE + path,
        data=body,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
    )
    try:
        with OPENER.open(req, timeout=30) as response:
            status, head, content = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, head, content = error.code, error.headers, error.read()
    except OSError as error:
        with tally.lock:
            tally.errors.append(f"{kind}: connection failed ({error})")
        return None, None, b""
    tally.status(kind, status)
    return status, head, content


def page_view(tally, slugs, rng):
    path = rng.choice(
        [
            "/",
            "/articles/",
            f"/articles/{rng.choice(slugs)}/",
            "/services/",
            "/services/soak-service/",
            "/contact/",
            "/search/?" + urllib.parse.urlencode({"q": rng.choice(SEARCHES)}),
        ]
    )
    request(tally, "page", path)


def beacon(tally, slug, visitor):
    status, head, content = request(
        tally, "beacon", f"/articles/{slug}/view/", {}, {"Cookie": f"vid={visitor}"}
    )
    return status, head, content


def view(tally, slugs, rng):
    """A new visitor views an article (its beacon twice: counted once)."""
    slug = rng.choice(slugs)
    visitor = secrets.token_urlsafe(18)
    status, _, _ = beacon(tally, slug, visitor)
    if status == 200:
        with tally.lock:
            tally.views[slug] += 1
    beacon(tally, slug, visitor)


def like(tally, slugs, rng):
    """A new visitor views an article and likes it, with the beacon's CSRF token."""
    slug = rng.choice(slugs)
    visitor = secrets.token_urlsafe(18)
    status, head, content = beacon(tally, slug, visitor)
    if status != 200:
        return
    with tally.lock:
        tally.views[slug] += 1
    token = json.loads(content)["csrf_token"]
    cookie = ""
    for value in head.get_all("Set-Cookie") or []:
        if value.startswith("csrftoken="):
            cookie = value.split(";", 1)[0]
    status, _, content = request(
        tally,
        "like",
        f"/articles/{slug}/like/",
        {},
        {
            "Cookie": f"vid={visitor}; {cookie}",
            "X-CSRFToken": token,
            "Accept": "application/json",
        },
    )
    if status == 200 and json.loads(content).get("liked"):
        with tally.lock:
            tally.likes[slug] += 1


def contact(tally, rng, issue_token):
    number = rng.randrange(10**9)
    status, head, _ = request(
        tally,
        "contact",
        "/contact/",
        {
            "name": f"Soak visitor {number}",
            "company": "Soak Ltd",
            "email": f"soak{number}@example.com",
            "message": "A soak test enquiry.",
            "preferred_contact": "any",
            "consent": "on",
            "token": issue_token(issued_at=time.time() - 60),
        },
    )
    if status == 302 and head["Location"].endswith("/contact/thanks/"):
        with tally.lock:
            tally.leads += 1
    elif status is not None:
        with tally.lock:
            tally.errors.append(f"contact: answered {status}, not the thanks page")


def channel_burst():
    """The burst of issue #18 against chat receivers that are down: (its problems, the
    enquiries answered with success)."""
    from django.utils import timezone

    from leads.arrival import arrivals_dispatch_due
    from leads.models import Delivery, DeliveryAttempt, Lead, NotificationChannel
    from leads.outbox import outbox_send_due
    from leads.spam import issue_token
    from tests.support import receivers as loopback

    receivers = [
        loopback.WeComReceiver(),
        loopback.DingTalkReceiver(secret="SEC" + secrets.token_hex(16)),
        loopback.FeishuReceiver(secret=secrets.token_urlsafe(16)),
        loopback.SlackReceiver(),
        loopback.WebhookReceiver(
            secret="whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
        ),
    ]
    # What the traffic sent is dispatched before these channels exist (the worker may
    # still have a backlog of it): they announce the burst's leads only.
    while arrivals_dispatch_due():
        pass
    channels = {}
    for server in receivers:
        server.start().stop()  # an address where nobody answers
        kind = type(server).__name__.removesuffix("Receiver").lower()
        channels[server] = NotificationChannel.objects.create(
            name=f"soak {kind}", kind=kind, url=server.url, secret=server.secret
        )
    first = Lead.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    tally = Tally()
    rng = random.Random(18)  # noqa: S311 - a traffic mix, not a secret

    def enquiries(count):
        for _ in range(count):
            contact(tally, rng, issue_token)

    shares = [BURST // THREADS + (i < BURST % THREADS) for i in range(THREADS)]
    threads = [threading.Thread(target=enquiries, args=(n,)) for n in shares]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        problems = list(tally.errors)
        leads = list(
            Lead.objects.filter(pk__gt=first).genuine().values_list("pk", flat=True)
        )
        if len(leads) != tally.leads or tally.leads != BURST:
            problems.append(
                f"burst: {BURST} sent, {tally.leads} answered, {len(leads)} stored"
            )
        # The worker's sweep, for any arrival its tasks have not dispatched yet.
        while arrivals_dispatch_due():
            pass
        outbox_send_due()  # every receiver down: tried, refused a connection, waits
        clock = timezone.now() + datetime.timedelta(hours=1)  # every backoff over
        for server in receivers:
            server.clock = lambda: clock.timestamp()
            server.start()
        for _ in range(BURST * 2):
            outbox_send_due(now=clock)
            if not Delivery.objects.filter(
                channel__in=channels.values(), state=Delivery.State.PENDING
            ).exists():
                break
            clock += datetime.timedelta(seconds=15)
        for server, channel in channels.items():
            problems += burst_problems(
                server, channel, leads, Delivery, DeliveryAttempt
            )
        print(
            f"  channel burst: {len(leads)} leads stored with every receiver down, "
            f"{sum(len(s.accepted) for s in receivers)} messages accepted after"
        )
        return problems, tally.leads
    finally:
        for server in receivers:
            server.stop()
        NotificationChannel.objects.filter(
            pk__in=[channel.pk for channel in channels.values()]
        ).delete()


def burst_problems(server, channel, leads, Delivery, DeliveryAttempt):  # noqa: N803
    """What went wrong in one channel: a lead missing, twice, out of order, too fast."""
    kind = channel.kind
    deliveries = Delivery.objects.filter(channel=channel, lead_id__in=leads)
    written = list(
        deliveries.order_by("created_at", "pk").values_list("lead", flat=True)
    )
    if sorted(written) != sorted(leads):
        return [f"{kind}: {len(written)} announcements written for {len(leads)} leads"]
    if kind == "webhook":
        received = [body["data"]["id"] for body in server.accepted]
    else:
        received = [
            int(re.search(r"/leads/lead/(\d+)/change/", text)[1])
            for text in server.texts()
        ]
    problems = []
    if received != written:
        twice = len(received) - len(set(received))
        problems.append(
            f"{kind}: {len(received)} received ({twice} twice) of {len(written)}, "
            f"in order: {received == sorted(received, key=written.index)}"
        )
    times = sorted(
        DeliveryAttempt.objects.filter(delivery__channel=channel).values_list(
            "at", flat=True
        )
    )
    window = datetime.timedelta(seconds=60)
    most = max(
        (sum(1 for t in times if at - window < t <= at) for at in times), default=0
    )
    if most > channel.per_minute:
        problems.append(f"{kind}: {most} attempts in one minute")
    return problems


def traffic(tally, slugs, deadline, seed):
    from leads.spam import issue_token

    rng = random.Random(seed)  # noqa: S311 - a traffic mix, not a secret
    actions = [page_view] * 5 + [view] * 3 + [like] * 1 + ["contact"]
    try:
        while time.monotonic() < deadline:
            action = rng.choice(actions)
            if action == "contact":
                contact(tally, rng, issue_token)
            else:
                action(tally, slugs, rng)
    except Exception as error:  # a client bug must fail the soak, not hide in a thread
        with tally.lock:
            tally.errors.append(f"client thread {seed} stopped: {error!r}")


def main():
    ensure_database()
    setup_django()
    manage("migrate", "--noinput", "-v0")
    static_root = collect_static("soak-static-")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    slugs = ensure_content()
    manage("flush_counters")
    before, leads_before = counts(slugs)

    process = start_server(static_root)
    tally = Tally()
    started = time.monotonic()
    deadline = started + SECONDS
    try:
        threads = [
            threading.Thread(target=traffic, args=(tally, slugs, deadline, seed))
            for seed in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
        burst, burst_leads = channel_burst() if BURST else ([], 0)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    elapsed = time.monotonic() - started

    # Views wait in Redis until the flush worker moves them to PostgreSQL.
    manage("flush_counters")
    after, leads_after = counts(slugs)
    problems = list(tally.errors) + burst
    if leads_after - leads_before != tally.leads + burst_leads:
        problems.append(
            f"leads: {tally.leads} + {burst_leads} answered with success, "
            f"{leads_after - leads_before} stored"
        )
    for slug in slugs:
        views = after[slug][0] - before[slug][0]
        likes = after[slug][1] - before[slug][1]
        if views != tally.views[slug]:
            problems.append(f"{slug}: {tally.views[slug]} views sent, {views} counted")
        if likes != tally.likes[slug]:
            problems.append(f"{slug}: {tally.likes[slug]} likes sent, {likes} counted")

    total = sum(tally.statuses.values())
    print(
        f"soak: {total} requests in {elapsed:.0f} s ({total / elapsed:.0f}/s), "
        f"{WORKERS} workers, {THREADS} client threads"
    )
    for (kind, status), number in sorted(tally.statuses.items()):
        print(f"  {kind:8} {status}: {number}")
    print(
        f"  leads stored {leads_after - leads_before} of "
        f"{tally.leads + burst_leads} accepted; "
        f"views {sum(tally.views.values())} sent; likes {sum(tally.likes.values())} sent"
    )
    return _server.verdict(
        problems, "OK: no 5xx, every lead stored, views and likes exact", most=50
    )


if __name__ == "__main__":
    sys.exit(main())
