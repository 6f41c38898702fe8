#!/usr/bin/env bash
# Starts the DNS peer on 127.0.0.1 without systemd: three dnsmasq processes
#   5300  front server, the one tests query (zone.conf + generated many-mx.conf)
#   5301  upstream: second half of the CNAME loop, unsigned data, REFUSED
#   5302  validating resolver: DNSSEC validation fails, hence SERVFAIL
# and nothing on 5303 (the dead upstream behind timeout.probe.test).
# Idempotent: servers already running are left alone. Pids, logs and generated files go to
# $SMTP_PROBE_PEERS_DIR/dns (default /var/tmp/smtp-probe-peers/dns). Stop with stop.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="${SMTP_PROBE_PEERS_DIR:-/var/tmp/smtp-probe-peers}/dns"

fail() {
  echo "test/peers/dns/start.sh: $*" >&2
  exit 1
}

dnsmasq_bin="$(command -v dnsmasq || true)"
[ -n "$dnsmasq_bin" ] || [ ! -x /usr/sbin/dnsmasq ] || dnsmasq_bin=/usr/sbin/dnsmasq
[ -n "$dnsmasq_bin" ] || fail "dnsmasq is missing; install dnsmasq-base (test/peers/install.sh)"

mkdir -p "$run_dir"

# hostile scenario 31: 500 MX records for many.probe.test (larger than a UDP answer, so the
# client must retry over TCP), each target resolving through zone.conf's wildcard.
many="$run_dir/many-mx.conf"
if [ ! -s "$many" ]; then
  for i in $(seq 1 500); do
    printf 'mx-host=many.probe.test,mx-%03d.hosts.many.probe.test,%d\n' "$i" "$i"
  done >"$many.tmp"
  mv "$many.tmp" "$many"
fi

running() { # name -> 0 when its pid file names a live dnsmasq
  local pid_file="$run_dir/$1.pid"
  [ -s "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && grep -q dnsmasq "/proc/$pid/comm" 2>/dev/null
}

start() { # name, conf files...
  local name="$1"
  shift
  if running "$name"; then
    return 0
  fi
  local args=(--pid-file="$run_dir/$name.pid" --log-facility="$run_dir/$name.log" --log-queries)
  for conf in "$@"; do args+=(--conf-file="$conf"); done
  # Root drops to "nobody" by default; keep the invoking user so the log file stays writable.
  [ "$(id -u)" -ne 0 ] || args+=(--user=root)
  : >"$run_dir/$name.log"
  # dnsmasq binds its port, writes the pid file, then forks: when it returns, it answers.
  "$dnsmasq_bin" "${args[@]}" || fail "dnsmasq ($name) did not start; see $run_dir/$name.log"
}

start upstream "$here/upstream.conf"
start validator "$here/validator.conf"
start front "$here/zone.conf" "$many"

echo "peers: DNS (dnsmasq) on 127.0.0.1:5300, zone probe.test; pids and logs in $run_dir"
