#!/usr/bin/env bash
# Starts the DNS peer on 127.0.0.1 without systemd: three dnsmasq processes
#   5300  front server, the one tests query (zone.conf + generated many-mx.conf)
#   5301  upstream: second half of the CNAME loop, unsigned data, REFUSED
#   5302  validating resolver: DNSSEC validation fails, hence SERVFAIL
# and nothing on 5303 (the dead upstream behind timeout.probe.test).
# Idempotent and safe to run concurrently: servers already running are left alone. Pids, logs and
# generated files go to $SMTP_PROBE_PEERS_DIR/dns (default /var/tmp/smtp-probe-peers/dns).
# Stop with stop.sh.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fail() {
  echo "test/peers/dns/start.sh: $*" >&2
  exit 1
}

dnsmasq_bin="$(command -v dnsmasq || true)"
if [ -z "$dnsmasq_bin" ] && [ -x /usr/sbin/dnsmasq ]; then dnsmasq_bin=/usr/sbin/dnsmasq; fi
[ -n "$dnsmasq_bin" ] || fail "dnsmasq is missing; install dnsmasq-base (test/peers/install.sh)"

mkdir -p "$DNS_RUN_DIR"
# One start at a time (test runs may start the peers in parallel).
exec 9>"$DNS_RUN_DIR/start.lock"
flock 9

# hostile scenario 31: 500 MX records for many.probe.test (larger than a UDP answer, so the
# client must retry over TCP), each target resolving through zone.conf's wildcard.
many="$DNS_RUN_DIR/many-mx.conf"
if [ ! -s "$many" ]; then
  for i in $(seq 1 500); do
    printf 'mx-host=many.probe.test,mx-%03d.hosts.many.probe.test,%d\n' "$i" "$i"
  done >"$many.tmp"
  mv "$many.tmp" "$many"
fi

start() { # name, extra conf files...
  local name="$1" pid
  shift
  if pid="$(dns_pid_of "$name")"; then
    echo "$pid" >"$DNS_RUN_DIR/$name.pid" # re-adopt a process whose pid file was lost
    return 0
  fi
  local args=(--pid-file="$DNS_RUN_DIR/$name.pid" --log-facility="$DNS_RUN_DIR/$name.log" --log-queries)
  args+=(--conf-file="$(dns_conf_of "$name")")
  for conf in "$@"; do args+=(--conf-file="$conf"); done
  # As root dnsmasq would switch to "nobody"; stay root so the log and pid files stay writable.
  [ "$(id -u)" -ne 0 ] || args+=(--user=root)
  # dnsmasq binds its port, writes the pid file, then forks: when it returns, it answers.
  "$dnsmasq_bin" "${args[@]}" || fail "dnsmasq ($name) did not start; see $DNS_RUN_DIR/$name.log"
}

start upstream
start validator
start front "$many"

echo "peers: DNS (dnsmasq) on 127.0.0.1:5300, zone probe.test; pids and logs in $DNS_RUN_DIR"
