import pytest


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Tests on the demo content see its files; the others get their own folder."""
    if "demo" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"
