#!/usr/bin/env bash
# The real servers the tests run on loopback that Python does not bring: Debian's
# Dovecot for the IMAP mailbox sales' replies reach (tests/support/imap.py starts its
# own instance with its own configuration; no system service is used).
set -euo pipefail

as_root() {
  if [ "$(id -u)" = "0" ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

if ! command -v dovecot >/dev/null && [ ! -x /usr/sbin/dovecot ]; then
  echo "Installing Debian's dovecot-imapd for the IMAP tests..."
  if ! { command -v apt-get >/dev/null \
      && as_root apt-get update -qq \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; }; then
    echo "The IMAP tests need Dovecot (Debian/Ubuntu: sudo apt-get install dovecot-imapd)." >&2
    exit 1
  fi
fi
