"""/healthz answers 200 when the database answers and 503 when it does not."""

import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_healthz_503_when_database_is_unreachable(client):
    original_port = connection.settings_dict["PORT"]
    connection.close()
    # A port nothing listens on: the real driver fails to connect, as with a dead server.
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"
