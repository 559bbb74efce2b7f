"""One at a time across processes: a lock on a key, held until the transaction ends.

`one_at_a_time(space, key)` runs its block in a transaction that no other holder of the
same key runs beside. On PostgreSQL it is a transaction-level advisory lock
(`pg_advisory_xact_lock`), shared by every process and released by commit, rollback or
a lost connection; `space` keeps each caller's keys apart. Without PostgreSQL (the
local SQLite demo, one process) one lock in this process serves every key.

Used where a check and the write it guards must be one step: admin sign-ins per
address (agency.core.admin_login), and the copies of one contact form sent at once
(leads.services.enquiry_receive).
"""

import threading
from contextlib import contextmanager

from django.db import connection, transaction

_local_lock = threading.Lock()


@contextmanager
def one_at_a_time(space: int, key: str):
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [space, key]
                )
            yield
    else:
        with _local_lock, transaction.atomic():
            yield
