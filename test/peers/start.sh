#!/usr/bin/env bash
# Starts the real peer servers for the integration tests, on 127.0.0.1 only, without systemd:
#   Postfix  25 (STARTTLS optional, no AUTH), 587 (STARTTLS + AUTH required), 465 (implicit TLS + AUTH)
#   Dovecot  as Postfix's SASL backend only (PLAIN, LOGIN, CRAM-MD5)
#   the DNS peer, when test/peers/dns/start.sh exists.
# Idempotent: safe to run twice (a running Postfix/Dovecot is reloaded with the fresh config).
# Generates at first start, in $RUN_DIR: a test CA, a server certificate, the test user's
# password, and writes $RUN_DIR/peer.json, which test/helpers/postfix-peer.ts reads.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fail() {
  echo "test/peers/start.sh: $*" >&2
  for log in "$POSTFIX_LOG" "$DOVECOT_LOG"; do
    if [ -f "$log" ]; then
      echo "--- last lines of $log" >&2
      tail -n 30 "$log" >&2
    fi
  done
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "must run as root (Postfix binds ports 25, 465 and 587)"
lock_peers
for cmd in postfix postconf dovecot doveadm openssl; do
  command -v "$cmd" >/dev/null 2>&1 || fail "$cmd is missing; run test/peers/install.sh first"
done

umask 022
mkdir -p "$RUN_DIR"/{tls,postfix,dovecot/run,log,mail}
chmod 755 "$RUN_DIR"

# --- the mailbox owner: a system user with no login, uid >= 100 for virtual(8) ---
if ! id -u "$MAIL_USER" >/dev/null 2>&1; then
  useradd --system --user-group --no-create-home --home-dir "$RUN_DIR/mail" \
    --shell /usr/sbin/nologin --comment "SMTP Probe test peer mailboxes" "$MAIL_USER"
fi
MAIL_UID="$(id -u "$MAIL_USER")"
MAIL_GID="$(id -g "$MAIL_USER")"
chown "$MAIL_UID:$MAIL_GID" "$RUN_DIR/mail"

# --- TLS: a test CA and a server certificate, made once, remade when about to expire ---
tls="$RUN_DIR/tls"
if [ ! -f "$tls/ca.pem" ] || ! openssl x509 -checkend 86400 -noout -in "$tls/ca.pem" >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
    -keyout "$tls/ca.key" -out "$tls/ca.pem" \
    -subj "/O=SMTP Probe tests/CN=SMTP Probe test peer CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 600 "$tls/ca.key"
  rm -f "$tls/server.pem"
fi
if [ ! -f "$tls/server.pem" ] || ! openssl x509 -checkend 86400 -noout -in "$tls/server.pem" >/dev/null; then
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$tls/server.key" -out "$tls/server.csr" \
    -subj "/O=SMTP Probe tests/CN=$PEER_HOSTNAME" 2>/dev/null
  printf '%s\n' \
    "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth" \
    "subjectAltName=DNS:$PEER_HOSTNAME,DNS:localhost,IP:127.0.0.1" >"$tls/server.ext"
  openssl x509 -req -sha256 -days 397 -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
    -CAcreateserial -extfile "$tls/server.ext" -out "$tls/server.pem" 2>/dev/null
  chmod 600 "$tls/server.key"
  rm -f "$tls/server.csr" "$tls/server.ext"
fi

# --- the test user's password, made once ---
password_file="$RUN_DIR/dovecot/password"
if [ ! -s "$password_file" ]; then
  openssl rand -hex 12 >"$password_file"
  chmod 600 "$password_file"
fi
password="$(cat "$password_file")"
address="$TEST_LOCALPART@$PEER_DOMAIN"

render() { # template -> file, filling in the @NAME@ placeholders
  sed -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@MAIL_UID@|$MAIL_UID|g" -e "s|@MAIL_GID@|$MAIL_GID|g" "$1" | install_if_changed "$2"
}

# Writes stdin to $1 only when the content differs, and notes that a reload is needed then,
# so a second start.sh with nothing changed neither rewrites nor reloads anything.
postfix_changed=0
dovecot_changed=0
install_if_changed() {
  local tmp
  tmp="$(mktemp "$1.XXXXXX")"
  cat >"$tmp"
  if [ -f "$1" ] && cmp -s "$tmp" "$1"; then
    rm -f "$tmp"
  else
    chmod 644 "$tmp"
    mv -f "$tmp" "$1"
    case "$1" in
      "$RUN_DIR"/dovecot/*) dovecot_changed=1 ;;
      *) postfix_changed=1 ;;
    esac
  fi
}

# --- Dovecot: SASL only ---
render "$PEERS_SRC/dovecot/dovecot.conf.in" "$DOVECOT_CONF"
printf '%s:{PLAIN}%s\n' "$address" "$password" | install_if_changed "$RUN_DIR/dovecot/passwd"
chown root:dovecot "$RUN_DIR/dovecot/passwd"
chmod 640 "$RUN_DIR/dovecot/passwd"
touch "$DOVECOT_LOG"
if dovecot_running; then
  if [ "$dovecot_changed" -eq 1 ]; then
    out="$(dovecot -c "$DOVECOT_CONF" reload 2>&1)" || fail "dovecot reload failed: $out"
  fi
else
  # Output to a file, not $(…): the daemon keeps its stdout open, a pipe would never close.
  dovecot -c "$DOVECOT_CONF" >"$RUN_DIR/log/dovecot-start.out" 2>&1 9>&- \
    || fail "dovecot did not start: $(cat "$RUN_DIR/log/dovecot-start.out")"
fi

# --- Postfix: the machine's own instance (/etc/postfix), fully written from our templates ---
printf '%s\t%s\n' "$address" "$PEER_DOMAIN/$TEST_LOCALPART/" "$OUTBOUND_LOCALPART@$PEER_DOMAIN" \
  "$PEER_DOMAIN/$OUTBOUND_LOCALPART/" | install_if_changed "$RUN_DIR/postfix/virtual-mailboxes"
# Every envelope recipient outside the test domain lands in the outbound mailbox (see main.cf.in).
printf '!/@%s$/\t%s\n' "${PEER_DOMAIN//./\\.}" "$OUTBOUND_LOCALPART@$PEER_DOMAIN" | install_if_changed "$RUN_DIR/postfix/outbound-recipients"
printf '%s\t%s\n' "postmaster@$PEER_DOMAIN" "$address" "abuse@$PEER_DOMAIN" "$address" \
  | install_if_changed "$RUN_DIR/postfix/virtual-aliases"
for file in main.cf master.cf; do
  target="/etc/postfix/$file"
  # Keep whatever was there before the first start (Debian's master.cf, or a real config).
  if [ -f "$target" ] && ! grep -q 'Written by test/peers/start.sh' "$target" && [ ! -f "$target.smtp-probe-orig" ]; then
    cp -p "$target" "$target.smtp-probe-orig"
  fi
  render "$PEERS_SRC/postfix/$file.in" "$target"
done
touch "$POSTFIX_LOG"
if postfix_running; then
  if [ "$postfix_changed" -eq 1 ]; then
    out="$(postfix reload 2>&1)" || fail "postfix reload failed: $out"
  fi
else
  # Its messages go to stderr as well as the log file, which needs a running postlogd.
  postfix start >"$RUN_DIR/log/postfix-start.out" 2>&1 9>&- \
    || fail "postfix did not start: $(cat "$RUN_DIR/log/postfix-start.out")"
fi

# --- wait until the ports answer and Dovecot's socket exists ---
port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
deadline=$((SECONDS + 30))
for port in 25 587 465; do
  until port_open "$port"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "nothing accepts connections on 127.0.0.1:$port"
    sleep 0.2
  done
done
until [ -S /var/spool/postfix/private/auth ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "Dovecot's auth socket /var/spool/postfix/private/auth did not appear"
  sleep 0.2
done

# --- what the tests need (test/helpers/postfix-peer.ts) ---
# Written to a temporary file and renamed: another test run may be reading it right now.
cat >"$RUN_DIR/peer.json.tmp" <<JSON
{
  "host": "127.0.0.1",
  "hostname": "$PEER_HOSTNAME",
  "ports": { "smtp": 25, "submission": 587, "smtps": 465 },
  "caFile": "$tls/ca.pem",
  "domain": "$PEER_DOMAIN",
  "user": { "address": "$address", "username": "$address", "password": "$password" },
  "unknownUser": "no-such-user@$PEER_DOMAIN",
  "mailboxDir": "$RUN_DIR/mail/$PEER_DOMAIN/$TEST_LOCALPART",
  "outboundMailboxDir": "$RUN_DIR/mail/$PEER_DOMAIN/$OUTBOUND_LOCALPART",
  "logs": { "postfix": "$POSTFIX_LOG", "dovecot": "$DOVECOT_LOG" }
}
JSON
chmod 644 "$RUN_DIR/peer.json.tmp"
mv -f "$RUN_DIR/peer.json.tmp" "$RUN_DIR/peer.json"
echo "peers: Postfix on 127.0.0.1:25/587/465 (Dovecot SASL), user $address, details in $RUN_DIR/peer.json"

if [ -x "$PEERS_SRC/dns/start.sh" ] || [ -f "$PEERS_SRC/dns/start.sh" ]; then
  bash "$PEERS_SRC/dns/start.sh" 9>&-
fi
