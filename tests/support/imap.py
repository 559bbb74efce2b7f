"""A real IMAP server on loopback for the tests: Dovecot, run as its own process with a
configuration of its own in a temporary folder (no system service, nothing outside the
folder). One mailbox user, a plain password, Maildir storage.

`make test` installs Debian's dovecot-imapd (scripts/install_test_servers.sh).
"""

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
default_internal_user = {user}
default_login_user = {login_user}
default_internal_group = {group}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def _accounts():
    """Who Dovecot's processes run as: this user, or (as root, which Dovecot refuses
    for logins and mail) the accounts its Debian package made."""
    if os.getuid() != 0:
        me = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(os.getgid()).gr_name
        return {
            "user": me.pw_name,
            "login_user": me.pw_name,
            "group": group,
            "uid": me.pw_uid,
            "gid": me.pw_gid,
            "password": ImapServer.password,
        }
    account = pwd.getpwnam("dovecot")
    return {
        "user": "dovecot",
        "login_user": "dovenull",
        "group": grp.getgrgid(account.pw_gid).gr_name,
        "uid": account.pw_uid,
        "gid": account.pw_gid,
        "password": ImapServer.password,
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ImapServer:
    """Dovecot on 127.0.0.1:`port` with the mailbox `username` / `password`."""

    username = "sales"
    password = "imap-test-password"  # noqa: S105 - a loopback test server's

    def __init__(self):
        # Its own folder under /tmp: as root, Dovecot's processes run as the dovecot
        # user, which must reach it (pytest's tmp_path is private to this user).
        self.root = Path(tempfile.mkdtemp(prefix="agency-imap-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"imap://{self.username}:{self.password}@127.0.0.1:{self.port}/INBOX"

    def start(self):
        for folder in ("run", "state", "mail", "home"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        config = self.root / "dovecot.conf"
        config.write_text(CONFIG.format(root=self.root, port=self.port, **_accounts()))
        if os.getuid() == 0:  # its processes drop to the dovecot user: let it write
            account = pwd.getpwnam("dovecot")
            for path in [self.root, *self.root.rglob("*")]:
                os.chown(path, account.pw_uid, account.pw_gid)
        self.process = subprocess.Popen(  # noqa: S603 - our own config, no shell
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        log = (
            (self.root / "dovecot.log").read_text()
            if (self.root / "dovecot.log").exists()
            else ""
        )
        raise RuntimeError(f"Dovecot did not start: {log[-2000:]}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)

    def deliver(self, message: bytes, mailbox="INBOX"):
        """Put a message in the mailbox as the mail system would (IMAP APPEND)."""
        with imaplib.IMAP4("127.0.0.1", self.port) as client:
            client.login(self.username, self.password)
            status, _ = client.append(mailbox, None, None, message)
            assert status == "OK", status
