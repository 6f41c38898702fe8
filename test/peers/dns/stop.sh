#!/usr/bin/env bash
# Stops the DNS peer started by start.sh: its three dnsmasq processes, found by pid file (or by
# their conf file when the pid file was lost). Safe to run when nothing is running.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

status=0
for name in front validator upstream; do
  if pid="$(dns_pid_of "$name")"; then
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
  rm -f "$DNS_RUN_DIR/$name.pid"
done
exit "$status"
