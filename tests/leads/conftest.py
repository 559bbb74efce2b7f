import time

import pytest

from leads import spam
from tests.support.receivers import receiver_for
from tests.support.smtp import SmtpServer, free_port


@pytest.fixture
def smtp(settings):
    """Mail goes through the real SMTP backend to a server on loopback (not started)."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.AGENCY_SALES_EMAILS = ["sales@agency.example", "boss@agency.example"]
    yield server
    server.stop()


@pytest.fixture
def receiver():
    """Start the receiver of a channel kind's platform, on loopback (tests/support/
    receivers.py): `receiver(kind, secret=...)`. Each is stopped after the test."""
    started = []

    def start(kind, **options):
        server = receiver_for(kind, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def token():
    """A form token shown long enough ago to pass the minimum fill time."""
    return spam.issue_token(issued_at=time.time() - 60)


@pytest.fixture
def form_data(token):
    def make(**overrides):
        data = {
            "name": "Li Wei",
            "company": "Fresh Foods Ltd",
            "email": "li.wei@freshfoods.example",
            "phone": "+86 138 0013 8000",
            "service": "",
            "budget": "50k_150k",
            "message": "We want a mini program for ordering groceries.",
            "preferred_contact": "any",
            "consent": "on",
            "website": "",
            "token": token,
            "page": "/contact/",
            "article": "",
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def visitors_forms(form_data):
    """The contact forms of `count` different visitors: each its own e-mail address,
    phone number and form token."""

    def make(count):
        return [
            form_data(
                token=spam.issue_token(issued_at=time.time() - 60),
                email=f"visitor{n}@client.example",
                phone=f"+86 139 0000 {n:04d}",
            )
            for n in range(count)
        ]

    return make
