#!/usr/bin/env bash
# Stops the DNS peer started by start.sh (its three dnsmasq processes, by pid file only).
# Safe to run when nothing is running.
set -euo pipefail

run_dir="${SMTP_PROBE_PEERS_DIR:-/var/tmp/smtp-probe-peers}/dns"
status=0
for name in front validator upstream; do
  pid_file="$run_dir/$name.pid"
  [ -s "$pid_file" ] || continue
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null && grep -q dnsmasq "/proc/$pid/comm" 2>/dev/null; then
    kill "$pid" || status=1
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "test/peers/dns/stop.sh: dnsmasq ($name, pid $pid) did not stop" >&2
      status=1
      continue
    fi
  fi
  rm -f "$pid_file"
done
exit "$status"
