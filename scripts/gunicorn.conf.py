"""gunicorn's settings for `make serve` (scripts/serve.sh passes `-c` this file).

What the logs keep. A query string can carry personal data: an admin search or export
for someone's e-mail (`/admin/leads/lead/?q=...`), a visitor's own search. So the access
log records the path without its query string (`%(U)s`, not the request line `%(r)s`)
and no Referer (the previous page's address, query included), and gunicorn's own error
lines drop the query of the request they name.
"""

from gunicorn.glogging import Logger

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
