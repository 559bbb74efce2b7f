"""requirements.lock pins, with hashes, every dependency pyproject.toml names."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned():
    text = (ROOT / "requirements.lock").read_text()
    pins = {}
    for match in re.finditer(
        r"^([A-Za-z0-9][\w.-]*)==(\S+) \\\n((?:\s+--hash=\S+.*\n)+)", text, re.M
    ):
        pins[normalise(match.group(1))] = match.group(3).count("--hash=sha256:")
    return pins


def test_every_dependency_is_pinned_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    names = {
        normalise(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in wanted
    }
    pins = pinned()
    assert "django" in pins, "the lock could not be read"
    missing = sorted(name for name in names if name not in pins)
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"
    assert all(count >= 1 for count in pins.values())
