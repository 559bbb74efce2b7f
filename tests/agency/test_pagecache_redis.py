"""The page cache on a real Redis: junk query strings cannot fill it, a full one degrades
to misses, and only the query parameters a page uses make copies of it."""

import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from agency.core.cache import ResilientRedisCache
from agency.core.pagecache import release
from agency.site.models import Page, SiteSettings
from tests.factories import ArticleFactory, PageFactory
from tests.support.caches import use_redis as support_use_redis

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"
PUBLIC_APPS = ("agency", "articles", "services", "leads")


def use_redis(settings, url):
    cache = support_use_redis(settings, url, key_prefix="agency", timeout=0.5)
    settings.AGENCY_PAGE_CACHE = True
    SiteSettings.load()  # created on first use otherwise, which retires the cache
    return cache


@pytest.fixture
def redis_db(settings):
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    use_redis(settings, REDIS_URL)
    yield client
    client.flushdb()


# The key of /about/'s page (this release's, as the tests' client asks for it).
ABOUT = f"agency:page:{release()}:testserver:/about/"


def page_keys(client):
    return sorted(key.decode() for key in client.scan_iter(match="*agency:page:*"))


@pytest.fixture
def content():
    PageFactory(title="About", slug="about", body="<p>About us</p>")
    articles = ArticleFactory.create_batch(14)  # two pages of twelve
    return {"article": articles[0]}


def test_a_thousand_junk_query_strings_leave_a_constant_number_of_pages(
    redis_db, content, settings
):
    """Tracking tags and unknown parameters map to the page's one copy; free text in a
    parameter a page reads makes at most AGENCY_PAGE_CACHE_VARIANTS copies."""
    settings.AGENCY_PAGE_CACHE_VARIANTS = 5
    article_url = content["article"].get_absolute_url()
    paths = ["/about/", "/articles/", article_url, "/search/", "/cases/"]
    visitor = Client()
    for n in range(1000):
        path = paths[n % len(paths)]
        query = [
            f"utm_source=s{n}&utm_campaign=c{n}",
            f"junk{n}=x",
            f"fbclid={n}&gclid={n}",
            f"page={n}",  # a page number where the page reads none: one copy
            f"q=probe-{n}" if path in ("/search/", "/articles/") else f"x={n}",
            f"service=no-such-{n}" if path == "/cases/" else f"y={n}",
        ][n % 6]
        response = visitor.get(f"{path}?{query}")
        assert response.status_code in (200, 404), (path, query)
        assert not re.search(r"junk|utm_|fbclid|[?&;]x=", response.content.decode())
    keys = page_keys(redis_db)
    # One bare copy per path, plus at most 5 per free-text parameter a page reads (q on
    # the search page and on the list, whose pagination links keep it; service on cases).
    assert len(keys) <= len(paths) + 3 * 5, keys
    assert not [key for key in keys if re.search(r"utm_|junk|fbclid|gclid", key)]
    assert not [key for key in keys if "about/?" in key or f"{article_url}?" in key]


def test_a_page_number_is_its_own_copy_and_junk_does_not_change_the_content(
    redis_db, content
):
    first = Client().get("/articles/")
    second = Client().get("/articles/?page=2")
    assert first.status_code == second.status_code == 200
    assert first.content != second.content
    assert Client().get("/articles/?page=2")["X-Page-Cache"] == "HIT"
    assert Client().get("/articles/?page=02&utm_source=x")["X-Page-Cache"] == "HIT"
    junk = Client().get("/articles/?junk=<b>evil</b>&page=2")
    assert junk["X-Page-Cache"] == "HIT"
    assert junk.content == second.content
    assert Client().get("/articles/?utm_medium=email").content == first.content


def test_junk_on_a_miss_renders_the_page_as_without_it(redis_db, content):
    """The view sees only the parameters of the key: pagination links keep no junk,
    whichever request happened to fill the cache."""
    junk = Client().get("/articles/?page=2&evil=payload")
    assert junk["X-Page-Cache"] == "MISS"
    assert "payload" not in junk.content.decode()
    assert "page=1" in junk.content.decode()
    cache.clear()
    clean = Client().get("/articles/?page=2")
    assert clean["X-Page-Cache"] == "MISS"
    assert clean.content == junk.content


def test_the_host_part_of_the_key_is_the_allowed_host(redis_db, content, settings):
    settings.ALLOWED_HOSTS = ["example.com", ".example.org"]
    for host in ("example.com", "EXAMPLE.com:443", "example.com."):
        Client().get("/about/", HTTP_HOST=host)
    for n in range(20):
        Client().get("/about/", HTTP_HOST=f"sub{n}.example.org")
    assert Client().get("/about/", HTTP_HOST="evil.test").status_code == 400
    assert page_keys(redis_db) == [
        f"agency:1:agency:page:{release()}:.example.org:/about/",
        f"agency:1:agency:page:{release()}:example.com:/about/",
    ]


def test_every_query_parameter_a_public_view_reads_is_allowed():
    """A view reading a parameter the page cache does not pass would see it missing."""
    read = set()
    pattern = re.compile(r"""\.GET(?:\.get\(|\[)\s*["']([^"']+)["']""")
    for app in PUBLIC_APPS:
        for source in (ROOT / app).rglob("*.py"):
            if "admin" in source.name or "admin" in source.parts:
                continue
            read |= set(pattern.findall(source.read_text()))
    # The editor's upload dialog is under /ckeditor/, which the page cache never serves.
    read -= {"CKEditorFuncNum"}
    assert read, "the pattern no longer finds the views' reads"
    assert read <= set(django_settings.AGENCY_PAGE_CACHE_QUERY_PARAMS)


# --- A full Redis -----------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def full_redis(settings, tmp_path):
    """A throwaway Redis of our own, to be filled up: noeviction, no persistence."""
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
            "--maxmemory-policy",
            "noeviction",
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _attempt in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        use_redis(settings, f"redis://127.0.0.1:{port}/0")

        def fill():
            used = client.info("memory")["used_memory"]
            client.config_set("maxmemory", used)
            with pytest.raises(redis.exceptions.OutOfMemoryError):
                client.set("one-more", "x" * 10_000)

        yield client, fill
    finally:
        process.terminate()
        process.wait(timeout=10)
        ResilientRedisCache._down_until = 0.0
        ResilientRedisCache._full_logged_until = 0.0


def test_a_full_redis_degrades_to_misses_not_errors(full_redis, content):
    client, fill = full_redis
    page = PageFactory(title="Services note", slug="note", body="<p>First text</p>")
    article_url = content["article"].get_absolute_url()
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    assert Client().get("/about/")["X-Page-Cache"] == "HIT"
    Client().get("/note/")
    fill()
    # What is stored is still served; a new page cannot be stored in Redis (only in
    # this process's own copy, still checked against the generation), and nothing fails.
    assert Client().get("/about/")["X-Page-Cache"] == "HIT"
    for url in ("/", "/articles/", "/articles/?page=2", article_url, "/search/?q=a"):
        for _visit in range(2):
            response = Client().get(url)
            assert response.status_code == 200, url
        assert not [
            key for key in client.scan_iter() if key.decode().endswith(f":{url}")
        ]
    # An edit still shows at once: the generation cannot be raised, so the old copies
    # are deleted instead.
    page.body = "<p>Second text</p>"
    page.save()
    assert "Second text" in Client().get("/note/").content.decode()
    sent = Client().post(
        "/contact/",
        {"name": "Full Redis", "email": "full@example.com", "message": "Hello"},
    )
    assert sent.status_code in (200, 302, 429)


def test_while_one_request_renders_a_changed_page_the_others_get_the_old_copy(
    redis_db, content
):
    """Publishing under load: after a save, the first request renders the page and the
    ones that come meanwhile are served the copy from before, not a render each."""
    from agency.core.pagecache import RENDER_LOCK_PREFIX, generation

    page = Page.objects.get(slug="about")
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    page.body = "<p>Changed</p>"
    page.save()
    # Another request is rendering it now: it holds the lock for the new generation.
    lock = f"{RENDER_LOCK_PREFIX}{generation()}:{ABOUT}"
    cache.add(lock, 1, 30)
    waiting = Client().get("/about/")
    assert waiting["X-Page-Cache"] == "STALE"
    assert "About us" in waiting.content.decode()
    cache.delete(lock)  # that render is done (it stored nothing here)
    # Other pages are being rendered again in every render slot: this one waits, and
    # its visitors get the old copy meanwhile, not a busy worker.
    slots = [f"{RENDER_LOCK_PREFIX}slot:{n}" for n in range(2)]
    for slot in slots:
        cache.add(slot, 1, 30)
    assert Client().get("/about/")["X-Page-Cache"] == "STALE"
    cache.delete(slots[0])  # one is free again: the next request renders
    fresh = Client().get("/about/")
    assert fresh["X-Page-Cache"] == "MISS"
    assert "Changed" in fresh.content.decode()
    assert Client().get("/about/")["X-Page-Cache"] == "HIT"


def test_a_page_past_its_time_is_served_stale_while_one_request_renders_it(
    redis_db, content
):
    """An expiry is no stampede: when a page's time is up (its timeout, a scheduled
    article due), the others get the old copy while one request renders it anew."""
    from agency.core.pagecache import RENDER_LOCK_PREFIX, generation, local_pages

    key = ABOUT
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    stored = cache.get(key)
    cache.set(key, (*stored[:5], time.time() - 1), 60)  # its time is up
    local_pages.clear()
    lock = f"{RENDER_LOCK_PREFIX}{generation()}:{key}"
    cache.add(lock, 1, 30)  # another request is rendering it
    waiting = Client().get("/about/")
    assert waiting["X-Page-Cache"] == "STALE"
    assert "About us" in waiting.content.decode()
    cache.delete(lock)
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    assert Client().get("/about/")["X-Page-Cache"] == "HIT"
    assert cache.get(key)[5] > time.time()


def test_a_page_stored_while_a_request_waited_for_the_lock_is_not_rendered_again(
    redis_db, content, monkeypatch
):
    """Once per change: a request that finds the old copy, then takes the render lock
    just after another process stored the new one, serves that one."""
    from agency.core.pagecache import PageCacheMiddleware, generation, local_pages

    page = Page.objects.get(slug="about")
    Client().get("/about/")
    page.body = "<p>Changed</p>"
    page.save()
    key = ABOUT
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    stored = cache.get(key)
    assert stored[0] == generation()
    page.save()  # a change again; then the new copy is made "elsewhere" ...
    stored = (generation(), *stored[1:])
    local_pages.clear()
    cache.set(key, (generation() - 1, *stored[1:]), 60)  # ... the old one is there
    take = PageCacheMiddleware.render_locks

    def stored_meanwhile(self, page):
        held = take(self, page)
        cache.set(key, stored, 60)  # by the process that held the lock before
        return held

    monkeypatch.setattr(PageCacheMiddleware, "render_locks", stored_meanwhile)
    served = Client().get("/about/")
    assert served["X-Page-Cache"] == "HIT"
    assert "Changed" in served.content.decode()


def test_after_an_erasure_no_copy_from_before_is_served_even_stale(redis_db, content):
    from agency.core.pagecache import RENDER_LOCK_PREFIX, forget_pages, generation

    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    forget_pages()
    cache.add(f"{RENDER_LOCK_PREFIX}{generation()}:{ABOUT}", 1)
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"


def test_a_process_serves_its_own_copy_while_the_generation_is_current(
    redis_db, content
):
    """The hit asks Redis nothing it need not: the page comes from the process's copy
    (here the shared copy is gone) while the generation it was made in is current, and
    a change made by another process (announced through Redis) retires it."""
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    for key in redis_db.scan_iter(match="*agency:page:*"):
        redis_db.delete(key)
    assert Client().get("/about/")["X-Page-Cache"] == "HIT"
    # Another process raises the generation and announces it, as a save there does.
    from agency.core.pagecache import CHANNEL, GENERATION_KEY

    redis_db.incr(f"agency:1:{GENERATION_KEY}")
    redis_db.publish(f"agency:1:{CHANNEL}", b"1")
    deadline = time.monotonic() + 5
    while Client().get("/about/")["X-Page-Cache"] == "HIT":
        assert time.monotonic() < deadline, "the announcement never arrived"
        time.sleep(0.01)


def test_anonymous_pages_tell_a_cdn_how_long_to_keep_them(redis_db, content, client):
    for response in (Client().get("/about/"), Client().get("/about/")):
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=60, stale-while-revalidate=60"
        )
    client.cookies["sessionid"] = "someone"
    assert "public" not in client.get("/about/").get("Cache-Control", "")


def test_a_process_forgets_the_generation_it_knew_once_redis_fails(full_redis, content):
    """While Redis is down nobody can announce a change: what a process knew from the
    announcements is forgotten at its first failed call (and when its subscription
    drops, which may come later), so its own copies are not served on the strength of
    it."""
    from agency.core.pagecache import known

    client, _fill = full_redis
    assert Client().get("/about/")["X-Page-Cache"] == "MISS"
    deadline = time.monotonic() + 5
    while known.numbers is None:  # the subscription confirmed, the numbers read
        assert time.monotonic() < deadline, "never subscribed"
        Client().get("/about/")
        time.sleep(0.01)
    assert Client().get("/about/")["X-Page-Cache"] == "HIT"
    client.shutdown(nosave=True)
    cache.get("anything")  # fails: Redis is gone
    assert known.numbers is None
    response = Client().get("/about/")
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "HIT"
