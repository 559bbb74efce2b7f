# Shell functions the install scripts share; sourced, not run.

# Runs a command as root: directly when already root, through sudo when it needs no
# password; fails otherwise.
as_root() {
  if [ "$(id -u)" = "0" ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

# Installs Debian packages quietly; fails where there is no apt-get or no root.
apt_install() {
  command -v apt-get >/dev/null || return 1
  as_root apt-get update -qq || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
