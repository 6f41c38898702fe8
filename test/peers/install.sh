#!/usr/bin/env bash
# Installs the real peer servers the integration tests talk to (on loopback only):
# Postfix + Dovecot (SASL backend), swaks (reference client), openssl, nftables, iproute2,
# every test/peers/*/packages.txt, and Chromium for the desktop app's end-to-end tests.
# Runs as root, non-interactive and idempotent: when everything is installed it only checks
# with dpkg-query and exits (no `apt-get update`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ "$(id -u)" -ne 0 ]; then
  echo "test/peers/install.sh: must run as root (it installs Debian packages)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# swaks needs Net::SSLeay (only "Recommends") for STARTTLS and implicit TLS.
packages=(postfix dovecot-core swaks libnet-ssleay-perl openssl nftables iproute2 ca-certificates chromium)
for list in "$here"/*/packages.txt; do
  [ -f "$list" ] || continue
  # One package per line; blank lines and # comments are ignored.
  while IFS= read -r line; do
    line="${line%%#*}"
    for word in $line; do packages+=("$word"); done
  done <"$list"
done

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "peers: all packages already installed (${#packages[@]})"
  exit 0
fi

echo "peers: installing ${missing[*]}"
# Postfix's postinst would otherwise ask for a mail configuration type; start.sh configures it.
printf '%s\n' \
  'postfix postfix/main_mailer_type select No configuration' \
  'postfix postfix/mailname string mail.peer.test' | debconf-set-selections

# Another process may hold the dpkg lock (parallel installs on a dev machine); flock serialises
# ours when /tmp/apt.lock is used by convention, and apt's own lock timeout covers the rest.
apt_get() {
  if command -v flock >/dev/null 2>&1; then
    flock /tmp/apt.lock apt-get -o DPkg::Lock::Timeout=300 "$@"
  else
    apt-get -o DPkg::Lock::Timeout=300 "$@"
  fi
}

apt_get update -q
apt_get install -y -q --no-install-recommends "${missing[@]}"
echo "peers: installed"
