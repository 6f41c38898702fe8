# Shared by start.sh and stop.sh (sourced, not run): where the DNS peer keeps its runtime files,
# and how to find its dnsmasq processes.
DNS_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DNS_RUN_DIR="${SMTP_PROBE_PEERS_DIR:-/var/tmp/smtp-probe-peers}/dns"

# The conf file that identifies each of our dnsmasq processes.
dns_conf_of() {
  case "$1" in
    front) echo "$DNS_SRC/zone.conf" ;;
    upstream) echo "$DNS_SRC/upstream.conf" ;;
    validator) echo "$DNS_SRC/validator.conf" ;;
  esac
}

# Prints the pid of our dnsmasq called $1: the one in its pid file, or, when the pid file was lost
# (runtime dir wiped, interrupted start), the dnsmasq whose command line loads our conf file.
dns_pid_of() {
  local name="$1" pid_file="$DNS_RUN_DIR/$1.pid" pid conf
  if [ -s "$pid_file" ]; then
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null && grep -q dnsmasq "/proc/$pid/comm" 2>/dev/null; then
      echo "$pid"
      return 0
    fi
  fi
  conf="$(dns_conf_of "$name")"
  for dir in /proc/[0-9]*; do
    grep -q dnsmasq "$dir/comm" 2>/dev/null || continue
    if tr '\0' '\n' <"$dir/cmdline" 2>/dev/null | grep -qxF -- "--conf-file=$conf"; then
      echo "${dir#/proc/}"
      return 0
    fi
  done
  return 1
}
