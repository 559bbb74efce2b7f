"""Django's PostgreSQL backend, with a health check that costs no round trip and
statements planned once per connection.

With CONN_HEALTH_CHECKS, Django asks a reused connection `SELECT 1` before the first
query of every request, so that a connection the server dropped (a restart, a failover,
an idle timeout) is replaced instead of failing that request. On this machine the
round trip was about a tenth of an article render with the page cache off.

A server that drops a connection says so on its socket: it sends its goodbye (FATAL:
terminating connection...) and closes it, so the socket becomes readable. A connection
that was used in the last QUIET_SECONDS, is idle outside a transaction and has nothing
waiting on its socket has not been dropped: only then is `SELECT 1` skipped. A
connection idle for longer is asked as Django asks, because what sits between the
application and the database (a NAT gateway, a load balancer, a moved address) may
forget an idle connection without a word to either side and answer the next packet
with a reset: `SELECT 1` meets that reset and the connection is replaced, where the
request's own query would fail. A busy worker, whose connection is never idle that
long, skips the round trip.

`fetch_prepared(sql, params)` (through `agency.core.postgresql.fetch_all`, which falls
back to a plain query on other databases) runs a hot query (the ORM's SQL, written once) as a
prepared statement of the connection: PostgreSQL plans it on its first runs and then
reuses a generic plan, where a plain query is planned again every time (on the article
page with the page cache off, its one query took 0.30 ms, 0.19 ms prepared). A
statement is planned once, for any values (the connection's `plan_cache_mode`, which
only prepared statements read): left to choose, PostgreSQL plans a statement anew for
its values while it guesses that pays, and kept doing so for the article page's
related reading, whose planning costs more than its run. Statements
are prepared with the connection's own cursor, as Django sets a connection up, so they
are not counted as queries; each run is. A run that fails (a migration changed a
column's type under a running worker: "cached plan must not change result type")
forgets the statement, and the next run prepares it again under a new name. Not for a
connection pooler in transaction mode (PgBouncer's), which may hand the next run
another server connection.

ENGINE "agency.core.postgresql" (agency.settings.base picks it for postgres:// URLs).
"""

import itertools
import re
import select
import time

from django.db.backends.postgresql import base
from psycopg2 import extensions

# The ORM's placeholders: %s for a parameter, %% for a percent sign.
_PLACEHOLDER = re.compile(r"%([s%])")
# A connection used this recently, quiet and idle, is taken as alive without asking.
QUIET_SECONDS = 30


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.prepared_statements = {}  # sql -> its statement's name; a new one has none
        self.statement_numbers = itertools.count()
        self.checked_at = time.monotonic()
        return connection

    def init_connection_state(self):
        super().init_connection_state()
        # Set in the session, as Django sets the time zone (a pooler such as PgBouncer
        # refuses settings sent as connection options). plan_cache_mode is read only
        # by prepared statements (ours): each is planned once. JIT compilation is off:
        # this application's queries take milliseconds, and compiling one took about
        # 110 ms (PostgreSQL compiles a query whose estimated cost passes
        # jit_above_cost, as the related-articles statement's plan for any values did
        # at 100k articles; so did queries of the contact form and the article save).
        with self.connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan; SET jit = off")

    def fetch_prepared(self, sql, params):
        """The rows of `sql` (%s placeholders) run with `params`."""
        with self.cursor() as cursor:  # connects, or replaces a dropped connection
            name = self.prepared_statements.get(sql)
            if name is None:
                name = self._prepare(sql, len(params))
            arguments = f" ({', '.join(['%s'] * len(params))})" if params else ""
            try:
                cursor.execute(f"EXECUTE {name}{arguments}", params)
            except Exception:
                self.prepared_statements.pop(sql, None)  # prepared anew next time
                raise
            return cursor.fetchall()

    def _prepare(self, sql, count):
        name = f"agency_{next(self.statement_numbers)}"  # new, also after a failed run
        numbers = iter(range(1, count + 1))
        numbered = _PLACEHOLDER.sub(
            lambda match: f"${next(numbers)}" if match[1] == "s" else "%", sql
        )
        with self.wrap_database_errors, self.connection.cursor() as setup:
            setup.execute(f"PREPARE {name} AS {numbered}")
        self.prepared_statements[sql] = name
        return name

    def close_if_health_check_failed(self):
        if (
            self.connection is None
            or not self.health_check_enabled
            or self.health_check_done
        ):
            return
        now = time.monotonic()
        if now - self.checked_at < QUIET_SECONDS and self.connection_is_quiet():
            self.health_check_done = True
        else:
            super().close_if_health_check_failed()  # SELECT 1; a new connection if not
        self.checked_at = now

    def connection_is_quiet(self):
        """Open, idle outside a transaction, and nothing from the server waiting."""
        connection = self.connection
        try:
            if connection.closed or (
                connection.info.transaction_status != extensions.TRANSACTION_STATUS_IDLE
            ):
                return False
            readable, _writable, _failed = select.select(
                [connection.fileno()], [], [], 0
            )
        except (OSError, ValueError, extensions.InterfaceError):
            return False
        return not readable
