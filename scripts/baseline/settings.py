"""The benchmark's baselines: a plain Django project, outside the product.

These are the very settings `django-admin startproject baseline` writes with the Django
installed here (its project template, rendered the same way), then only what serving
needs: DEBUG off, the hosts the benchmark calls, a throwaway SQLite file that no request
opens, and the folder of page bodies the same-bytes view serves (scripts/bench.py fills
it). `make bench` serves it with the same gunicorn settings and worker count as the
product (scripts/gunicorn.conf.py) and divides every row by it, so a ratio says what the
product costs over what Django itself needs. Reading the template rather than a copy of
it keeps the baseline what Django ships, release after release.
"""

import os
import tempfile
from pathlib import Path

import django
from django.conf import project_template
from django.template import Context, Engine


def _startproject_settings():
    template = Path(project_template.__path__[0]) / "project_name" / "settings.py-tpl"
    context = Context(
        {
            "project_name": "baseline",
            "secret_key": "baseline-" + "x" * 50,
            "django_version": django.get_version(),
            "docs_version": "stable",
        },
        autoescape=False,
    )
    return Engine().from_string(template.read_text()).render(context)


exec(_startproject_settings())  # noqa: S102 (Django's own template, read from disk)

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = Path(tempfile.gettempdir()) / "agency-baseline.sqlite3"  # noqa: F821
BASELINE_PAGES = os.environ.get("BASELINE_PAGES", "")
