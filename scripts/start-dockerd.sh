#!/usr/bin/env bash
# Makes sure a Docker engine answers. When `docker info` fails, starts
#   dockerd --bridge=none --iptables=false --ip-masq=false
# in the background (its own session, logs in $LOCALEMU_DOCKERD_LOG), and waits
# until `docker info` works, at most 60 s. It never creates networks: containers
# run with `--network host` and talk over 127.0.0.1.
#
#   bash scripts/start-dockerd.sh
set -euo pipefail

log_file=${LOCALEMU_DOCKERD_LOG:-/var/log/localemu-dockerd.log}
timeout_s=60

log() { printf 'start-dockerd: %s\n' "$*"; }

if docker info >/dev/null 2>&1; then
  log "a Docker engine is already running"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "dockerd not found (run scripts/install-deps.sh)" >&2
  exit 1
fi

mkdir -p "$(dirname "$log_file")"
log "starting dockerd --bridge=none --iptables=false --ip-masq=false (log: $log_file)"
# setsid + redirected stdio: the daemon outlives this script and holds no pipe of its caller.
setsid dockerd --bridge=none --iptables=false --ip-masq=false </dev/null >>"$log_file" 2>&1 &
pid=$!

for ((i = 0; i < timeout_s * 10; i++)); do
  if docker info >/dev/null 2>&1; then
    log "dockerd (pid $pid) is ready after $((i / 10)).$((i % 10)) s"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    log "dockerd exited early; last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2
    exit 1
  fi
  sleep 0.1
done

log "dockerd did not answer within ${timeout_s} s; last lines of $log_file:" >&2
tail -n 20 "$log_file" >&2
exit 1
