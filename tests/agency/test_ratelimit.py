"""The one rate limiter: atomic, per window, in PostgreSQL, holding no addresses."""

import threading

import pytest
from django.db import connection, transaction

from agency.core import ratelimit
from agency.core.models import RateCounter
from agency.core.ratelimit import address_key, rate_counters_purge, rate_hit
from tests.support.threads import run_together

pytestmark = pytest.mark.django_db


def test_hits_past_the_limit_are_refused_per_key():
    allowed = [
        rate_hit(scope="t", key="1.2.3.4", limit=3, period=60).allowed for _ in range(5)
    ]
    assert allowed == [True, True, True, False, False]
    assert rate_hit(scope="t", key="5.6.7.8", limit=3, period=60).allowed
    assert rate_hit(scope="other", key="1.2.3.4", limit=3, period=60).allowed


def test_a_new_window_starts_when_the_last_one_ended():
    for _ in range(3):
        rate_hit(scope="t", key="k", limit=2, period=60)
    RateCounter.objects.update(window_end=0)
    hit = rate_hit(scope="t", key="k", limit=2, period=60)
    assert (hit.count, hit.allowed) == (1, True)
    assert 55 <= hit.retry_after <= 60


def test_the_table_holds_no_address():
    rate_hit(scope="t", key="203.0.113.9", limit=1, period=60)
    row = RateCounter.objects.get()
    assert "203.0.113.9" not in row.key


def test_ended_windows_are_purged():
    rate_hit(scope="t", key="old", limit=1, period=60)
    rate_hit(scope="t", key="new", limit=1, period=60)
    RateCounter.objects.filter(key=ratelimit.hashed_key("t", "old")).update(
        window_end=0
    )
    assert rate_counters_purge() == 1
    assert RateCounter.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_hit_inside_a_transaction_leaves_the_purge_to_hits_outside(monkeypatch):
    """The contact form counts under its form token's lock: a purge there would hold
    every ended window's row until the enquiry commits."""
    monkeypatch.setattr(ratelimit, "PURGE_EVERY", 1)  # every hit may purge
    rate_hit(scope="t", key="old", limit=1, period=60)
    RateCounter.objects.update(window_end=0)
    with transaction.atomic():
        rate_hit(scope="t", key="new", limit=1, period=60)
    assert RateCounter.objects.count() == 2
    rate_hit(scope="t", key="new", limit=1, period=60)
    assert RateCounter.objects.count() == 1


def test_ipv6_counts_per_64_and_mapped_ipv4_as_ipv4():
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:198.51.100.1") == "198.51.100.1"
    assert address_key("") == "unknown"


@pytest.mark.django_db(transaction=True)
def test_parallel_hits_never_pass_the_limit():
    """40 threads, each with its own connection, hit one key 10 times at once."""
    results, barrier = [], threading.Barrier(40)

    def hammer():
        barrier.wait()
        for _ in range(10):
            results.append(rate_hit(scope="par", key="one", limit=50, period=60).count)

    run_together(hammer, 40, timeout=60)
    # Every hit got its own number: exactly 50 were allowed.
    assert sorted(results) == list(range(1, 401))
    assert sum(count <= 50 for count in results) == 50


def test_the_table_is_unlogged():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = 'core_ratecounter'"
        )
        assert cursor.fetchone()[0] == "u"
