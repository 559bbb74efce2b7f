#!/usr/bin/env bash
# The real servers the tests run on loopback that Python does not bring: Debian's
# Dovecot for the IMAP mailbox sales' replies reach (tests/support/imap.py starts its
# own instance with its own configuration; no system service is used).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v dovecot >/dev/null && [ ! -x /usr/sbin/dovecot ]; then
  echo "Installing Debian's dovecot-imapd for the IMAP tests..."
  if ! apt_install dovecot-imapd; then
    echo "The IMAP tests need Dovecot (Debian/Ubuntu: sudo apt-get install dovecot-imapd)." >&2
    exit 1
  fi
fi
