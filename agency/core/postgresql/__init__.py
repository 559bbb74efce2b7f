"""Django's PostgreSQL backend, adapted (see `base`), and what callers use of it."""


def fetch_all(connection, sql, params):
    """The rows of `sql` (%s placeholders) run with `params`: a prepared statement of
    the connection where it is this backend (planned once per connection), a plain
    query elsewhere (SQLite, the local demo)."""
    prepared = getattr(connection, "fetch_prepared", None)
    if prepared is not None:
        return prepared(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
