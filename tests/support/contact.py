"""Contact forms sent as visitors send them: many at the same time, each from its own
address, through the whole stack (middleware, view, real PostgreSQL transactions)."""

from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.test import Client


def _send(data, address):
    try:
        return Client().post("/contact/", data, REMOTE_ADDR=address).status_code
    finally:
        connection.close()  # each thread opened a connection of its own


def send_at_once(forms, addresses=None):
    """Posts every form in `forms` to the contact page at the same time, a thread each,
    from `addresses` (by default each from its own); the response status codes."""
    if addresses is None:
        addresses = [f"192.0.2.{n + 1}" for n in range(len(forms))]
    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return list(pool.map(_send, forms, addresses))
