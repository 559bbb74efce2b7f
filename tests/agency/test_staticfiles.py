"""Production's static files storage: each hashed address from the manifest, once."""

import json

import pytest

from agency.core.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {
                "version": "1.1",
                "hash": "abc",
                "paths": {"css/site.css": "css/site.0123456789ab.css"},
            }
        )
    )
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_file_s_hashed_address_is_the_manifest_s_each_time(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"


def test_a_file_the_manifest_lacks_is_an_error_each_time_not_a_remembered_address(
    storage,
):
    for _attempt in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/gone.css")
    assert "css/gone.css" not in storage.urls
