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
  if ! command -v npm >/dev/null; then
    echo "Installing npm for axe-core..."
    if ! apt_install npm; then
      echo "The accessibility tests need axe-core, installed with npm." >&2
      echo "Install npm (Debian/Ubuntu: sudo apt-get install npm) and run make browser." >&2
      exit 1
    fi
  fi
  echo "Installing axe-core for the accessibility tests..."
  npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error
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
