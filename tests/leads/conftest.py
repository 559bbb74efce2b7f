import socket
import time

import pytest
from aiosmtpd.controller import Controller

from leads import spam


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


class SmtpServer:
    """A real SMTP server on loopback that can be stopped and started again."""

    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.inbox.messages


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
