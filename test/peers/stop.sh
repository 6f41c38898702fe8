#!/usr/bin/env bash
# Stops what start.sh started: Postfix, the SASL-only Dovecot instance, and the DNS peer.
# Safe to run when nothing is running. Keeps $RUN_DIR (certificates, password, mailboxes, logs).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
lock_peers

status=0
if [ -f "$PEERS_SRC/dns/stop.sh" ]; then
  bash "$PEERS_SRC/dns/stop.sh" || status=1
fi
if command -v postfix >/dev/null 2>&1 && postfix_running; then
  postfix stop >/dev/null 2>&1 || { echo "test/peers/stop.sh: postfix stop failed" >&2; status=1; }
fi
if command -v dovecot >/dev/null 2>&1 && dovecot_running; then
  dovecot -c "$DOVECOT_CONF" stop || { echo "test/peers/stop.sh: dovecot stop failed" >&2; status=1; }
fi
echo "peers: stopped"
exit "$status"
