"""Secure by default: deploy checks, security headers, sessions (sign-in lockout:
test_sign_in.py)."""

import sys

import pytest

from tests.support.processes import run

pytestmark = pytest.mark.django_db


def test_check_deploy_reports_nothing_with_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            "DJANGO_SETTINGS_MODULE": "agency.settings.production",
            "DJANGO_SECRET_KEY": "k3J9-vQ2_xN8pL5wR7tY1uI4oP6aS0dF2gH8jK3lZ5xC7vB9nM1qW4eR6tY8uI0o",
            "DJANGO_ALLOWED_HOSTS": "www.example.com",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/agency",
            "AGENCY_SITE_URL": "https://www.example.com",
        },
        drop=("DJANGO_", "DATABASE_URL"),
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_public_pages_carry_security_headers_and_a_strict_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_public_pages_have_no_inline_script(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " onclick=" not in html


def test_the_editor_gets_inline_script_in_the_admin_only(admin_client):
    response = admin_client.get("/admin/agency/page/add/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


def test_staff_sessions_expire_and_passwords_are_validated(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 60 * 60
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4
