"""The database connection a worker keeps between requests: replaced when the server
dropped it, kept (without a round trip) when it did not."""

import time

import pytest
from django.db import DatabaseError, connection, connections
from django.db.utils import DEFAULT_DB_ALIAS

from agency.core.postgresql.base import QUIET_SECONDS
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept_connection():
    """The default connection as production keeps it: reused, health checked."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True)
    connection.ensure_connection()
    yield connection
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def next_request(conn):
    """What Django does between two requests (request_started/finished)."""
    conn.close_if_unusable_or_obsolete()


def test_a_connection_the_server_dropped_is_replaced_before_the_next_request(
    kept_connection,
):
    Article.objects.count()
    dropped = kept_connection.connection
    pid = dropped.info.backend_pid
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    time.sleep(0.2)  # the server's goodbye reaches the socket

    next_request(kept_connection)
    assert Article.objects.count() == 0  # no OperationalError: a new connection
    assert kept_connection.connection is not dropped
    assert kept_connection.connection.info.backend_pid != pid


def test_a_healthy_connection_is_kept_from_one_request_to_the_next(kept_connection):
    Article.objects.count()
    first = kept_connection.connection
    for _request in range(3):
        next_request(kept_connection)
        assert kept_connection.connection_is_quiet()
        Article.objects.count()
    assert kept_connection.connection is first


def test_a_connection_left_in_a_transaction_is_checked_the_long_way(kept_connection):
    Article.objects.count()
    kept_connection.connection.autocommit = False
    with kept_connection.connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # a transaction begins, and stays open
    assert not kept_connection.connection_is_quiet()
    kept_connection.connection.rollback()
    kept_connection.connection.autocommit = True
    assert kept_connection.connection_is_quiet()


def test_a_prepared_query_answers_as_the_plain_one_on_every_connection():
    ArticleFactory(slug="first", title="100% organic")
    # As the ORM writes SQL for psycopg2: %s for a parameter, %% for a percent sign.
    sql = (
        "SELECT slug, title FROM articles_article "
        "WHERE slug = %s AND title LIKE '100%% %%' AND title <> %s"
    )
    params = ["first", "%s"]
    plain = Article.objects.filter(slug="first").values_list("slug", "title").get()
    for _connection in range(2):
        assert connection.fetch_prepared(sql, params) == [plain]
        assert connection.fetch_prepared(sql, params) == [plain]  # prepared now
        assert len(connection.prepared_statements) == 1
        connection.close()  # the next is a new connection, which has none
    assert connection.fetch_prepared(sql, ["none", "%s"]) == []


def last_query_of(conn):
    """What the server last ran for `conn`, as another connection sees it."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT query FROM pg_stat_activity WHERE pid = %s",
                [conn.connection.info.backend_pid],
            )
            return cursor.fetchone()[0]
    finally:
        other.close()


def test_a_connection_idle_for_long_is_asked_as_django_asks(kept_connection):
    Article.objects.count()
    next_request(kept_connection)
    kept_connection.close_if_health_check_failed()
    assert "COUNT(*)" in last_query_of(kept_connection)  # used recently, quiet: no ask

    # Idle for longer than a box in between may keep a connection it forgets silently.
    kept_connection.checked_at -= QUIET_SECONDS + 1
    next_request(kept_connection)
    kept_connection.close_if_health_check_failed()
    assert last_query_of(kept_connection) == "SELECT 1"


def test_a_prepared_query_whose_result_type_changed_is_prepared_again():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE numbers (n integer)")
        cursor.execute("INSERT INTO numbers VALUES (7)")
    sql = "SELECT n FROM numbers WHERE n = %s"
    assert connection.fetch_prepared(sql, [7]) == [(7,)]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE numbers ALTER n TYPE bigint")
    with pytest.raises(DatabaseError, match="cached plan must not change result type"):
        connection.fetch_prepared(sql, [7])
    assert connection.fetch_prepared(sql, [7]) == [(7,)]  # prepared anew
    assert connection.fetch_prepared("SELECT count(*) FROM numbers", []) == [(1,)]


def test_a_session_plans_prepared_statements_once_and_compiles_nothing():
    # Set in the session, as the time zone is (a pooler refuses connection options).
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
