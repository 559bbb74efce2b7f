"""Print, as JSON, what `make bench` measures: real paths of the bench data set and the
number of SQL queries each page runs when nothing is cached.

A scenario's "target" is what the issues ask of it: "hello" and "bytes" at least that
share of the hello-world and same-bytes baselines' requests per second (scripts/bench.py),
"p95"/"p99" at most that many milliseconds. "twin" names the body the same-bytes baseline
sends for the row: rows of one page share it."""

import json
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

# Any value of this cookie bypasses the page cache (see agency.core.pagecache), so the
# "cache off" rows measure the views, with only their widget caches to help.
NO_PAGE_CACHE = "sessionid=bench-no-page-cache"
# The admin save row's CSRF secret, sent as the cookie and, unmasked, in the form.
CSRF_SECRET = "benchbenchbenchbenchbenchbench12"  # noqa: S105 (a bench session's)


def lua_script(name, table, values, *code):
    """Write a wrk Lua script: a table of `values` named `table`, a counter `n`, then
    `code`; return its path."""
    lines = [
        f"local {table} = {{" + ",".join(json.dumps(v) for v in values) + "}",
        "local n = 0",
        *code,
    ]
    path = Path(tempfile.gettempdir()) / f"agency-bench-{name}.lua"
    path.write_text("\n".join(lines))
    return str(path)


class Command(BaseCommand):
    help = "Print the benchmark scenarios as JSON (used by scripts/bench.py)."

    @staticmethod
    def landing_rows(model, target):
        """The demo landing page with a test running: a new visitor each request (a
        version chosen and its cookie set, the copy from the page cache) and a visitor
        who comes back to the variant."""
        page = model.objects.filter(variants__is_running=True).distinct().first()
        if page is None:
            return []
        variant = page.variants.filter(is_running=True).first()
        return [
            {
                "name": "landing page with a test, new visitors (cached)",
                "path": page.get_absolute_url(),
                "twin": "landing",
                "target": target,
            },
            {
                "name": "landing page with a test, returning visitor (cached)",
                "path": page.get_absolute_url(),
                "twin": "landing-variant",
                "headers": [f"Cookie: lp{page.pk}={variant.pk}"],
                "target": target,
            },
        ]

    def handle(self, *args, **options):
        from articles.models import Article
        from leads.models import Lead
        from services.models import LandingPage, Service

        article = Article.objects.published().filter(slug__startswith="bench-").first()
        tag = article.tags.first()
        others = list(
            Article.objects.published()
            .filter(slug__startswith="bench-")
            .exclude(pk=article.pk)
            .order_by("?")
            .only("slug")[:5000]
        )
        service = Service.objects.filter(published=True, parent__isnull=True).first()
        sales_cookie = self.staff_session("bench-sales", "Sales")
        self.speed_to_lead()
        editor_cookie = self.staff_session("bench-editor", "Editors")
        saved = (
            Article.objects.published()
            .filter(slug__startswith="bench-")
            .exclude(pk=article.pk)
            .order_by("pk")
            .first()
        )
        # A page-cache hit: at the cost of sending the same bytes from a bare view.
        cached = {"bytes": 0.9, "p99": 15}
        scenarios = [
            {
                "name": "home (cached)",
                "path": "/",
                "twin": "home",
                "target": cached,
            },
            {
                "name": "article (cached)",
                "path": article.get_absolute_url(),
                "twin": "article",
                "target": cached,
            },
            {
                "name": "article (page cache off)",
                "path": article.get_absolute_url(),
                "twin": "article",
                "headers": [f"Cookie: {NO_PAGE_CACHE}"],
                "target": {"hello": 0.25},
            },
            {
                # Another article each request: its own fragments are cold (the shared
                # header, footer and sidebar stay warm), as right after content changes.
                "name": "article, another each time (page cache off)",
                "path": others[-1].get_absolute_url(),
                "headers": [f"Cookie: {NO_PAGE_CACHE}"],
                "twin": "article-other",
                "script": self.rotating_script("articles", others),
                "cold": True,
                "target": {"hello": 0.06},
            },
            *self.landing_rows(LandingPage, cached),
            {
                "name": "article list (cached)",
                "path": "/articles/",
                "twin": "list",
                "target": cached,
            },
            {
                "name": "article list (page cache off)",
                "path": "/articles/",
                "twin": "list",
                "headers": [f"Cookie: {NO_PAGE_CACHE}"],
            },
            {
                "name": "tag page (cached)",
                "path": f"/articles/tag/{tag.slug}/",
                "twin": "tag",
                "target": cached,
            },
            {
                "name": "search (page cache off)",
                "twin": "search",
                "path": "/search/?" + urlencode({"q": "mini program wechat"}),
                "headers": [f"Cookie: {NO_PAGE_CACHE}"],
                "target": {"p95": 50},
                # Latency targets: fewer connections than workers: no request queues.
                "connections": 2,
            },
            {
                "name": "service page (cached)",
                "path": service.get_absolute_url(),
                "twin": "service",
                "target": cached,
            },
            {
                "name": "admin leads list (sales)",
                "twin": "admin-leads",
                "path": f"/{settings.AGENCY_ADMIN_URL}leads/lead/",
                "headers": [f"Cookie: {sales_cookie}"],
                "target": {"p95": 300},
                "connections": 2,
            },
            {
                # #19: the pipeline board over every bench lead: six columns' counts and
                # totals in one grouped query, a page of cards each.
                "name": "admin lead board (sales)",
                "twin": "admin-board",
                "path": f"/{settings.AGENCY_ADMIN_URL}leads/lead/board/",
                "headers": [f"Cookie: {sales_cookie}"],
                "target": {"p95": 300},
                "connections": 2,
            },
            {
                # #18: the channels a team would configure and a rule assign each
                # enquiry, their receivers down as the mail server is.
                "name": "contact submission (mail and 5 chat channels down, assigned)",
                "path": "/contact/",
                "twin": "contact-redirect",
                "method": "POST",
                "script": self.contact_script(service),
                "target": {"p95": 50},
                "connections": 2,
            },
            {
                # Last: every save retires the cached pages (and keeps a revision).
                "name": "admin article save (editor)",
                "path": f"/{settings.AGENCY_ADMIN_URL}articles/article/{saved.pk}/change/",
                "twin": "admin-save-redirect",
                "method": "POST",
                "headers": [f"Cookie: {editor_cookie}; csrftoken={CSRF_SECRET}"],
                "script": self.admin_save_script(saved),
                "target": {"p95": 100},
                "connections": 2,
            },
        ]
        for scenario in scenarios:
            scenario["queries"] = self.count_queries(scenario)
        data = (
            f"{Article.objects.count():,} articles, "
            f"{Article.tags.through.objects.count():,} tag links, "
            f"{Lead.objects.count():,} leads"
        )
        # Publishing under load: these pages (and home and the list), cached.
        capacity = {
            "paths": [
                article.get_absolute_url(),
                f"/articles/tag/{tag.slug}/",
                service.get_absolute_url(),
            ]
        }
        # Worker memory: anonymous visits over many different pages.
        memory = {
            "name": "worker memory",
            "path": others[0].get_absolute_url(),
            "script": self.rotating_script("memory", others[:500]),
        }
        plan = {"scenarios": scenarios, "data": data, "capacity": capacity}
        self.stdout.write(json.dumps({**plan, "memory": memory}))

    def staff_session(self, username, group):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        if created:
            user.groups.add(Group.objects.get(name=group))
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def speed_to_lead(self):
        """What sales set up for speed to lead (#18), so the contact row pays for it:
        a rule assigning every enquiry to the bench salesperson, and one channel of each
        chat kind announcing new and assigned leads, all to a closed port (down)."""
        from leads.models import AssignmentRule, NotificationChannel

        rule, _ = AssignmentRule.objects.get_or_create(
            name="bench: everyone", defaults={"weekdays": []}
        )
        rule.members.set(get_user_model().objects.filter(username="bench-sales"))
        for kind in ("wecom", "dingtalk", "feishu", "slack", "webhook"):
            NotificationChannel.objects.get_or_create(
                name=f"bench: {kind}",
                defaults={
                    "kind": kind,
                    "url": f"http://127.0.0.1:1/{kind}",
                    "secret": "whsec_YmVuY2gtc2VjcmV0" if kind == "webhook" else "",
                    "events": ["new_lead", "assigned"],
                },
            )

    def contact_script(self, service):
        """A wrk Lua script posting the contact form, each request with its own token."""
        from leads import spam

        shown = time.time() - 60  # shown a minute ago: past the minimum fill time
        tokens = [spam.issue_token(issued_at=shown) for _ in range(20000)]
        return lua_script(
            "contact",
            "tokens",
            tokens,
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            "request = function()",
            "  n = n % #tokens + 1",
            "  local body = "
            + json.dumps(
                urlencode(
                    {
                        "name": "Bench Visitor",
                        "email": "bench@example.com",
                        "service": service.slug,
                        "message": "We would like a mini program for our shop.",
                        "preferred_contact": "email",
                        "consent": "on",
                    }
                )
                + "&token="
            ),
            "  return wrk.format(nil, nil, nil, body .. tokens[n])",
            "end",
        )

    def admin_save_script(self, article):
        """A wrk Lua script saving an article's change form as its editor does (the
        same values each time; without the form's edit version, so each is a save)."""
        when = timezone.localtime(article.published_at)
        data = {
            "csrfmiddlewaretoken": CSRF_SECRET,
            "title": article.title,
            "slug": article.slug,
            "category": article.category_id,
            "tags": ", ".join(article.tags.names()),
            "excerpt": article.excerpt,
            "body": article.body,
            "status": article.status,
            "published_at_0": when.strftime("%Y-%m-%d"),
            "published_at_1": when.strftime("%H:%M:%S"),
            "author": article.author_id,
            "seo_title": article.seo_title,
            "seo_description": article.seo_description,
            **({"featured": "on"} if article.featured else {}),
        }
        return lua_script(
            "admin-save",
            "bodies",
            [urlencode(data)],
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            "request = function()",
            "  return wrk.format(nil, nil, nil, bodies[1])",
            "end",
        )

    def rotating_script(self, name, articles):
        """A wrk Lua script that asks for another of these articles each request."""
        return lua_script(
            name,
            "paths",
            [article.get_absolute_url() for article in articles],
            "request = function()",
            "  n = n % #paths + 1",
            "  return wrk.format(nil, paths[n])",
            "end",
        )

    def count_queries(self, scenario):
        if "script" in scenario and not scenario.get("cold"):
            return ""
        client = Client(HTTP_HOST="127.0.0.1")
        for header in scenario.get("headers", []):
            name, value = header.split(": ", 1)
            if name == "Cookie":
                for part in value.split("; "):
                    key, val = part.split("=", 1)
                    client.cookies[key] = val
        # Queries the view runs (page cache off, widget caches warm unless the row is
        # "cold"); a page-cache hit runs none.
        with override_settings(AGENCY_PAGE_CACHE=False):
            if not scenario.get("cold"):
                client.get(scenario["path"])  # warm the widget caches, as wrk's warm-up
            with CaptureQueriesContext(connection) as queries:
                response = client.get(scenario["path"])
        assert response.status_code == 200, (scenario["path"], response.status_code)
        cache.close()
        return len(queries)
