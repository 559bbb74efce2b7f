"""Local development: debug on, mail printed to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# `make run` starts no worker: each counted view is added to its article at once, and a
# task (a lead's e-mail) runs in the request that queues it.
ARTICLES_BUFFER_VIEWS = env_bool("ARTICLES_BUFFER_VIEWS", False)
HUEY = {**HUEY, "immediate": env_bool("AGENCY_TASKS_IMMEDIATE", True)}  # noqa: F405
