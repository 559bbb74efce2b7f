"""The test suite: always the real PostgreSQL (pytest-django creates test_<name>)."""

from .base import *  # noqa: F403
from .base import database_from_env

DEBUG = False
DATABASES = {"default": database_from_env("postgres://postgres@127.0.0.1:5432/agency")}
# A fresh connection per test keeps thread-based tests honest about their connections.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Never the developer's collected files: tests find static files through the finders.
STATIC_ROOT = BASE_DIR / ".test-static"  # noqa: F405
# Tests see each view's own output; the page cache has tests of its own that turn it on.
AGENCY_PAGE_CACHE = False
# Tasks run where they are queued; tests of the worker start a real one (Redis db 12).
HUEY = {**HUEY, "immediate": True}  # noqa: F405
