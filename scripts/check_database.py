"""Fail early, and say how to fix it, when the tests' PostgreSQL cannot be reached."""

import os
import sys

import dj_database_url
import psycopg2

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/agency"

url = os.environ.get("DATABASE_URL") or DEFAULT_URL
config = dj_database_url.parse(url)
if "postgresql" not in config["ENGINE"]:
    sys.exit(
        f"DATABASE_URL must name a PostgreSQL database for the tests; it is {url!r}."
    )
try:
    # The server's maintenance database: the test database itself is created by pytest.
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        connect_timeout=5,
    )
except psycopg2.OperationalError as error:
    sys.exit(
        f"Cannot reach PostgreSQL at {url}:\n  {error}\n"
        "The tests need a real PostgreSQL. Start one, or point the tests at yours:\n"
        "  DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/agency make test"
    )

# The named database itself (pytest uses test_<name>; makemigrations --check reads it).
connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
connection.close()
