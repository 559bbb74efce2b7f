"""Sign-in: the lockout counts the account from an address and the address, never the
spelling; strangers cannot lock the owner out; parallel guesses cannot pass the limit;
it holds with the cache down; refused `next=` lands on the admin."""

import threading
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from agency.core.roles import EDITORS, SALES
from tests.factories import EditorFactory, SalesFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-123"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.1"
LOCKED = "Too many failed sign-ins"


def sign_in(client, username, password=PASSWORD, ip=ATTACKER, **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **extra,
    )


def fail(client, username, ip=ATTACKER, **extra):
    return sign_in(client, username, "wrong-password", ip, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


def checked_guesses(**filters):
    """Failed passwords actually checked (refusals while locked out add none)."""
    total = AccessAttempt.objects.filter(**filters).aggregate(
        n=Sum("failures_since_start")
    )
    return total["n"] or 0


def assert_locked_page(response):
    """The admin's sign-in page with the message, as 429: never a bare page."""
    assert response.status_code == 429
    assert "admin/login.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert LOCKED in html
    assert 'class="errornote"' in html
    assert 'name="password"' in html


@pytest.fixture
def limits(settings):
    settings.AGENCY_LOGIN_MAX_FAILURES_PER_USER = 3
    settings.AGENCY_LOGIN_MAX_FAILURES_PER_IP = 6
    return settings


def test_an_account_is_locked_from_the_address_that_guessed(client, limits):
    StaffFactory(username="alice", password=PASSWORD)
    assert fail(client, "alice").status_code == 200
    assert fail(client, "alice").status_code == 200
    assert_locked_page(fail(client, "alice"))
    # Even the right password is refused from there, with the message.
    response = sign_in(client, "alice")
    assert_locked_page(response)
    assert "15 minutes" in response.content.decode()
    assert not signed_in(client)


def test_the_owner_signs_in_from_their_address_while_the_attacker_is_locked(
    client, limits
):
    StaffFactory(username="alice", password=PASSWORD)
    for _ in range(5):
        fail(client, "alice")
    assert_locked_page(sign_in(client, "alice"))
    owner = Client()
    response = sign_in(owner, "alice", ip=OWNER)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in(owner)
    assert owner.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "spellings",
    [
        ["alice ", " alice", "ａｌｉｃｅ"],
        ["ALICE", "Alice\t", "\u3000alice"],
        ["ａｌｉｃｅ ", "alice\u00a0", "\u2003aLiCe"],
    ],
)
def test_every_spelling_of_a_name_counts_for_the_one_account(client, limits, spellings):
    StaffFactory(username="alice", password=PASSWORD)
    for spelling in spellings:
        fail(client, spelling)
    for spelling in ["alice", *spellings]:
        assert_locked_page(sign_in(client, spelling))
    assert not signed_in(client)
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"alice"}


def test_django_signs_those_spellings_in_as_the_same_user(client, limits):
    """The premise of the rule above: each spelling is the account to Django."""
    StaffFactory(username="alice", password=PASSWORD)
    for spelling in ["alice ", " alice", "ａｌｉｃｅ", "\u3000alice"]:
        visitor = Client()
        assert sign_in(visitor, spelling, ip=OWNER).status_code == 302
        assert visitor.session["_auth_user_id"]


def test_one_address_cannot_try_many_accounts(client, limits):
    StaffFactory(username="bob", password=PASSWORD)
    for n in range(6):
        assert fail(client, f"guess{n}").status_code in (200, 429)
    assert_locked_page(sign_in(client, "bob"))
    assert not signed_in(client)
    # Another address is not affected.
    other = Client()
    assert sign_in(other, "bob", ip=OWNER).status_code == 302


def test_below_both_limits_the_right_password_signs_in(client, limits):
    StaffFactory(username="carol", password=PASSWORD)
    fail(client, "carol")
    fail(client, "carol")
    for n in range(3):
        fail(client, f"someone{n}")
    assert sign_in(client, "carol").status_code == 302
    assert signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, limits):
    StaffFactory(username="dave", password=PASSWORD)
    for _ in range(3):
        fail(client, "dave")
    assert_locked_page(sign_in(client, "dave"))
    AccessAttempt.objects.update(
        attempt_time=timezone.now()
        - timedelta(seconds=limits.AGENCY_LOGIN_LOCKOUT_SECONDS + 1)
    )
    assert sign_in(client, "dave").status_code == 302


def test_a_locked_address_adds_no_rows_whatever_it_sends(client, limits):
    """Guesses while locked out are refused without a row each: an address cannot fill
    the table with new user names or user agents."""
    for n in range(6):
        fail(client, f"guess{n}")
    rows = AccessAttempt.objects.count()
    for n in range(40):
        assert_locked_page(fail(client, f"new{n}", HTTP_USER_AGENT=f"agent {n}"))
    assert AccessAttempt.objects.count() == rows
    assert checked_guesses(ip_address=ATTACKER) == 6


def test_the_source_is_the_projects_client_address_behind_a_proxy(client, limits):
    """Behind one proxy, the entry it appended counts; the forgeable ones left of it don't."""
    limits.AGENCY_PROXY_COUNT = 1
    StaffFactory(username="erin", password=PASSWORD)
    for n in range(3):
        fail(
            client, "erin", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, {ATTACKER}"
        )
    response = sign_in(
        client, "erin", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"9.9.9.9, {ATTACKER}"
    )
    assert_locked_page(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    owner = Client()
    response = sign_in(owner, "erin", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=OWNER)
    assert response.status_code == 302


def test_an_ipv6_client_rotating_its_addresses_is_one_source(client, limits):
    StaffFactory(username="frank", password=PASSWORD)
    for n in range(1, 4):
        fail(client, "frank", ip=f"2001:db8:1:2::{n:x}")
    assert_locked_page(sign_in(client, "frank", ip="2001:db8:1:2:ffff::9"))
    # Another subscriber's block is another source.
    assert sign_in(Client(), "frank", ip="2001:db8:1:3::1").status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("accounts", ["one", "many"])
def test_parallel_guesses_cannot_pass_the_limit(settings, accounts):
    """Forty guesses at once from one address, each in its own thread and database
    connection, at one account (limit 5) or at forty (the address's limit, 8): exactly
    the limit of passwords is checked, every other guess is refused."""
    settings.AGENCY_LOGIN_MAX_FAILURES_PER_USER = 5
    settings.AGENCY_LOGIN_MAX_FAILURES_PER_IP = 8
    limit = 5 if accounts == "one" else 8
    # Production's hasher: the password check takes as long as it will for an attacker.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    StaffFactory(username="grace", password=PASSWORD)
    threads = 40
    start = threading.Barrier(threads)
    statuses = []

    def guess(n):
        visitor = Client()
        try:
            start.wait()
            name = "grace" if accounts == "one" else f"grace{n}"
            statuses.append(fail(visitor, name).status_code)
        finally:
            connection.close()

    workers = [threading.Thread(target=guess, args=[n]) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(statuses) == threads
    assert checked_guesses(ip_address=ATTACKER) == limit
    # Below the limit, plain refusals; the guess that reaches it locks, and the rest
    # are told so.
    assert statuses.count(200) == limit - 1
    assert statuses.count(429) == threads - limit + 1


def test_the_lockout_holds_with_the_cache_down(client, limits):
    """The counters live in PostgreSQL: Redis down (nothing listens on port 1) changes
    nothing, neither the lockout nor the owner's sign-in."""
    limits.CACHES = {
        "default": {
            "BACKEND": "agency.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/13",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    cache.set("probe", 1)
    assert cache.get("probe") is None  # the cache really is down
    StaffFactory(username="heidi", password=PASSWORD)
    for _ in range(3):
        fail(client, "heidi")
    assert_locked_page(sign_in(client, "heidi"))
    assert not signed_in(client)
    owner = Client()
    assert sign_in(owner, "heidi", ip=OWNER).status_code == 302
    assert signed_in(owner)


@pytest.mark.parametrize("factory", [EditorFactory, SalesFactory])
def test_editors_and_sales_sign_in_as_before(client, factory):
    user = factory(password=PASSWORD)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil",
        "//evil.example/admin/",
        "/\\evil.example",
        "\\\\evil.example",
        "http:///evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "",
    ],
)
def test_a_refused_next_lands_on_the_admin(client, next_url):
    StaffFactory(username="ivan", password=PASSWORD)
    response = client.post(
        "/admin/login/?next=" + next_url,
        {"username": "ivan", "password": PASSWORD, "next": next_url},
        REMOTE_ADDR=OWNER,
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_a_local_next_is_kept(client):
    StaffFactory(username="judy", password=PASSWORD)
    response = client.post(
        "/admin/login/?next=/admin/auth/user/",
        {"username": "judy", "password": PASSWORD, "next": "/admin/auth/user/"},
        REMOTE_ADDR=OWNER,
    )
    assert response["Location"] == "/admin/auth/user/"


def test_only_superusers_see_the_sign_in_records(client):
    for url in ["/admin/axes/accessattempt/", "/admin/axes/accesslog/"]:
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        assert client.get(url).status_code == 200
        for factory in (EditorFactory, SalesFactory):
            client.force_login(factory())
            assert client.get(url).status_code == 403
            assert "/admin/axes/" not in client.get("/admin/").content.decode()


def test_no_role_holds_a_permission_of_axes():
    for name in (EDITORS, SALES):
        group = Group.objects.get(name=name)
        assert not group.permissions.filter(content_type__app_label="axes").exists()
    assert Permission.objects.filter(content_type__app_label="axes").exists()
