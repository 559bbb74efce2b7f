#!/usr/bin/env bash
# What the browser tests need: Debian's chromium (Playwright drives it; no browser
# download) and axe-core from the npm registry for the accessibility tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib.sh
. scripts/lib.sh

CHROMIUM="${AGENCY_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "Installing Debian's chromium for the browser tests..."
  if ! apt_install chromium; then
    echo "The browser tests need Chromium at $CHROMIUM." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set AGENCY_CHROMIUM." >&2
    exit 1
  fi
fi

# axe-core, pinned by tests/browser/package-lock.json, into the git-ignored
# tests/browser/node_modules/.
AXE=tests/browser/node_modules/axe-core/axe.min.js
if [ ! -f "$AXE" ]; then
  if command -v npm >/dev/null || { echo "Installing npm for axe-core..." && apt_install npm; }; then
    echo "Installing axe-core for the accessibility tests..."
    npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error
  else
    # No npm here (a Node.js from elsewhere may block Debian's): the locked tarball
    # straight from the npm registry, checked against the lock's integrity hash.
    echo "No npm: fetching the locked axe-core from the npm registry..."
    python3 - <<'PY'
import base64, hashlib, io, json, shutil, tarfile, tempfile, urllib.request
from pathlib import Path

lock = json.loads(Path("tests/browser/package-lock.json").read_text())
for path, package in lock["packages"].items():
    if not path:
        continue
    name = path.removeprefix("node_modules/")
    url = package.get("resolved") or (
        f"https://registry.npmjs.org/{name}/-/{name}-{package['version']}.tgz"
    )
    data = urllib.request.urlopen(url, timeout=60).read()
    algorithm, expected = package["integrity"].split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        raise SystemExit(f"{url} does not match the lock's integrity hash")
    target = Path("tests/browser") / path
    with tempfile.TemporaryDirectory(dir="tests/browser") as unpacked:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(unpacked, filter="data")  # nothing outside it
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        Path(unpacked, "package").rename(target)  # whole, or not at all
PY
  fi
fi

# The Chinese font share posters draw with (AGENCY_POSTER_FONT); the poster tests check
# that Chinese characters come out as glyphs, not boxes.
FONT="${AGENCY_POSTER_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
if [ ! -f "$FONT" ]; then
  echo "Installing Debian's fonts-noto-cjk for share posters..."
  if ! apt_install fonts-noto-cjk; then
    echo "Share posters need a CJK font at $FONT." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk) or set AGENCY_POSTER_FONT." >&2
    exit 1
  fi
fi
