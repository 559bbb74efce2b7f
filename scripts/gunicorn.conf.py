"""gunicorn's settings for `make serve` (scripts/serve.sh passes `-c` this file), which
`make bench` also serves both the product and its baselines with.

How many processes. With Redis (REDIS_URL) the cache is shared: two sync workers a core
(WEB_CONCURRENCY overrides). Without it the cache lives in the process, so one process
with threads keeps a single copy.

What the logs keep. A query string can carry personal data: an admin search or export
for someone's e-mail (`/admin/leads/lead/?q=...`), a visitor's own search. So the access
log records the path without its query string (`%(U)s`, not the request line `%(r)s`)
and no Referer (the previous page's address, query included), and gunicorn's own error
lines drop the query of the request they name.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

if os.environ.get("REDIS_URL"):
    workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
    threads = 1
else:
    workers = 1
    threads = 8
timeout = 30

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'


def without_query(value):
    if isinstance(value, str) and "?" in value:
        return value.split("?", 1)[0]
    return value


class PathOnlyLogger(Logger):
    """Error lines name the request by its path only."""

    def error(self, msg, *args, **kwargs):
        super().error(msg, *map(without_query, args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(msg, *map(without_query, args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(msg, *map(without_query, args), **kwargs)


logger_class = PathOnlyLogger
