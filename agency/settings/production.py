"""Production: refuse to start on a missing secret instead of guessing.

Each setting below comes from the environment; README's "Production" section lists them.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

# AGENCY_SITE_URL: every canonical link, feed, sitemap, QR code and e-mail link is on it;
# a guessed default would point them all at a server that is not this one.
for _name in (
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "AGENCY_SITE_URL",
):
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(
            f"{_name} is not set. Production settings need it from the environment "
            "(see .env.example and the README's Production section)."
        )

_site = urlsplit(os.environ["AGENCY_SITE_URL"].strip())
if _site.scheme not in ("http", "https") or not _site.hostname or _site.query:
    raise ImproperlyConfigured(
        "AGENCY_SITE_URL must be the site's absolute base URL, such as "
        f"https://www.example.com, not {os.environ['AGENCY_SITE_URL']!r}."
    )
SITE_URL = os.environ["AGENCY_SITE_URL"].strip().rstrip("/")

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
DEBUG = False

# Static files: hashed names and compressed copies, served by WhiteNoise with far-future
# cache headers (run `manage.py collectstatic` first).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "agency.core.staticfiles.StaticFilesStorage"},
}

# Templates: the cached loader, so each template is parsed once per process.
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]


# HTTPS. Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django
# trusts its X-Forwarded-Proto; `make serve` turns the redirect off to run on plain HTTP.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
