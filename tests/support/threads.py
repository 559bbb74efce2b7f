"""Work done by several threads at the same time, as several web or worker processes
would do it."""

import threading

from django.db import connection


def run_together(target, count, timeout=None):
    """Runs `target` in `count` threads started together, each on a database connection
    of its own (closed when it is done), and waits for them all (each at most
    `timeout` seconds when given)."""

    def run():
        try:
            target()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
