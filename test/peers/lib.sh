# Shared by start.sh and stop.sh (sourced, not run). Paths and names of the test peers.
# The runtime directory holds everything generated (certificates, password, mailboxes, logs,
# peer.json); it is not in git. Override with SMTP_PROBE_PEERS_DIR.
PEERS_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${SMTP_PROBE_PEERS_DIR:-/var/tmp/smtp-probe-peers}"
DOVECOT_CONF="$RUN_DIR/dovecot/dovecot.conf"
DOVECOT_PID="$RUN_DIR/dovecot/run/master.pid"
POSTFIX_LOG="$RUN_DIR/log/postfix.log"
DOVECOT_LOG="$RUN_DIR/log/dovecot.log"
MAIL_USER="smtp-probe-mail"
PEER_DOMAIN="peer.test"
PEER_HOSTNAME="mail.peer.test"
TEST_LOCALPART="tester"
# Catch-all for mail submitted to other domains (nothing leaves the machine).
OUTBOUND_LOCALPART="outbound"

dovecot_running() {
  [ -f "$DOVECOT_PID" ] && kill -0 "$(cat "$DOVECOT_PID")" 2>/dev/null
}

# The master's pid file, not `postfix status`: that runs postfix-script and can take seconds.
postfix_running() {
  local pid_file=/var/spool/postfix/pid/master.pid
  [ -f "$pid_file" ] && kill -0 "$(tr -d ' ' <"$pid_file")" 2>/dev/null
}

# start.sh and stop.sh hold this lock, so two test runs starting the peers at once (each
# Vitest globalSetup runs start.sh) do not run `postfix start` or write configs concurrently.
# Daemons started under the lock get fd 9 closed (9>&-), or they would hold it forever.
lock_peers() {
  mkdir -p "$(dirname "$RUN_DIR")"
  exec 9>"$RUN_DIR.lock"
  flock -w 120 9 || { echo "test/peers: could not lock $RUN_DIR.lock within 120 s" >&2; exit 1; }
}
